"""The screens a consultant, a retoucher and a studio manager open on their first day (#17)."""

import io
from datetime import date, timedelta

from lxml import etree
from PIL import Image

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools import format_datetime, mute_logger

from ..models.studio_production import PRODUCTION_STAGES
from .common import StudioCommon, at


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestFirstScreens(StudioCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        store = {"company_id": cls.store_a.id, "company_ids": [Command.set(cls.store_a.ids)]}
        cls.retoucher = new_test_user(
            cls.env, login="first_day_retoucher", groups="studio_booking.group_studio_retoucher", **store
        )
        cls.manager = new_test_user(
            cls.env, login="first_day_manager", groups="studio_booking.group_studio_manager", **store
        )
        cls.package.studio_retouched_photos = 1
        cls.douyin = cls.env["utm.source"].create({"name": "Test Douyin"})

    def _order(self, user):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.store_a.id,
                    "order_line": [Command.create({"product_id": self.package.id})],
                }
            )
        )

    # 1. the channel lead form and its quotation
    @users("studio_consultant_a")
    def test_lead_form_is_the_studios_and_quotation_carries_package(self):
        action = self.env.ref("studio_booking.crm_lead_action_studio").sudo()
        form_view = action.view_ids.filtered(lambda v: v.view_mode == "form").view_id
        self.assertEqual(form_view, self.env.ref("studio_booking.crm_lead_view_form_studio_lead"))
        arch = self.env["crm.lead"].get_views([(form_view.id, "form")])["views"]["form"]["arch"]
        names = set(etree.fromstring(arch).xpath("//field/@name"))
        self.assertLessEqual(
            {"source_id", "studio_package_id", "studio_wished_date", "studio_budget", "studio_shoot_type"}, names
        )
        # Odoo's own lead form stays the default one
        default = self.env["crm.lead"].get_views([(False, "form")])["views"]["form"]["id"]
        self.assertEqual(default, self.env.ref("crm.crm_lead_view_form").id)

        with Form(self.env["crm.lead"].with_context(default_type="lead"), view=form_view) as lead_form:
            lead_form.name = "Wang Fang, wedding"
            lead_form.contact_name = "Wang Fang"
            lead_form.phone = "13911112222"
            lead_form.source_id = self.douyin
            lead_form.studio_package_id = self.package
            lead_form.studio_wished_date = date(2031, 3, 3)
            lead_form.studio_budget = 6000
        lead = lead_form.record
        self.assertEqual(lead.studio_shoot_type, "wedding", "the package tells the shoot type")

        result = lead.action_studio_new_quotation()
        order = self.env["sale.order"].browse(result["res_id"])
        self.assertEqual(order.order_line.product_id, self.package)
        self.assertEqual(order.studio_package_id, self.package)
        self.assertEqual(order.opportunity_id, lead)
        self.assertEqual(order.source_id, self.douyin)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, order.partner_id)
        self.assertEqual(order.partner_id.name, "Wang Fang")

        # Odoo's own "New Quotation" of the opportunity carries the package as well
        context = lead.action_new_quotation()["context"]
        second = Form(self.env["sale.order"].with_context(**context)).save()
        self.assertEqual(second.order_line.product_id, self.package)

        # the slot search of the order starts on the wished day
        slot_action = order.action_studio_find_slot()
        self.assertEqual(slot_action["context"]["default_date_from"], "2031-03-03 00:00:00")

    @users("studio_consultant_a")
    def test_quotation_needs_the_package(self):
        lead = self.env["crm.lead"].create({"name": "No package yet", "studio_shoot_type": "baby"})
        with self.assertRaises(UserError):
            lead.action_studio_new_quotation()

    # 2. the slot dialog
    @users("studio_consultant_a")
    def test_slot_dialog_has_a_title_and_phone_cards(self):
        order = self._order(self.env.user)
        action = order.action_studio_find_slot()
        self.assertTrue(action.get("name"))
        wizard = self.env["studio.slot.wizard"].with_context(**action["context"]).create({})
        wizard.write({"date_from": at(9), "date_to": at(18)})
        again = wizard.action_search()
        self.assertTrue(again.get("name"), "the dialog is not titled 'Odoo' after a search")
        self.assertTrue(wizard.suggestion_ids)
        arch = self.env["studio.slot.wizard"].get_views([(False, "form")])["views"]["form"]["arch"]
        field = etree.fromstring(arch).xpath("//field[@name='suggestion_ids']")[0]
        kanban = field.xpath("./kanban")
        self.assertTrue(kanban, "a phone shows the free slots as cards")
        self.assertTrue(kanban[0].xpath(".//button[@name='action_book']"))

    # 3. the calendar shows the customer and the package
    @users("studio_consultant_a")
    def test_booking_display_name_names_customer_and_package(self):
        booking = self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store_a.id,
                "package_id": self.package.id,
                "start": at(10),
                "stop": at(12),
            }
        )
        self.assertIn(self.customer.name, booking.display_name)
        self.assertIn(self.package.name, booking.display_name)
        self.assertNotIn("SHOOT", booking.display_name)

    # 4. the refusal gives the times with set-up and clean-up
    @users("studio_consultant_a")
    def test_refusal_shows_the_held_times(self):
        first = self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store_a.id,
                "start": at(10),
                "stop": at(12),
                "setup_minutes": 30,
                "cleanup_minutes": 45,
                "line_ids": [Command.create({"resource_id": self.room.id})],
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError) as caught:
            self.env["studio.booking"].create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.store_a.id,
                    "start": at(12, 30),
                    "stop": at(14),
                    "setup_minutes": 0,
                    "cleanup_minutes": 0,
                    "line_ids": [Command.create({"resource_id": self.room.id})],
                }
            )
        message = str(caught.exception)
        self.assertIn(first.name, message)
        self.assertIn(format_datetime(self.env, at(9, 30), dt_format="short"), message)
        self.assertIn(format_datetime(self.env, at(12, 45), dt_format="short"), message)

    # 7. delivering with money due: a warning, or a refusal where the store says so
    def _delivery_work(self):
        order = self._order(self.consultant_a)
        order.action_confirm()
        album = self.env["studio.photo.album"].create({"sale_order_id": order.id})
        attachment = self.env["ir.attachment"].create({"name": "D.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        album.upload_attachment_ids = [Command.set(attachment.ids)]
        album.action_process_uploads()
        album.action_open_to_customer()
        album._toggle(album.photo_ids[0], selected=True)
        album._submit()
        work = album.production_ids
        work.write({"stage": "delivery", "user_id": self.consultant_a.id})
        return album, work

    def test_delivery_with_money_due_warns_and_customer_can_download(self):
        album, work = self._delivery_work()
        self.assertFalse(album._originals_allowed(), "nothing paid, not delivered")
        mine = work.with_user(self.consultant_a)
        self.assertTrue(mine.payment_pending)
        self.assertEqual(mine.amount_due, album.sale_order_id.amount_total)
        mine.action_next_stage()
        self.assertEqual(work.stage, "done")
        self.assertTrue(any("still due" in str(message.body) for message in work.message_ids))
        self.assertTrue(album._originals_allowed(), "delivered: the customer's page offers the download")
        # the retoucher is told money is due, not how much
        self.assertNotIn("amount_due", work.with_user(self.retoucher).fields_get())

    def test_delivery_with_money_due_blocked_by_setting(self):
        self.store_a.studio_block_unpaid_delivery = True
        album, work = self._delivery_work()
        with self.assertRaises(UserError):
            work.with_user(self.consultant_a).action_next_stage()
        with self.assertRaises(UserError):
            work.with_user(self.manager).write({"stage": "done"})
        self.assertEqual(work.stage, "delivery")
        self.assertFalse(album._originals_allowed())

    # 8. the post-production board goes as the work goes
    def test_production_board_in_work_order(self):
        order = self._order(self.consultant_a)
        works = self.env["studio.production"].create(
            [
                {"name": f"Work {stage}", "sale_order_id": order.id, "stage": stage, "retoucher_id": self.retoucher.id}
                for stage in ("production", "first_retouch", "album_design", "customer_review")
            ]
        )
        Production = self.env["studio.production"].with_user(self.retoucher).with_context(read_group_expand=True)
        groups = Production.web_read_group([("id", "in", works.ids)], ["stage"], ["__count"])["groups"]
        self.assertEqual([group["stage"] for group in groups], [key for key, _label in PRODUCTION_STAGES])

    def test_stage_activity_named_in_the_retouchers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["studio_booking"], ["zh_CN"])
        self.retoucher.lang = "zh_CN"
        order = self._order(self.consultant_a)
        work = self.env["studio.production"].create(
            {"name": "Work zh", "sale_order_id": order.id, "retoucher_id": self.retoucher.id}
        )
        work.user_id = self.retoucher
        work._notify_stage_owner()
        self.assertEqual(work.activity_ids.summary, "初修")
        # the work a customer's submission makes is named in the retoucher's language
        album, submitted = self._delivery_work()
        self.assertEqual(submitted.retoucher_id, self.retoucher)
        self.assertEqual(submitted.name, f"修图 {album.sale_order_id.name}")

    def test_channels_named_in_chinese(self):
        # utm.source.name is not translatable: one name, the one the studio's people say
        for code, name in (("douyin", "抖音"), ("xiaohongshu", "小红书"), ("meituan", "美团/大众点评")):
            self.assertEqual(self.env.ref(f"studio_booking.utm_source_{code}").name, name)

    def test_untitled_album_named_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["studio_booking"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        order = self._order(self.consultant_a)
        album = self.env["studio.photo.album"].with_user(self.consultant_a).create({"sale_order_id": order.id})
        self.assertEqual(album.name, "在线选片")
        named = self.env["studio.photo.album"].create({"sale_order_id": order.id, "name": "外景"})
        self.assertEqual(named.name, "外景", "a title given is kept")

    def test_review_link_deadline_in_the_customers_language_and_studio_time(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["studio_booking"], ["zh_CN"])
        self.store_a.partner_id.tz = "Asia/Shanghai"
        self.customer.write({"lang": "zh_CN", "phone": False, "email": "bride.wang@example.cn"})
        self.retoucher.write({"lang": "en_US", "tz": "Europe/Paris"})
        order = self._order(self.consultant_a)
        album = self.env["studio.photo.album"].create({"sale_order_id": order.id})
        attachment = self.env["ir.attachment"].create({"name": "R.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        album.upload_attachment_ids = [Command.set(attachment.ids)]
        album.action_process_uploads()
        album.action_open_to_customer()
        album._toggle(album.photo_ids[0], selected=True)
        album._submit()
        work = album.production_ids
        work.write({"retoucher_id": self.retoucher.id, "user_id": self.retoucher.id})
        work.with_user(self.retoucher).action_next_stage()  # first retouch done: the customer is asked
        self.assertEqual(work.stage, "customer_review")
        body = str(work.message_ids.filtered(lambda m: work._review_path() in str(m.body))[:1].body)
        shown = format_datetime(
            self.env, work.review_deadline, tz="Asia/Shanghai", dt_format="short", lang_code="zh_CN"
        )
        self.assertIn(f"有效期至 {shown}", body)
        self.assertNotIn(str(work.review_deadline), body)


@tagged("post_install", "-at_install")
class TestBalanceDueDate(StudioCommon):
    def _order_with_shoot(self, shoot):
        env = self.env(user=self.consultant_a)
        order = env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store_a.id,
                "order_line": [Command.create({"product_id": self.package.id})],
            }
        )
        env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store_a.id,
                "sale_order_id": order.id,
                "start": shoot,
                "stop": shoot + timedelta(hours=2),
                "setup_minutes": 0,
                "cleanup_minutes": 0,
                "line_ids": [Command.create({"resource_id": self.garden.id})],
            }
        )
        return order

    def test_balance_due_never_before_the_shoot(self):
        self.store_a.write({"studio_balance_due_mode": "after_shoot", "studio_balance_due_days": 0})
        order = self._order_with_shoot(at(10))
        self.assertEqual(order.studio_balance_due_date, at(10).date(), "on the shoot day")
        self.store_a.studio_balance_due_days = 2
        self.assertEqual(order.studio_balance_due_date, at(10).date() + timedelta(days=2))
        self.store_a.write({"studio_balance_due_mode": "before_delivery", "studio_balance_due_days": 3})
        order.studio_delivery_date = at(10).date() + timedelta(days=20)
        self.assertEqual(order.studio_balance_due_date, at(10).date() + timedelta(days=17))
        order.studio_delivery_date = at(10).date() + timedelta(days=1)
        self.assertEqual(order.studio_balance_due_date, at(10).date(), "never before the shoot")
