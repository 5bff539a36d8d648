from odoo.tests import Form, tagged

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestStoreFields(CustomerCoreCommon):
    """Custom fields without code: per customer category and per store (company)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["res.company"].create({"name": "成都太古里店", "parent_id": cls.company.id})
        cls.store.customer_properties_definition = [
            {"name": "parking", "string": "停车需求", "type": "boolean"},
            {"name": "nearest_metro", "string": "最近地铁站", "type": "char"},
        ]
        cls.other_store = cls.env["res.company"].create({"name": "重庆解放碑店", "parent_id": cls.company.id})
        cls.store_customer = cls.env["res.partner"].create({"name": "太古里客户 林一", "company_id": cls.store.id})
        cls.other_customer.company_id = cls.other_store

    def _names(self, partner):
        return [prop["name"] for prop in partner.read(["store_properties"])[0]["store_properties"]]

    def test_store_definition_gives_every_customer_of_the_store_the_fields(self):
        self.store_customer.store_properties = {"parking": True, "nearest_metro": "春熙路"}
        values = {p["name"]: p["value"] for p in self.store_customer.read(["store_properties"])[0]["store_properties"]}
        self.assertEqual(values, {"parking": True, "nearest_metro": "春熙路"})
        self.assertFalse(self.other_customer.store_properties, "another store has its own (none here)")

    def test_store_fields_are_searchable_and_exported(self):
        self.store_customer.store_properties = {"parking": True, "nearest_metro": "春熙路"}
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("store_properties.nearest_metro", "=", "春熙路")]),
            self.store_customer,
        )
        self.assertIn(self.store_customer, Partner.search([("store_properties.parking", "=", True)]))
        rows = self.store_customer.export_data(["name", "store_properties.nearest_metro"])["datas"]
        self.assertEqual(rows, [["太古里客户 林一", "春熙路"]])

    def test_category_and_store_fields_side_by_side(self):
        category = self.env["customer.category"].create(
            {
                "name": "婚纱客户",
                "company_id": self.store.id,
                "properties_definition": [{"name": "wedding_day", "string": "婚期", "type": "date"}],
            }
        )
        with Form(self.store_customer.with_company(self.store)) as form:
            form.customer_category_id = category
        self.store_customer.write(
            {"customer_properties": {"wedding_day": "2027-05-20"}, "store_properties": {"parking": False}}
        )
        self.assertEqual(self.store_customer.customer_properties.get("wedding_day"), "2027-05-20")
        self.assertEqual(self._names(self.store_customer), ["parking", "nearest_metro"])

    def test_moving_the_customer_to_another_store_follows_its_definition(self):
        self.store_customer.store_properties = {"nearest_metro": "春熙路"}
        self.other_store.customer_properties_definition = [{"name": "vip_room", "string": "贵宾室", "type": "boolean"}]
        self.store_customer.company_id = self.other_store
        self.assertEqual(self._names(self.store_customer), ["vip_room"])


@tagged("post_install", "-at_install")
class TestInteractionAndLeadStoreFields(CustomerCoreCommon):
    """#21: a store's own custom fields on its interactions and leads (the leads' per-team fields
    are Odoo's), filled, searched, grouped and exported by its salespeople."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["res.company"].create({"name": "成都太古里店", "parent_id": cls.company.id})
        cls.other_store = cls.env["res.company"].create({"name": "重庆解放碑店", "parent_id": cls.company.id})
        cls.store.interaction_properties_definition = [
            {
                "name": "visit_purpose",
                "string": "到店目的",
                "type": "selection",
                "selection": [["try_on", "试穿"], ["pick_up", "取件"]],
            },
        ]
        cls.store.lead_store_properties_definition = [{"name": "mall_gate", "string": "进店入口", "type": "char"}]
        cls.seller.write({"company_ids": [(4, cls.store.id)], "company_id": cls.store.id})
        cls.store_customer = cls.env["res.partner"].create(
            {"name": "太古里客户 林一", "company_id": cls.store.id, "user_id": cls.seller.id}
        )

    def test_interaction_store_fields(self):
        Interaction = self.env["customer.interaction"].with_user(self.seller).with_company(self.store)
        visits = Interaction.create(
            [
                {
                    "name": "试穿婚纱",
                    "partner_id": self.store_customer.id,
                    "store_properties": {"visit_purpose": "try_on"},
                },
                {
                    "name": "取相册",
                    "partner_id": self.store_customer.id,
                    "store_properties": {"visit_purpose": "pick_up"},
                },
                {
                    "name": "再次试穿",
                    "partner_id": self.store_customer.id,
                    "store_properties": {"visit_purpose": "try_on"},
                },
            ]
        )
        self.assertEqual(visits.company_id, self.store)
        self.assertEqual(Interaction.search([("store_properties.visit_purpose", "=", "try_on")]), visits[0] | visits[2])
        groups = Interaction._read_group([("id", "in", visits.ids)], ["store_properties.visit_purpose"], ["__count"])
        self.assertEqual(dict(groups), {"try_on": 2, "pick_up": 1})
        # exporting is its own right (Odoo's "Access to export feature"), not a salesperson's
        rows = visits[:1].sudo().export_data(["name", "store_properties.visit_purpose"])["datas"]
        self.assertEqual(rows, [["试穿婚纱", "试穿"]])
        # another store's interactions have that store's fields (none here)
        other = self.env["customer.interaction"].create(
            {"name": "电话", "partner_id": self.store_customer.id, "company_id": self.other_store.id}
        )
        self.assertFalse(other.read(["store_properties"])[0]["store_properties"])

    def test_lead_store_fields_beside_the_team_fields(self):
        team = self.env["crm.team"].create(
            {
                "name": "太古里团队",
                "company_id": self.store.id,
                "lead_properties_definition": [{"name": "budget_range", "string": "预算区间", "type": "char"}],
            }
        )
        lead = (
            self.env["crm.lead"]
            .with_user(self.seller)
            .with_company(self.store)
            .create(
                {
                    "name": "婚纱照咨询",
                    "team_id": team.id,
                    "company_id": self.store.id,
                    "lead_properties": {"budget_range": "1-2万"},
                    "store_properties": {"mall_gate": "东门"},
                }
            )
        )
        self.assertEqual(lead.store_properties.get("mall_gate"), "东门")
        self.assertEqual(lead.lead_properties.get("budget_range"), "1-2万")
        Lead = self.env["crm.lead"].with_user(self.seller).with_company(self.store)
        self.assertEqual(Lead.search([("store_properties.mall_gate", "=", "东门")]), lead)
        rows = lead.sudo().export_data(["name", "store_properties.mall_gate"])["datas"]
        self.assertEqual(rows, [["婚纱照咨询", "东门"]])
