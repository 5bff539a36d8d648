from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCrmSalesperson(HttpCase):
    """#23 point 3: a CRM salesperson of Odoo's own app (no suite group) opens leads and customers
    with the fields customer_core adds to them, through the ORM and the web client's RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        store = cls.env.company
        cls.crm_user = new_test_user(
            cls.env,
            login="cc_crm_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=store.id,
            company_ids=[Command.set(store.ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "CRM 客户", "user_id": cls.crm_user.id})
        cls.lead = cls.env["crm.lead"].create(
            {"name": "CRM 线索", "user_id": cls.crm_user.id, "partner_id": cls.customer.id, "company_id": store.id}
        )
        # a lead that went through the pool has history rows
        cls.env["customer.pool.history"].create(
            {"lead_id": cls.lead.id, "user_id": cls.crm_user.id, "company_id": store.id, "action": "claim"}
        )

    def _form_spec(self, record):
        """The specification the web client reads ``record``'s form with, as the salesperson."""
        return Form(record.with_user(self.crm_user))._view["fields_spec"]

    def test_orm_form_of_lead_and_customer(self):
        with Form(self.lead.with_user(self.crm_user)) as lead_form:
            lead_form.description = "客户想下周来店"
        self.assertEqual(self.lead.description.striptags(), "客户想下周来店")
        Form(self.customer.with_user(self.crm_user))
        # duplicating a lead reads every copied field
        copy = self.lead.with_user(self.crm_user).copy()
        self.assertEqual(copy.user_id, self.crm_user)

    def test_manager_copies_the_budget(self):
        manager = new_test_user(self.env, login="cc_budget_manager", groups="customer_core.group_customer_manager")
        self.lead.budget = 8000
        self.assertEqual(self.lead.with_user(manager).copy().budget, 8000)

    def test_rpc_form_of_lead_and_customer(self):
        specs = {"crm.lead": self._form_spec(self.lead), "res.partner": self._form_spec(self.customer)}
        self.authenticate("cc_crm_salesman", "cc_crm_salesman")
        for model, record in (("crm.lead", self.lead), ("res.partner", self.customer)):
            with self.subTest(model=model):
                data = self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": "web_read",
                        "args": [[record.id]],
                        "kwargs": {"specification": specs[model]},
                    },
                )
                self.assertEqual(data[0]["id"], record.id)
        copy_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": "crm.lead", "method": "copy", "args": [[self.lead.id]], "kwargs": {}},
        )
        self.assertTrue(copy_id)
