"""#23: each role does its daily work with its own rights only, and cannot see past them.

- Point 10: the advisor role (``collector_crm.group_collector_advisor``) is "own collectors only" out of
  the box. Before, there was no such role: an advisor was a customer user, who saw every collector,
  match and recommendation and could change another advisor's collector's interests.
- auditlog_disabled_read: a client's context key no longer skips the audit of a core collector's
  private data (before, the key skipped it).
- Point 4: the gallery's quotation approvals apply to the gallery's quotations only (before, a shop's
  quotation with a 20 % discount waited for the gallery's director).
- Point 2 (our side): an advisor, a plain Sales user and a CRM salesperson read a saved quotation with
  the form's own field specification; collector_crm's fields on shared models never fail for them.
"""

from xmlrpc.client import Fault

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CollectorCommon, CollectorFixtures

ADVISOR = "collector_crm.group_collector_advisor"
SALES_USER = "sales_team.group_sale_salesman"


def form_spec(env, model):
    """The field specification the web client sends for ``model``'s form, as ``env.user`` sees it: the
    fields of the arch the server returns to that user (nodes of groups the user lacks are gone), with
    the fields of the x2many sub-views."""
    views = env[model].get_views([(False, "form")])
    models = views["models"]

    def spec(node, model_name):
        result = {}
        for field in node.iter("field"):
            if field is node:
                continue
            owner = field.getparent()
            while owner is not node and owner.tag != "field":
                owner = owner.getparent()
            if owner is not node:  # a field of a sub-view, read with its x2many
                continue
            desc = models[model_name]["fields"][field.get("name")]
            if desc["type"] in ("one2many", "many2many") and desc["relation"] in models:
                result[field.get("name")] = {"fields": spec(field, desc["relation"])}
            else:
                result[field.get("name")] = {}
        return result

    return spec(etree.fromstring(views["views"]["form"]["arch"]), model)


class RoleFixtures(CollectorFixtures):
    @classmethod
    def _setup_roles(cls):
        cls.role_a = new_test_user(cls.env, login="cc_role_a", name="Role Advisor A", groups=ADVISOR)
        cls.role_b = new_test_user(cls.env, login="cc_role_b", name="Role Advisor B", groups=ADVISOR)
        cls.role_manager = new_test_user(
            cls.env, login="cc_role_manager", name="Role Manager", groups="collector_crm.group_collector_manager"
        )
        cls.seller = new_test_user(cls.env, login="cc_role_seller", name="Plain Seller", groups=SALES_USER)
        interest = {"interest_type": "artist", "artist_id": cls.artist_wu.id, "weight": 8}
        cls.mine = cls._collector("CC Role Mine", cls.role_a, level="core", interests=[interest])
        cls.theirs = cls._collector("CC Role Theirs", cls.role_b, level="core", interests=[interest])
        cls.artwork = cls._artwork("CC Role Work", cls.artist_wu, cls.cat_ink, 200000)
        # the intake approval has matched the artwork with both collectors already
        Match = cls.env["collector.match"]
        cls.match_mine, cls.match_theirs = (
            Match.search([("partner_id", "=", partner.id), ("artwork_id", "=", cls.artwork.id)])
            or Match.create({"partner_id": partner.id, "artwork_id": cls.artwork.id, "score": 8})
            for partner in (cls.mine, cls.theirs)
        )
        Reco = cls.env["collector.recommendation"]
        line = [Command.create({"artwork_id": cls.artwork.id})]
        cls.reco_mine = Reco.create({"partner_id": cls.mine.id, "user_id": cls.role_a.id, "line_ids": line})
        cls.reco_theirs = Reco.create({"partner_id": cls.theirs.id, "user_id": cls.role_b.id, "line_ids": line})
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.mine.id,
                "user_id": cls.role_a.id,
                "order_line": [Command.create({"product_id": cls.artwork.product_id.id, "price_unit": 200000})],
            }
        )


