from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CollectorCommon


@tagged("post_install", "-at_install")
class TestPrivacy(CollectorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls._collector("CC Private Core", cls.advisor, level="core", budget=(1000, 900000))
        cls.collector.collector_private_ids.advisor_note = "Divorce pending: discretion"
        cls.colleague = new_test_user(
            cls.env, login="cc_colleague", name="Colleague", groups="customer_core.group_customer_user"
        )

    def test_second_advisor_cannot_read_the_collector(self):
        with self.assertRaises(AccessError):
            self.collector.with_user(self.advisor_b).read(["name"])
        self.assertFalse(self.env["res.partner"].with_user(self.advisor_b).search([("id", "=", self.collector.id)]))
        self.assertEqual(self.collector.with_user(self.advisor).read(["name"])[0]["name"], "CC Private Core")

    def test_advisor_notes_stay_with_the_advisor(self):
        info = self.collector.collector_private_ids
        with self.assertRaises(AccessError):
            info.with_user(self.colleague).read(["advisor_note"])
        self.assertFalse(self.collector.with_user(self.colleague).advisor_note)
        self.assertEqual(self.collector.with_user(self.advisor).advisor_note, "Divorce pending: discretion")
        self.assertTrue(self.collector.with_user(self.manager).advisor_note)

    def test_reads_of_a_core_collectors_private_file_are_audit_logged(self):
        info = self.collector.collector_private_ids
        domain = [
            ("model_id.model", "=", "collector.private.info"),
            ("res_id", "=", info.id),
            ("method", "=", "read"),
            ("user_id", "=", self.advisor.id),
        ]
        before = self.env["auditlog.log"].search_count(domain)
        self.collector.with_user(self.advisor).web_read({"budget_max": {}, "advisor_note": {}})
        self.assertGreater(self.env["auditlog.log"].search_count(domain), before)

    def test_anonymous_collector_hides_the_name(self):
        anonymous = self._collector("CC Mr Secret", self.advisor, collector_anonymous=True)
        self.assertEqual(anonymous.with_user(self.advisor).display_name, "CC Mr Secret")
        self.assertEqual(anonymous.with_user(self.manager).display_name, "CC Mr Secret")
        hidden = anonymous.with_user(self.colleague).display_name
        self.assertNotIn("Secret", hidden)
        self.assertIn(str(anonymous.id), hidden)

    def test_finance_gets_no_contact_data(self):
        finance = new_test_user(
            self.env,
            login="cc_finance_orm",
            groups="sales_team.group_sale_salesman_all_leads,collector_crm.group_collector_finance",
        )
        partner = self.collector.with_user(finance)
        described = partner.fields_get()
        for fname in ("email", "phone", "email_normalized", "street", "budget_max", "advisor_note"):
            self.assertNotIn(fname, described)
        self.assertEqual(partner.read(["name"])[0]["name"], "CC Private Core")
        for fname in ("phone", "email"):
            with self.assertRaises(AccessError):
                partner.read([fname])
