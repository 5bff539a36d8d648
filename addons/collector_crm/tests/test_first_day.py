"""#17: the screens a gallery advisor opens first, as the advisor (or the manager) with their own groups.

- Point 1: the collector has a form of its own (Gallery > Collectors), the profile first and the
  advisor's actions in the header, one button per figure; the generic contact form keeps Odoo's.
- Point 2: the log-interaction dialog takes the artworks discussed.
- Point 3: only available works are recommended; the viewing room words each state.
- Point 4: "why this work" is prefilled from the matcher's reasons, in the user's language.
- Point 5: years are shown without thousands separators.
- Point 6: the advisor gives a discount (the approval reviews it) without Sales' "Discounts" setting.
"""

from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CollectorCommon, CollectorFixtures
from .test_roles import form_spec

ADVISOR = "collector_crm.group_collector_advisor"
MANAGER = "collector_crm.group_collector_manager"
PROFILE_VIEW = "collector_crm.res_partner_view_form_collector_profile"


@tagged("post_install", "-at_install")
class TestAdvisorFirstDay(CollectorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["collector_crm"], ["zh_CN"])
        cls.role_advisor = new_test_user(cls.env, login="fd_advisor", name="First Day Advisor", groups=ADVISOR)
        cls.role_advisor_zh = new_test_user(cls.env, login="fd_advisor_zh", name="顾问林", groups=ADVISOR, lang="zh_CN")
        cls.role_manager = new_test_user(cls.env, login="fd_manager", name="First Day Manager", groups=MANAGER)
        cls.seller = new_test_user(cls.env, login="fd_seller", groups="sales_team.group_sale_salesman")
        cls.artwork = cls._artwork("FD Autumn Hills", cls.artist_wu, cls.cat_ink, 300000, medium=cls.medium_paper)
        cls.collector = cls._collector(
            "FD Madame Wu",
            cls.role_advisor,
            level="core",
            interests=[{"interest_type": "artist", "artist_id": cls.artist_wu.id, "weight": 9}],
            budget=(100000, 500000),
        )

    # ---------------------------------------------------------------- point 1: the collector's form
    def _arch(self, env, view_id=False, model="res.partner"):
        return etree.fromstring(env[model].get_views([(view_id, "form")])["views"]["form"]["arch"])

    def test_collectors_open_in_their_own_form_profile_first(self):
        for user in (self.role_advisor, self.role_manager):
            with self.subTest(user=user.login):
                env = self.env(user=user)
                action = env["ir.actions.actions"]._for_xml_id("collector_crm.res_partner_action_collectors")
                form_view = next(view_id for view_id, mode in action["views"] if mode == "form")
                self.assertEqual(form_view, self.env.ref(PROFILE_VIEW).id)
                arch = self._arch(env, form_view)
                pages = [page.get("name") for page in arch.iter("page")]
                self.assertEqual(pages[:5], ["interests", "collection", "relations", "interactions", "recommendations"])
                header = [button.get("name") for button in arch.find("header").iter("button")]
                self.assertEqual(header[:2], ["action_log_interaction", "action_collector_recommend"])
                box = arch.xpath("//div[@name='button_box']/button")
                self.assertEqual(box[0].get("name"), "action_collector_matches")
                labels = [field.get("string") for button in box for field in button.iter("field")]
                self.assertEqual(len(labels), len(set(labels)), f"one button per figure: {labels}")
                # the web client folds buttons past 4 (medium screens) or 5 (laptops) under "More"
                self.assertLessEqual(len(box), 4)

    def test_advisor_fills_a_collector_in_the_collectors_form(self):
        env = self.env(user=self.role_advisor)
        action = env["ir.actions.actions"]._for_xml_id("collector_crm.res_partner_action_collectors")
        context = safe_eval(action["context"], {"uid": env.uid})
        with Form(env["res.partner"].with_context(**context), view=PROFILE_VIEW) as form:
            form.name = "FD New Collector"
            form.collector_level = "potential"
            form.budget_min = 50000
            form.budget_max = 800000
            with form.collector_interest_ids.new() as interest:
                interest.interest_type = "artist"
                interest.artist_id = self.artist_zao
                interest.weight = 7
        partner = form.record
        self.assertEqual(partner.user_id, self.role_advisor, "the advisor's own collector")
        self.assertEqual(partner.sudo().collector_private_ids.budget_max, 800000)
        self.assertEqual(partner.sudo().collector_interest_ids.artist_id, self.artist_zao)

    def test_generic_contact_form_stays_odoos_for_other_users(self):
        arch = etree.tostring(self._arch(self.env(user=self.seller)), encoding="unicode")
        for name in ("is_collector", "collector_level", "action_collector_purchases", "action_open_collector_profile"):
            self.assertNotIn(f'name="{name}"', arch)
        # the gallery's roles get one button to the collector's form, no second "Purchases" or "Relations"
        arch = self._arch(self.env(user=self.role_advisor))
        names = [button.get("name") for button in arch.xpath("//div[@name='button_box']/button")]
        self.assertIn("action_open_collector_profile", names)
        self.assertNotIn("action_collector_purchases", names)
        self.assertNotIn("action_collector_graph", names)
        self.assertFalse(arch.xpath("//page[@name='collector']"))

    # ---------------------------------------------------------------- point 2: artworks in the log dialog
    def test_log_interaction_dialog_takes_the_artworks(self):
        collector = self.collector.with_user(self.role_advisor)
        match = self.env["collector.match"].create(
            {"partner_id": self.collector.id, "artwork_id": self.artwork.id, "score": 9}
        )
        action = collector.action_log_interaction()
        Log = self.env["customer.interaction.log"].with_user(self.role_advisor).with_context(**action["context"])
        with Form(Log) as dialog:
            dialog.interaction_type = "visit"
            dialog.name = "Gallery visit"
            dialog.artwork_ids.add(self.artwork)
            dialog.artwork_role = "shown"
        dialog.record.action_log()
        interaction = self.collector.interaction_ids.filtered(lambda i: i.name == "Gallery visit")
        self.assertEqual(interaction.artwork_ids, self.artwork)
        self.assertEqual(interaction.artwork_role, "shown")
        self.assertEqual(match.state, "shown", "the artwork shown moves its match")

    def test_log_interaction_dialog_of_a_collector_names_the_collector(self):
        """Opened from a collector the dialog says 藏家 (collector) where it said 客户 (customer)."""
        action = self.collector.with_user(self.role_advisor).action_log_interaction()
        view = self.env.ref("collector_crm.customer_interaction_log_view_form_collector")
        self.assertEqual(action["views"], [(view.id, "form")])
        env = self.env(user=self.role_advisor, context={"lang": "zh_CN", **action["context"]})
        arch = self._arch(env, view.id, model="customer.interaction.log")
        self.assertEqual(arch.xpath("//field[@name='partner_id']")[0].get("string"), "藏家")
        self.assertTrue(arch.xpath("//field[@name='artwork_ids']"), "the gallery's artworks field stays")
        # a customer who is not a collector keeps the generic dialog
        customer = self.env["res.partner"].create({"name": "FD Walk-in"})
        self.assertNotIn("views", customer.action_log_interaction())

    # ---------------------------------------------------------------- point 3: available works only
    def test_only_available_works_are_recommended(self):
        not_in_stock = self._artwork("FD Still Crated", self.artist_wu, self.cat_ink, 200000, stock=False)
        Reco = self.env["collector.recommendation"].with_user(self.role_advisor)
        with self.assertRaisesRegex(ValidationError, "FD Still Crated"), self.env.cr.savepoint():
            Reco.create(
                {"partner_id": self.collector.id, "line_ids": [Command.create({"artwork_id": not_in_stock.id})]}
            )
        reco = Reco.create(
            {"partner_id": self.collector.id, "line_ids": [Command.create({"artwork_id": self.artwork.id})]}
        )
        with self.assertRaisesRegex(ValidationError, "只能推荐可售作品"), self.env.cr.savepoint():
            reco.with_context(lang="zh_CN").write({"line_ids": [Command.create({"artwork_id": not_in_stock.id})]})
        self.assertEqual(reco.line_ids.artwork_id, self.artwork)
        self.assertEqual(reco.line_ids.availability, "available")

    # ---------------------------------------------------------------- point 4: why this work
    def test_why_this_work_is_prefilled_from_the_match_reasons_in_the_users_language(self):
        collector = self._collector(
            "FD Mr Lin",
            self.role_advisor_zh,
            level="core",
            interests=[{"interest_type": "artist", "artist_id": self.artist_wu.id, "weight": 9}],
            budget=(100000, 500000),
        )
        reco = (
            self.env["collector.recommendation"]
            .with_user(self.role_advisor_zh)
            .with_context(lang="zh_CN")
            .create({"partner_id": collector.id, "line_ids": [Command.create({"artwork_id": self.artwork.id})]})
        )
        note = reco.line_ids.note
        self.assertIn("对其艺术家感兴趣", note)
        self.assertIn("价格在预算内", note)
        for raw in ("interest:", "budget_fits", "artist,", "level", "藏家级别"):
            self.assertNotIn(raw, note)
        # what the advisor writes stays
        line = reco.line_ids
        line.note = "A quiet work for the study"
        self.assertEqual(line.note, "A quiet work for the study")

    # ---------------------------------------------------------------- point 5: years
    def test_years_have_no_thousands_separator(self):
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "collector_crm"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        checked = 0
        for view in views.filtered(lambda v: v.type in ("form", "list", "kanban")):
            for node in etree.fromstring(view.arch_db or "<x/>").iter("field"):
                if node.get("name") in ("year", "year_end") or (node.get("name") or "").endswith("_year"):
                    options = safe_eval(node.get("options") or "{}", {"false": False, "true": True})
                    self.assertIs(options.get("enable_formatting"), False, f"{view.name}: {etree.tostring(node)}")
                    checked += 1
        self.assertTrue(checked)

    # ---------------------------------------------------------------- events: the private event's form
    def test_advisor_opens_a_private_event(self):
        """The advisors plan the gallery's private events (Gallery > Collectors > Private Events): the
        event's form reads (its questions, tickets, registrations) for the advisor and the manager."""
        event = self.env["event.event"].create(
            {
                "name": "FD Studio visit",
                "is_collector_event": True,
                "date_begin": fields.Datetime.now() + timedelta(days=5),
                "date_end": fields.Datetime.now() + timedelta(days=5, hours=2),
            }
        )
        for user in (self.role_advisor, self.role_manager):
            with self.subTest(user=user.login):
                env = self.env(user=user)
                values = event.with_env(env).web_read(form_spec(env, "event.event"))
                self.assertEqual(values[0]["name"], "FD Studio visit")
                with Form(env["event.event"].with_context(default_is_collector_event=True)) as form:
                    form.name = "FD Dinner"
                    form.date_begin = fields.Datetime.now() + timedelta(days=9)
                    form.date_end = fields.Datetime.now() + timedelta(days=9, hours=3)
                self.assertTrue(form.record.is_collector_event)

    def test_private_events_cards_name_attendees_in_chinese(self):
        """The private events' cards (Odoo's event kanban): the attendees' icon is titled in Chinese
        (event's own zh_CN leaves it English; collector_crm's i18n_extra translates it)."""
        self.env["ir.module.module"]._load_module_terms(["event", "collector_crm"], ["zh_CN"])
        env = self.env(user=self.role_advisor_zh, context={"lang": "zh_CN"})
        action = env["ir.actions.actions"]._for_xml_id("collector_crm.event_event_action_collector")
        self.assertIn("kanban", action["view_mode"])
        arch = env["event.event"].get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        self.assertIn('title="参会者"', arch)
        self.assertNotIn('title="Attendees"', arch)

    def test_recommendations_have_cards_for_a_phone(self):
        """On a phone the recommendations open as cards (the action's mobile view is its kanban),
        in the advisor's language."""
        env = self.env(user=self.role_advisor_zh, context={"lang": "zh_CN"})
        action = env["ir.actions.actions"]._for_xml_id("collector_crm.collector_recommendation_action")
        self.assertIn("kanban", action["view_mode"].split(","))
        self.assertEqual(action["mobile_view_mode"], "kanban")
        arch = etree.fromstring(
            env["collector.recommendation"].get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        )
        shown = {node.get("name") for node in arch.iter("field")}
        self.assertTrue({"name", "partner_id", "state", "artwork_count", "expiry_date", "user_id"} <= shown)
        self.assertEqual(sorted(node.get("title") for node in arch.iter("i")), ["作品", "私人展厅开放至"])

    def test_demo_creation_lines_read_chinese(self):
        """The demo's records start their chatter with "… created" in Chinese (the demo is loaded in
        the installer's English: "Contact created" read English in zh_CN)."""
        self.env["ir.module.module"]._load_module_terms(["base", "mail"], ["zh_CN"])
        # as the demo's loader creates it: logged, in English
        partner = (
            self.env["res.partner"]
            .with_context(lang="en_US", mail_create_nolog=False, tracking_disable=False)
            .create({"name": "FD Demo Collector"})
        )
        self.env["ir.model.data"].create(
            {"module": "collector_crm", "name": "fd_demo_collector", "model": "res.partner", "res_id": partner.id}
        )
        created = partner.message_ids.filtered(lambda m: m.message_type == "notification")
        self.assertEqual(str(created.body), "<p>Contact created</p>")
        chinese = partner.with_context(lang="zh_CN")._creation_message()
        self.assertNotEqual(chinese, "Contact created", "the database has the Chinese of it")
        self.env["res.partner"]._collector_demo_creation_in_chinese()
        self.assertEqual(str(created.body), f"<p>{chinese}</p>")
        self.assertEqual(len(partner.message_ids), 1, "the line is translated, not added")

    # ---------------------------------------------------------------- point 6: discounts
    def test_advisor_gives_a_discount_that_waits_for_approval_without_the_setting(self):
        self.assertFalse(self.env["res.groups"]._is_feature_enabled("sale.group_discount_per_so_line"))
        self.assertFalse(self.role_advisor.has_group("sale.group_discount_per_so_line"))
        for user in (self.role_advisor, self.role_manager):
            with self.subTest(user=user.login):
                with Form(self.env["sale.order"].with_user(user)) as order_form:
                    order_form.partner_id = self.collector
                    with order_form.order_line.new() as line:
                        line.product_id = self.artwork.product_id
                        line.price_unit = 300000
                        line.discount = 20
                order = order_form.record
                self.assertEqual(order.order_line.discount, 20)
                self.assertTrue(order.need_validation)
                order.request_validation()
                self.assertEqual(
                    order.review_ids.definition_id, self.env.ref("collector_crm.tier_definition_sale_discount")
                )
        # Odoo's own Sales users keep Odoo's screens: no discount column without the setting
        arch = self._arch(self.env(user=self.seller), model="sale.order")
        self.assertFalse(arch.xpath("//field[@name='order_line']/list/field[@name='discount']"))
        self.assertFalse(self.env["res.groups"]._is_feature_enabled("sale.group_discount_per_so_line"))