@tagged("post_install", "-at_install")
class TestAdvisorRole(CollectorCommon, RoleFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_roles()
        cls.service = cls.env["product.product"].create({"name": "CC Shop Gift Box", "type": "service"})

    def test_advisor_role_is_own_collectors_only_and_offered_in_the_user_form(self):
        advisor = self.env.ref(ADVISOR)
        self.assertTrue(advisor.privilege_id, "offered in the user form like any role")
        self.assertIn(self.env.ref("customer_core.group_customer_own_only"), advisor.all_implied_ids)
        self.assertIn(self.env.ref("artwork_provenance.group_art_sales"), advisor.all_implied_ids)
        self.assertTrue(self.role_a.has_group("customer_core.group_customer_own_only"))

    def test_new_advisor_sees_own_collectors_matches_and_recommendations_only(self):
        env = self.env(user=self.role_a)
        collectors = env["res.partner"].search([("id", "in", (self.mine | self.theirs).ids)])
        self.assertEqual(collectors, self.mine)
        both = (self.match_mine | self.match_theirs).ids
        self.assertEqual(env["collector.match"].search([("id", "in", both)]), self.match_mine)
        both = (self.reco_mine | self.reco_theirs).ids
        self.assertEqual(env["collector.recommendation"].search([("id", "in", both)]), self.reco_mine)
        both = (self.reco_mine | self.reco_theirs).line_ids.ids
        self.assertEqual(env["collector.recommendation.line"].search([("id", "in", both)]), self.reco_mine.line_ids)
        both = (self.mine | self.theirs).collector_interest_ids.ids
        self.assertEqual(env["collector.interest"].search([("id", "in", both)]), self.mine.collector_interest_ids)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.role_a).read(["name"])
        # the artists of their collectors' interests and of the artworks, they read
        self.assertEqual(self.artist_wu.with_user(self.role_a).read(["name"])[0]["name"], "CC Wu Guanzhong")
        self.assertTrue(self.mine.collector_interest_ids.with_user(self.role_a).display_name)
        with self.assertRaises(AccessError):
            self.reco_theirs.with_user(self.role_a).read(["viewing_room_url"])

    def test_new_advisor_cannot_edit_another_advisors_collectors_interests(self):
        interest = self.theirs.collector_interest_ids
        with self.assertRaises(AccessError):
            interest.with_user(self.role_a).write({"weight": 1})
        with self.assertRaises(AccessError):
            self.env["collector.interest"].with_user(self.role_a).create(
                {"partner_id": self.theirs.id, "interest_type": "artist", "artist_id": self.artist_zao.id}
            )
        with self.assertRaises(AccessError):
            interest.with_user(self.role_a).unlink()
        self.assertEqual(interest.weight, 8)
        # their own collector's interests, they edit
        self.mine.collector_interest_ids.with_user(self.role_a).write({"weight": 9})
        self.assertEqual(self.mine.collector_interest_ids.weight, 9)

    def test_manager_sees_every_collector(self):
        env = self.env(user=self.role_manager)
        self.assertEqual(
            env["res.partner"].search([("id", "in", (self.mine | self.theirs).ids)]), self.mine | self.theirs
        )
        self.assertEqual(
            env["collector.match"].search([("id", "in", (self.match_mine | self.match_theirs).ids)]),
            self.match_mine | self.match_theirs,
        )
        self.theirs.collector_interest_ids.with_user(self.role_manager).write({"weight": 7})

    def test_context_key_does_not_skip_the_audit_of_private_data(self):
        """``auditlog_disabled_read`` in the context of a plain advisor's read (whatever let it through)
        does not skip the audit of a core collector's contact data. Before, it did."""
        self.mine.with_user(self.role_a).with_context(auditlog_disabled_read=True).read(["phone", "email"])
        log = self.env["auditlog.log"].search(
            [("model_id.model", "=", "res.partner"), ("res_id", "=", self.mine.id), ("user_id", "=", self.role_a.id)]
        )
        self.assertEqual(set(log.line_ids.field_id.mapped("name")), {"phone", "email"})

    def test_interactions_read_for_users_of_other_lines(self):
        """An interaction (customer_core's, shared by every line) opens for a customer user without
        gallery rights: collector_crm's artworks are left out. Before, it failed on artwork_ids."""
        clerk = new_test_user(self.env, login="cc_role_clerk", groups="customer_core.group_customer_user")
        interaction = self._interaction(self.mine, self.artwork)
        interaction.user_id = clerk
        spec = form_spec(self.env(user=clerk), "customer.interaction")
        self.assertNotIn("artwork_ids", spec)
        self.assertEqual(interaction.with_user(clerk).web_read(spec)[0]["id"], interaction.id)
        # the advisor sees them
        self.assertIn("artwork_ids", form_spec(self.env(user=self.role_a), "customer.interaction"))

    def test_own_only_advisor_lists_the_relations_of_own_collectors(self):
        """Contacts > Relations for an own-only advisor: the relations between partners they may read;
        a relation to another advisor's collector is not listed. Before, the list failed."""
        Relation = self.env["res.partner.relation"]
        rel_type = self.env.ref("collector_crm.relation_type_mentor")
        friend = self._collector("CC Role Friend", self.role_a)
        ours = Relation.create({"left_partner_id": self.mine.id, "right_partner_id": friend.id, "type_id": rel_type.id})
        hidden = Relation.create(
            {"left_partner_id": self.mine.id, "right_partner_id": self.theirs.id, "type_id": rel_type.id}
        )
        found = Relation.with_user(self.role_a).search([("id", "in", (ours | hidden).ids)])
        self.assertEqual(found, ours)
        rows = Relation.with_user(self.role_a).web_search_read(
            [("id", "in", (ours | hidden).ids)],
            {"display_name": {}, "this_partner_id": {}, "type_id_display": {}, "other_partner_id": {}},
        )
        self.assertEqual([row["id"] for row in rows["records"]], ours.ids)

    def test_shop_quotation_with_a_discount_confirms_without_the_gallerys_approval(self):
        """Point 4: a quotation without artworks is not the gallery's; a plain Sales user confirms it."""
        customer = self.env["res.partner"].create({"name": "CC Shop Customer"})
        order = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": self.service.id, "price_unit": 1000, "discount": 20})],
                }
            )
        )
        self.assertFalse(order.need_validation)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.review_ids)

    def test_gallery_quotation_with_a_discount_waits_for_the_director(self):
        order = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self.env["res.partner"].create({"name": "CC Gallery Buyer"}).id,
                    "order_line": [
                        Command.create({"product_id": self.artwork.product_id.id, "price_unit": 200000, "discount": 20})
                    ],
                }
            )
        )
        self.assertTrue(order.need_validation)
        with self.assertRaises(ValidationError):
            order.action_confirm()
        order.request_validation()
        self.assertEqual(order.review_ids.definition_id, self.env.ref("collector_crm.tier_definition_sale_discount"))
        self.assertEqual(order.state, "draft")

    def test_our_fields_on_shared_models_read_for_a_plain_sales_user(self):
        """Every field collector_crm adds to res.partner, sale.order and crm.lead that the user may
        read (no ``groups=`` keeps it from them) reads without an Access Error."""
        lead = self.env["crm.lead"].create(
            {"name": "CC Role Lead", "partner_id": self.mine.id, "user_id": self.seller.id}
        )
        order = self.quotation.copy({"user_id": self.seller.id})
        for record in (self.mine, order, lead):
            env = self.env(user=self.seller)
            model = env[record._name]
            ours = [
                fname
                for fname, field in model._fields.items()
                if "collector_crm" in field._modules and model._has_field_access(field, "read")
            ]
            if not ours:  # collector_crm adds no field to crm.lead today
                continue
            with self.subTest(model=record._name):
                record.with_env(env).read(ours)


