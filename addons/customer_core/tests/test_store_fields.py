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
