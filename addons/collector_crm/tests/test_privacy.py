from datetime import timedelta

from odoo import fields
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
        for fname in ("budget_max", "advisor_note"):
            self.assertNotIn(fname, described)
        values = partner.read(["name", "phone", "email", "street"])[0]
        self.assertEqual(values["name"], "CC Private Core")
        self.assertEqual([values["phone"], values["email"], values["street"]], [False, False, False])
        self.assertFalse(self._logs_of(finance), "nothing private was handed out: nothing to audit")

    def _logs_of(self, user):
        return self.env["auditlog.log"].search(
            [("model_id.model", "=", "res.partner"), ("res_id", "=", self.collector.id), ("user_id", "=", user.id)]
        )


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

    # ------------------------------------------------------------------ anonymity edges
    def test_search_by_real_name_does_not_find_the_alias(self):
        Partner = self.env["res.partner"].with_user(self.colleague)
        self.assertFalse(Partner.search([("name", "ilike", "Mrs Hidden")]))
        self.assertFalse(Partner.search([("id", "=", self.secret.id), ("display_name", "ilike", "Hidden")]))
        self.assertNotIn(self.secret.id, [row[0] for row in Partner.name_search("Mrs Hidden")])
        self.assertFalse(Partner.search([("email", "ilike", "cc.mrs.hidden")]), "the e-mail tells the name too")
        self.assertFalse(Partner.search_count([("id", "=", self.secret.id), ("name", "=like", "CC Mrs%")]))
        groups = Partner.formatted_read_group([("id", "in", (self.secret | self.core).ids)], ["name"], ["__count"])
        self.assertEqual([group["name"] for group in groups], ["CC Audited Core"], "no group labelled by the name")
        # nor does a negative condition: the answer never depends on the name
        for operator, value in (("not ilike", "Hidden"), ("not ilike", "Nobody"), ("!=", "CC Mrs Hidden")):
            self.assertFalse(Partner.search([("id", "=", self.secret.id), ("name", operator, value)]))
        # through the order's customer
        order = self.env["sale.order"].create({"partner_id": self.secret.id, "user_id": self.advisor.id})
        Order = self.env["sale.order"].with_user(self.colleague)
        self.assertFalse(Order.search([("id", "=", order.id), ("partner_id", "ilike", "Mrs Hidden")]))
        self.assertEqual(Order.search([("id", "=", order.id), ("partner_id", "=", self.secret.id)]), order)
        # the advisor and the managers find the collector by name
        for user in (self.advisor, self.manager):
            found = self.env["res.partner"].with_user(user).search([("name", "=", "CC Mrs Hidden")])
            self.assertEqual(found, self.secret)
        # an ordinary contact is found by name by everyone
        self.assertEqual(Partner.search([("name", "=", "CC Audited Core")]), self.core)

    def test_anonymous_collector_contact_data_stays_with_the_advisor(self):
        values = self.secret.with_user(self.colleague).read(["email", "phone"])[0]
        self.assertEqual([values["email"], values["phone"]], [False, False])
        self.assertEqual(self.secret.with_user(self.advisor).read(["email"])[0]["email"], "cc.mrs.hidden@example.com")

    def _order_for_secret(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.secret.id,
                "user_id": self.advisor.id,
                "order_line": [fields.Command.create({"product_id": self.artwork.product_id.id, "price_unit": 1000})],
            }
        )

    def test_quotation_pdf_and_email_by_a_colleague_carry_the_alias(self):
        """A colleague who prints or sends the quotation does not learn the name; the advisor's
        (and a manager's) copy, the one the collector receives from them, is addressed by name."""
        order = self._order_for_secret()
        alias = f"Anonymous collector #{self.secret.id}"
        Report = self.env["ir.actions.report"]
        html = Report.with_user(self.colleague)._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
        self.assertNotIn("Mrs Hidden", html.decode())
        self.assertIn(alias, html.decode(), "the watermark carries the alias")
        html = Report.with_user(self.advisor)._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
        self.assertIn("CC Mrs Hidden", html.decode())
        # sent by e-mail by the colleague: it reaches the collector, no copy tells the name
        action = order.with_user(self.colleague).action_quotation_send()
        composer = (
            self.env["mail.compose.message"].with_user(self.colleague).with_context(**action["context"]).create({})
        )
        self.assertNotIn("Mrs Hidden", str(composer.body))
        composer.action_send_mail()
        message = order.message_ids.filtered(lambda m: self.secret in m.partner_ids)
        self.assertEqual(len(message), 1, "the quotation went to the collector")
        self.assertNotIn("Mrs Hidden", str(message.body) + str(message.subject))
        for attachment in message.attachment_ids:
            self.assertNotIn(b"Mrs Hidden", attachment.raw)

    def test_chatter_shows_the_alias(self):
        from odoo.addons.mail.tools.discuss import Store

        order = self._order_for_secret()
        order.message_subscribe(partner_ids=self.secret.ids)
        received = order.message_post(
            body="Is the work still available?",
            author_id=self.secret.id,
            email_from='"CC Mrs Hidden" <cc.mrs.hidden@example.com>',
            message_type="email",
        )
        sent = order.with_user(self.advisor).message_post(
            body="Here it is.", partner_ids=self.secret.ids, message_type="comment"
        )
        for user, visible in ((self.colleague, False), (self.advisor, True)):
            with self.subTest(user=user.login):
                messages = (received | sent).with_user(user)
                followers = order.message_follower_ids.with_user(user)
                data = str(Store().add(messages).add(followers).get_result())
                at = data.find("Mrs Hidden")
                self.assertEqual("Mrs Hidden" in data, visible, data[max(at - 400, 0) : at + 100])
                self.assertEqual("cc.mrs.hidden" in data, visible)
                if not visible:
                    self.assertIn(f"Anonymous collector #{self.secret.id}", data)
                # read() of the messages (RPC): the sender's address likewise
                senders = str(messages.sudo().read(["email_from"]))
                self.assertEqual("cc.mrs.hidden" in senders, visible, senders)

    def test_tracked_change_of_customer_shows_the_alias(self):
        """The advisor moves a quotation from the anonymous collector to another customer: the
        tracking line stored the real name (the advisor's display name), a colleague reads the
        alias in its place, the advisor still reads the name."""
        from odoo.addons.mail.tools.discuss import Store

        order = self._order_for_secret()
        other = self._collector("CC Known Buyer", self.advisor)
        order.state = "sent"  # Odoo tracks no change of a draft quotation
        self.env.cr.precommit.run()  # created in an earlier transaction, as in the web client
        order.with_user(self.advisor).with_context(tracking_disable=False, mail_notrack=False).partner_id = other
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "sale.order"),
                ("mail_message_id.res_id", "=", order.id),
                ("field_id.name", "=", "partner_id"),
            ]
        )
        self.assertEqual(tracking.old_value_char, "CC Mrs Hidden", "stored as the advisor saw it")
        for user, visible in ((self.colleague, False), (self.advisor, True)):
            with self.subTest(user=user.login):
                data = Store().add(tracking.mail_message_id.with_user(user)).get_result()
                values = str([m.get("trackingValues") for m in data["mail.message"]])
                self.assertIn("CC Known Buyer", values)
                self.assertEqual("Mrs Hidden" in values, visible, values)
                self.assertEqual(f"Anonymous collector #{self.secret.id}" in values, not visible, values)

    def test_guest_list_shows_the_alias(self):
        event = self.env["event.event"].create(
            {
                "name": "CC Anonymous dinner",
                "is_collector_event": True,
                "date_begin": fields.Datetime.now() + timedelta(days=3),
                "date_end": fields.Datetime.now() + timedelta(days=3, hours=2),
            }
        )
        registration = self.env["event.registration"].create({"event_id": event.id, "partner_id": self.secret.id})
        self.assertEqual(registration.name, "CC Mrs Hidden", "the registration copies the contact")
        desk = new_test_user(
            self.env, login="cc_event_desk", groups="event.group_event_user,customer_core.group_customer_user"
        )
        row = registration.with_user(desk).read(["name", "email", "partner_id"])[0]
        self.assertEqual(row["name"], f"Anonymous collector #{self.secret.id}")
        self.assertFalse(row["email"])
        self.assertEqual(row["partner_id"][1], row["name"])
        self.advisor.group_ids += self.env.ref("event.group_event_user")
        self.assertEqual(registration.with_user(self.advisor).read(["name"])[0]["name"], "CC Mrs Hidden")