@tagged("post_install", "-at_install")
class TestAdvisorRoleRpc(HttpCase, RoleFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, queue_job__no_delay=True))
        cls._setup_collector_fixtures()
        cls._setup_roles()

    def _rpc(self, login, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, login, login, {})
        return self.xmlrpc_object.execute_kw(db, uid, login, model, method, list(args), kwargs)

    def test_new_advisor_sees_own_collectors_only_by_rpc(self):
        ids = (self.mine | self.theirs).ids
        rows = self._rpc("cc_role_a", "res.partner", "search_read", [("id", "in", ids)], fields=["name"])
        self.assertEqual([row["id"] for row in rows], self.mine.ids)
        matches = self._rpc(
            "cc_role_a", "collector.match", "search", [("id", "in", (self.match_mine | self.match_theirs).ids)]
        )
        self.assertEqual(matches, self.match_mine.ids)
        recos = self._rpc(
            "cc_role_a", "collector.recommendation", "search", [("id", "in", (self.reco_mine | self.reco_theirs).ids)]
        )
        self.assertEqual(recos, self.reco_mine.ids)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("cc_role_a", "res.partner", "read", self.theirs.ids, fields=["name"])

    def test_new_advisor_cannot_edit_another_advisors_collectors_interests_by_rpc(self):
        interest = self.theirs.collector_interest_ids
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("cc_role_a", "collector.interest", "write", interest.ids, {"weight": 1})
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc(
                "cc_role_a",
                "res.partner",
                "write",
                self.theirs.ids,
                {"collector_interest_ids": [(1, interest.id, {"weight": 1})]},
            )
        self.env.invalidate_all()
        self.assertEqual(interest.weight, 8)

    def test_context_key_does_not_skip_the_audit_of_private_data(self):
        """A plain advisor reading a core collector's phone over RPC with ``auditlog_disabled_read`` in
        the context is logged all the same (our log of res.partner; auditlog's own rules are kept
        from that key at the RPC boundary)."""
        self._rpc(
            "cc_role_a",
            "res.partner",
            "read",
            self.mine.ids,
            fields=["phone"],
            context={"auditlog_disabled_read": True},
        )
        log = self.env["auditlog.log"].search(
            [("model_id.model", "=", "res.partner"), ("res_id", "=", self.mine.id), ("user_id", "=", self.role_a.id)]
        )
        self.assertEqual(log.line_ids.field_id.name, "phone")

    def _web_read_form(self, user, record):
        spec = form_spec(self.env(user=user), record._name)
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{record._name}/web_read",
            {"model": record._name, "method": "web_read", "args": [record.ids], "kwargs": {"specification": spec}},
        )

    def test_advisor_and_sales_user_reopen_a_saved_quotation(self):
        """Point 2: the advisor's daily work, and a plain Sales user's, on a saved quotation of the
        gallery: the form's own field specification reads without an Access Error."""
        # the seller's own quotation of the same collector (Odoo's sales users read their own orders)
        theirs = self.quotation.sudo().copy({"user_id": self.seller.id})
        for user, order in ((self.role_a, self.quotation), (self.role_manager, self.quotation), (self.seller, theirs)):
            with self.subTest(user=user.login):
                values = self._web_read_form(user, order)
                self.assertEqual(values[0]["id"], order.id)
                self.assertTrue(values[0]["order_line"])
        # the collector in the partner form: the advisor, and a plain Sales user (no collector fields)
        for user in (self.role_a, self.seller):
            with self.subTest(user=user.login):
                values = self._web_read_form(user, self.mine)
                self.assertEqual(values[0]["name"], "CC Role Mine")