@tagged("post_install", "-at_install")
class TestViewingRoomWords(HttpCase, CollectorFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, queue_job__no_delay=True))
        cls._setup_collector_fixtures()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["collector_crm"], ["zh_CN"])
        advisor = new_test_user(cls.env, login="fd_vr_advisor", groups=ADVISOR)
        cls.collector = cls._collector("FD Viewing Room", advisor, level="core", lang="zh_CN")
        cls.resting = cls._artwork("FD Resting Crane", cls.artist_wu, cls.cat_ink, 150000)
        cls.reco = (
            cls.env["collector.recommendation"]
            .with_user(advisor)
            .create({"partner_id": cls.collector.id, "line_ids": [Command.create({"artwork_id": cls.resting.id})]})
        )
        # after the link was sent, the work goes to the restorer
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.resting.company_id.id)], limit=1)
        restoration = cls.env.ref("artwork_provenance.stock_location_restoration")
        cls.env["stock.picking"]._art_transfer(cls.resting, restoration, warehouse.int_type_id)
        cls.env.flush_all()

    def test_viewing_room_words_a_work_in_restoration(self):
        self.assertEqual(self.reco.line_ids.availability, "in_restoration")
        page = self.url_open(self.reco.viewing_room_url).text
        self.assertIn('data-availability="in_restoration"', page)
        self.assertIn("修复中", page)
        self.assertNotIn("已不可售", page, "never 'no longer for sale' for a work that comes back")
        self.assertNotIn('name="kind" value="interest"', page)
        # the gallery's name, never Odoo's "Your logo" placeholder
        company = self.reco.sudo().company_id
        company.logo = company._get_logo()  # Odoo's placeholder, as a new database has it
        self.assertTrue(company.uses_default_logo)
        page = self.url_open(self.reco.viewing_room_url).text
        self.assertNotIn("/web/binary/company_logo", page)
        self.assertIn(company.name, page)
