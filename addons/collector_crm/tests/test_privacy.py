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


@tagged("post_install", "-at_install")
class TestPrivacyEverywhere(CollectorCommon):
    """Audit of a core collector's contact data, and the anonymous flag beyond the display name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.core = cls._collector("CC Audited Core", cls.advisor, level="core", street="1 Bund Road")
        cls.potential = cls._collector("CC Not Audited", cls.advisor, level="potential")
        cls.secret = cls._collector("CC Mrs Hidden", cls.advisor, level="core", collector_anonymous=True)
        cls.colleague = new_test_user(
            cls.env,
            login="cc_colleague_everywhere",
            name="Colleague Everywhere",
            groups="customer_core.group_customer_user,sales_team.group_sale_salesman_all_leads,"
            "artwork_provenance.group_art_sales,base.group_allow_export",
        )
        (cls.advisor | cls.manager).group_ids += cls.env.ref("base.group_allow_export")
        cls.artwork = cls._artwork("CC Hidden Owner Work", cls.artist_wu, cls.cat_ink, 100000)
        cls.entry = cls.env["art.provenance.entry"].create(
            {
                "artwork_id": cls.artwork.id,
                "event_type": "acquired",
                "owner_id": cls.secret.id,
                "date": "2020-05-01",
            }
        )
        cls.match = cls.env["collector.match"].create(
            {"partner_id": cls.secret.id, "artwork_id": cls.artwork.id, "score": 5}
        )

    def _logs(self, partner, user):
        return self.env["auditlog.log"].search(
            [
                ("model_id.model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("user_id", "=", user.id),
            ]
        )

    # ------------------------------------------------------------------ audit
    def test_reads_of_a_core_collectors_contact_data_are_audit_logged(self):
        self.core.with_user(self.advisor).web_read({"name": {}, "phone": {}, "email": {}, "street": {}})
        log = self._logs(self.core, self.advisor)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.method, "read")
        self.assertEqual(set(log.line_ids.field_id.mapped("name")), {"phone", "email", "street"})
        self.assertFalse(any(log.line_ids.mapped("old_value_text")), "the private values are not copied")
        self.core.with_user(self.advisor).read(["name", "collector_level"])
        self.assertEqual(len(self._logs(self.core, self.advisor)), 1, "no private field, no log")
        self.potential.with_user(self.advisor).read(["phone", "email"])
        self.assertFalse(self._logs(self.potential, self.advisor), "only core collectors are audited")

    def test_exports_of_a_core_collectors_contact_data_are_audit_logged(self):
        self.core.with_user(self.advisor).export_data(["name", "email"])
        log = self._logs(self.core, self.advisor)
        self.assertEqual(log.method, "export_data")
        self.assertEqual(log.line_ids.field_id.name, "email")

    # ------------------------------------------------------------------ anonymity
    def test_anonymous_name_in_lists_and_searches(self):
        alias = f"Anonymous collector #{self.secret.id}"
        Partner = self.env["res.partner"].with_user(self.colleague)
        rows = Partner.search_read([("id", "=", self.secret.id)], ["name", "display_name", "complete_name"])
        self.assertEqual(rows[0]["name"], alias)
        self.assertEqual(rows[0]["display_name"], alias)
        self.assertEqual(rows[0]["complete_name"], alias)
        web = Partner.browse(self.secret.id).web_read({"name": {}, "display_name": {}})
        self.assertEqual(web[0]["name"], alias)
        exported = Partner.browse(self.secret.id).export_data(["name", "collector_level"])["datas"]
        self.assertEqual(exported[0][0], alias)
        # the advisor and the managers see the name
        for user in (self.advisor, self.manager):
            self.assertEqual(self.secret.with_user(user).read(["name"])[0]["name"], "CC Mrs Hidden")
            self.assertEqual(self.secret.with_user(user).export_data(["name"])["datas"][0][0], "CC Mrs Hidden")

    def test_anonymous_name_in_many2one_values_and_group_labels(self):
        alias = f"Anonymous collector #{self.secret.id}"
        match = self.match.with_user(self.colleague)
        self.assertEqual(match.read(["partner_id"])[0]["partner_id"], (self.secret.id, alias))
        web = match.web_read({"partner_id": {"fields": {"display_name": {}}}})
        self.assertEqual(web[0]["partner_id"]["display_name"], alias)
        groups = (
            self.env["collector.match"]
            .with_user(self.colleague)
            .formatted_read_group([("id", "=", self.match.id)], ["partner_id"], ["score:sum"])
        )
        self.assertEqual(groups[0]["partner_id"], (self.secret.id, alias))
        groups = (
            self.env["collector.match"]
            .with_user(self.manager)
            .formatted_read_group([("id", "=", self.match.id)], ["partner_id"], ["score:sum"])
        )
        self.assertEqual(groups[0]["partner_id"], (self.secret.id, "CC Mrs Hidden"))

    def test_anonymous_owner_in_the_provenance_chain(self):
        entry = self.entry.with_user(self.colleague)
        web = entry.web_read({"owner_id": {"fields": {"display_name": {}}}})
        self.assertEqual(web[0]["owner_id"]["display_name"], f"Anonymous collector #{self.secret.id}")
        report = self.env["ir.actions.report"].with_user(self.colleague)
        html = report._render_qweb_html("artwork_provenance.report_artwork_sheet", self.artwork.ids)[0].decode()
        self.assertIn("Private collector", html)
        self.assertNotIn("CC Mrs Hidden", html)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.advisor)
            .sudo()
            ._render_qweb_html("artwork_provenance.report_artwork_sheet", self.artwork.ids)[0]
            .decode()
        )
        self.assertIn("CC Mrs Hidden", html, "the advisor's own document names the owner")
