from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestSegment(CustomerCoreCommon):
    def test_segment_lists_and_counts_its_members(self):
        category = self.env["customer.category"].create({"name": "婚纱客户"})
        self.customer.customer_category_id = category
        segment = self.env["customer.segment"].create(
            {
                "name": "婚纱客户",
                "domain": f"[('customer_category_id', '=', {category.id})]",
            }
        )
        self.assertEqual(segment._get_partners(), self.customer)
        self.assertEqual(segment.partner_count, 1)
        action = segment.action_view_partners()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.customer)

    def test_segment_with_a_relative_date_stays_relative(self):
        """ "No contact in 30 days" as the domain editor writes it: evaluated against today."""
        customers = self.customer | self.other_customer
        segment = self.env["customer.segment"].create(
            {
                "name": "30 天未联系",
                "domain": f"[('id', 'in', {customers.ids}), '|', ('last_contact_date', '=', False), "
                "('last_contact_date', '<', (context_today() - relativedelta(days=30)).strftime('%Y-%m-%d'))]",
            }
        )
        self.customer.last_contact_date = fields.Datetime.now() - timedelta(days=40)
        self.other_customer.last_contact_date = fields.Datetime.now() - timedelta(days=3)
        self.assertEqual(segment._get_partners(), self.customer)
        self.assertEqual(segment.partner_count, 1)
        self.customer.last_contact_date = fields.Datetime.now()
        self.assertFalse(segment._get_partners())

    def test_segment_respects_the_readers_rights(self):
        segment = self.env["customer.segment"].create(
            {
                "name": "所有测试客户",
                "domain": f"[('id', 'in', {(self.customer | self.other_customer).ids})]",
            }
        )
        self.other_customer.user_id = self.own_only
        self.assertEqual(segment.with_user(self.own_only)._get_partners(), self.other_customer)

    def test_properties_custom_fields(self):
        category = self.env["customer.category"].create(
            {
                "name": "摄影客户",
                "properties_definition": [{"name": "shoe_size", "string": "鞋码", "type": "integer"}],
            }
        )
        self.customer.customer_category_id = category
        self.customer.customer_properties = {"shoe_size": 38}
        self.assertEqual(self.customer.customer_properties.get("shoe_size"), 38)
        found = self.env["res.partner"].search([("customer_properties.shoe_size", "=", 38)])
        self.assertIn(self.customer, found)


@tagged("post_install", "-at_install")
class TestApproval(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env,
            login="cc_director",
            name="总监 高峰",
            groups="customer_core.group_customer_user,customer_core.group_approval_director",
        )
        cls.env["tier.definition"].create(
            {
                "model_id": cls.env["ir.model"]._get_id("customer.transfer"),
                "review_type": "group",
                "reviewer_group_id": cls.env.ref("customer_core.group_approval_director").id,
                "definition_domain": "[]",
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "移交中的线索",
                "partner_id": cls.customer.id,
                "user_id": cls.seller.id,
            }
        )

    def test_handover_needs_director_approval(self):
        transfer = (
            self.env["customer.transfer"]
            .with_user(self.seller)
            .create(
                {
                    "from_user_id": self.seller.id,
                    "to_user_id": self.seller2.id,
                    "partner_ids": [Command.set(self.customer.ids)],
                }
            )
        )
        self.assertTrue(transfer.need_validation)
        with self.assertRaises(ValidationError):
            transfer.action_done()
        self.assertEqual(self.customer.user_id, self.seller, "nothing moved")
        transfer.request_validation()
        self.assertIn(self.director, transfer.reviewer_ids)
        transfer.with_user(self.director).validate_tier()
        self.assertEqual(transfer.validation_status, "validated")
        transfer.invalidate_recordset()  # a new request from the browser
        transfer.action_done()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self.customer.user_id, self.seller2)
        self.assertEqual(self.lead.user_id, self.seller2)

    def test_reviewer_groups_sit_under_approval_privileges(self):
        """The user form shows each reviewer role as a choice under "Approvals" (one privilege each,
        so a finance reviewer may also be a legal reviewer)."""
        roles = ("director", "ceo", "finance", "legal")
        groups = [self.env.ref(f"customer_core.group_approval_{role}") for role in roles]
        privileges = [group.privilege_id for group in groups]
        self.assertTrue(all(privileges))
        self.assertEqual(len(set(privileges)), 4)
        self.assertEqual({p.category_id.name for p in privileges}, {"Approvals"})
        hierarchy = self.env["res.groups"]._get_view_group_hierarchy()
        category = next(c for c in hierarchy["categories"] if c["name"] == "Approvals")
        self.assertEqual(set(category["privilege_ids"]), {p.id for p in privileges})
        self.director.group_ids = [Command.link(groups[2].id), Command.link(groups[3].id)]
        self.assertTrue(self.director.has_group("customer_core.group_approval_legal"))
        self.assertTrue(self.director.has_group("customer_core.group_approval_director"))
        # user and manager of the customers share one privilege
        self.assertEqual(
            self.env.ref("customer_core.group_customer_user").privilege_id,
            self.env.ref("customer_core.group_customer_manager").privilege_id,
        )


@tagged("post_install", "-at_install")
class TestImport(CustomerCoreCommon):
    def test_key_dates_import_reports_bad_rows(self):
        """Odoo's importer (load) takes key dates by names and says which row is wrong."""
        with mute_logger("odoo.sql_db"):  # the importer logs the refused row before it reports it
            result = self.env["customer.key.date"].load(
                ["partner_id", "date_type_id", "date", "note"],
                [
                    ["客户 刘洋", "Birthday", "1990-05-01", "导入"],
                    ["客户 刘洋", "没有这种日期", "1990-05-01", "导入"],
                ],
            )
        self.assertFalse(result["ids"], "nothing is half-imported")
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertEqual(errors[0]["rows"]["from"], 1, "the second row is named")

    def test_customers_import(self):
        result = self.env["res.partner"].load(
            ["name", "phone", "user_id", "customer_category_id"],
            [["导入客户 甲", "13700000000", self.seller.name, ""]],
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        self.assertEqual(self.env["res.partner"].browse(result["ids"]).user_id, self.seller)
