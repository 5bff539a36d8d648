"""docs/configure.md: each recipe applied through the model layer as the manager it is written for
(no code, no superuser), then its effect checked."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestConfigureRecipes(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a store's manager: the customers' manager role only, as the recipes say
        cls.boss = new_test_user(
            cls.env, login="cc_recipe_manager", name="店长 孙丽", groups="customer_core.group_customer_manager"
        )
        cls.store_admin = new_test_user(
            cls.env,
            login="cc_recipe_admin",
            name="门店管理员 钱进",
            groups="customer_core.group_customer_manager,base.group_erp_manager",
        )

    def test_recipe_category_field(self):
        """1. A custom field for one kind of customer."""
        category = self.env["customer.category"].with_user(self.boss).create({"name": "婚纱客户"})
        bride = (
            self.env["res.partner"]
            .with_user(self.boss)
            .create({"name": "新娘 陈静", "customer_category_id": category.id})
        )
        # "+ Add a Property" on the customer's Custom Fields writes the category's definition
        bride.customer_properties = [
            {"name": "wedding_day", "string": "婚期", "type": "date", "value": "2027-05-20", "definition_changed": True}
        ]
        self.assertEqual(category.properties_definition[0]["string"], "婚期")
        self.assertEqual(bride.customer_properties.get("wedding_day"), "2027-05-20")
        Partner = self.env["res.partner"].with_user(self.seller)
        self.assertEqual(Partner.search([("customer_properties.wedding_day", "=", "2027-05-20")]), bride)
        self.assertFalse(self.customer.customer_properties, "a customer of no category has no such field")
        # a salesperson fills it, but cannot change the category's fields
        with self.assertRaises(AccessError):
            category.with_user(self.seller).properties_definition = []

    def test_recipe_store_fields(self):
        """2. A store's own fields on its interactions and leads (the store's administrator)."""
        interaction = (
            self.env["customer.interaction"]
            .with_user(self.store_admin)
            .create({"name": "到店试穿", "partner_id": self.customer.id})
        )
        interaction.store_properties = [
            {
                "name": "visit_purpose",
                "string": "到店目的",
                "type": "selection",
                "selection": [["try_on", "试穿"], ["pick_up", "取件"]],
                "value": "try_on",
                "definition_changed": True,
            }
        ]
        store = interaction.company_id
        self.assertEqual(store.interaction_properties_definition[0]["name"], "visit_purpose")
        lead = self.env["crm.lead"].with_user(self.store_admin).create({"name": "商场咨询", "company_id": store.id})
        lead.store_properties = [
            {"name": "mall_gate", "string": "进店入口", "type": "char", "value": "东门", "definition_changed": True}
        ]
        # the store's salespeople fill them on every new interaction and lead of the store
        visit = (
            self.env["customer.interaction"]
            .with_user(self.seller)
            .create(
                {"name": "取相册", "partner_id": self.customer.id, "store_properties": {"visit_purpose": "pick_up"}}
            )
        )
        Interaction = self.env["customer.interaction"].with_user(self.seller)
        self.assertEqual(Interaction.search([("store_properties.visit_purpose", "=", "pick_up")]), visit)
        self.assertEqual(
            self.env["crm.lead"].with_user(self.store_admin).search([("store_properties.mall_gate", "=", "东门")]), lead
        )
        # a manager without the store's administration cannot change the store's fields
        with self.assertRaises(AccessError):
            visit.with_user(self.boss).store_properties = [
                {"name": "visit_purpose", "type": "char", "string": "到店目的", "definition_changed": True}
            ]

    def test_recipe_care_rule(self):
        """3. Three days before a customer's birthday, a call for the salesperson."""
        birthday = self.env.ref("customer_core.date_type_birthday")
        rule = (
            self.env["customer.care.rule"]
            .with_user(self.boss)
            .create(
                {
                    "name": "生日回访",
                    "date_type_id": birthday.id,
                    "days_before": 3,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                }
            )
        )
        self.customer.with_user(self.boss).write(
            {"key_date_ids": [Command.create({"date_type_id": birthday.id, "date": date(1990, 9, 20)})]}
        )
        self.env["customer.care.rule"]._run_care_rules(today=date(2027, 9, 17))
        ours = [("rule_id", "=", rule.id), ("partner_id", "=", self.customer.id)]
        occurrence = self.env["customer.care.occurrence"].search(ours)
        self.assertEqual(occurrence.occurrence_date, date(2027, 9, 20))
        self.assertEqual(occurrence.activity_id.user_id, self.seller)
        self.assertEqual(occurrence.activity_id.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.env["customer.care.rule"]._run_care_rules(today=date(2027, 9, 18))
        self.assertEqual(len(self.env["customer.care.occurrence"].search(ours)), 1)

    def test_recipe_pool_rule(self):
        """4. A lead nobody called for 15 days goes back to the team's pool."""
        team = self.env["crm.team"].create(
            {"name": "上海旗舰店", "crm_team_member_ids": [Command.create({"user_id": self.seller2.id})]}
        )
        self.env["customer.pool.rule"].with_user(self.boss).create(
            {"team_id": team.id, "days_without_contact": 15, "max_claims_per_day": 2, "max_held_per_user": 30}
        )
        lead = self.env["crm.lead"].create({"name": "半个月没联系", "team_id": team.id, "user_id": self.seller2.id})
        self.env.flush_all()
        old = fields.Datetime.now() - timedelta(days=16)
        self.env.cr.execute(
            SQL("UPDATE crm_lead SET create_date = %s, date_open = %s WHERE id = %s", old, old, lead.id)
        )
        self.env.invalidate_all()
        self.env["customer.pool.rule"]._reclaim()
        self.assertTrue(lead.in_pool)
        self.assertFalse(lead.user_id)

    def test_recipe_segment(self):
        """5. Customers not contacted for 90 days, as a saved segment."""
        since = fields.Datetime.now() - timedelta(days=90)
        segment = (
            self.env["customer.segment"]
            .with_user(self.boss)
            .create(
                {
                    "name": "90 天未联系",
                    "domain": f"['|', ('last_contact_date', '<', '{since}'), ('last_contact_date', '=', False)]",
                }
            )
        )
        quiet = self.env["res.partner"].create({"name": "久未联系 吴涛"})
        talked = self.env["res.partner"].create({"name": "刚联系 郑爽"})
        self.env["customer.interaction"].create({"name": "电话", "partner_id": talked.id})
        partners = segment.with_user(self.boss)._get_partners()
        self.assertIn(quiet, partners)
        self.assertNotIn(talked, partners)
        self.assertEqual(segment.with_user(self.boss).partner_count, len(partners))
