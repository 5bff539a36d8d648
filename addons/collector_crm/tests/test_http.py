import re
import subprocess
import tempfile
from datetime import timedelta
from xmlrpc.client import Fault

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CollectorFixtures

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestCollectorHttp(HttpCase, CollectorFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_collector_fixtures()
        cls.collector = cls._collector(
            "CC Madame Lin", cls.advisor, level="core", budget=(10000, 900000), street="18 Yuyuan Road"
        )
        cls.available = cls._artwork("CC Misty Lake", cls.artist_wu, cls.cat_ink, 280000, medium=cls.medium_paper)
        cls.sold = cls._artwork("CC Sold Pines", cls.artist_wu, cls.cat_ink, 120000)
        cls.reco = cls.env["collector.recommendation"].create(
            {
                "name": "CC Selection for Madame Lin",
                "partner_id": cls.collector.id,
                "user_id": cls.advisor.id,
                "note": "<p>Two ink works I think you will love.</p>",
                "line_ids": [
                    fields.Command.create({"artwork_id": cls.available.id}),
                    fields.Command.create({"artwork_id": cls.sold.id}),
                ],
            }
        )
        # the second work is sold after the link was sent
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.sold.company_id.id)], limit=1)
        Quant = cls.env["stock.quant"].sudo()
        Quant._update_available_quantity(cls.sold.product_id, warehouse.lot_stock_id, -1, lot_id=cls.sold.lot_id)
        Quant._update_available_quantity(
            cls.sold.product_id, cls.env.ref("stock.stock_location_customers"), 1, lot_id=cls.sold.lot_id
        )
        cls.env.flush_all()

    # ------------------------------------------------------------------ privacy through RPC
    def test_rpc_second_advisor_cannot_read(self):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "cc_advisor_b", "cc_advisor_b", {})
        with mute_logger("odoo.http"), self.assertRaises(Fault) as caught:
            self.xmlrpc_object.execute(
                self.env.cr.dbname, uid, "cc_advisor_b", "res.partner", "read", [self.collector.id], ["name"]
            )
        self.assertIn("(res.partner)", caught.exception.faultString)
        found = self.xmlrpc_object.execute(
            self.env.cr.dbname, uid, "cc_advisor_b", "res.partner", "search", [("id", "=", self.collector.id)]
        )
        self.assertEqual(found, [])

    def test_rpc_finance_gets_amounts_but_no_contact_data(self):
        new_test_user(
            self.env,
            login="cc_finance",
            groups="sales_team.group_sale_salesman_all_leads,collector_crm.group_collector_finance",
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.collector.id,
                "order_line": [fields.Command.create({"product_id": self.available.product_id.id, "price_unit": 1000})],
            }
        )
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_finance", "cc_finance", {})
        described = self.xmlrpc_object.execute(db, uid, "cc_finance", "res.partner", "fields_get", [], ["type"])
        self.assertNotIn("budget_max", described)
        rows = self.xmlrpc_object.execute(
            db, uid, "cc_finance", "res.partner", "search_read", [("id", "=", self.collector.id)], ["name", "phone"]
        )
        self.assertEqual(rows[0]["name"], "CC Madame Lin")
        self.assertFalse(rows[0]["phone"])
        amounts = self.xmlrpc_object.execute(db, uid, "cc_finance", "sale.order", "read", [order.id], ["amount_total"])
        self.assertEqual(amounts[0]["amount_total"], order.amount_total)

    def test_rpc_finance_every_read_path_withholds_contact_data(self):
        """read, search_read, web_read, web_search_read, export, read_group, search: a collector's
        e-mail, phone and street never come back; a supplier's do (the accountant needs them)."""
        new_test_user(
            self.env,
            login="cc_finance_paths",
            groups="account.group_account_invoice,collector_crm.group_collector_finance,base.group_allow_export",
        )
        supplier = self.env["res.partner"].create(
            {"name": "CC Paths Supplier", "email": "paths.supplier@example.com", "street": "9 Supply Road"}
        )
        db, login = self.env.cr.dbname, "cc_finance_paths"
        uid = self.xmlrpc_common.authenticate(db, login, login, {})
        ids = [self.collector.id]

        def call(method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(db, uid, login, "res.partner", method, list(args), kwargs)

        contact = {"email": {}, "phone": {}, "street": {}, "contact_address": {}}
        blank = [
            call("read", ids, ["email", "phone", "street"])[0],
            call("search_read", [("id", "in", ids)], ["email", "phone", "street"])[0],
            call("web_read", ids, contact)[0],
            call("web_search_read", [("id", "in", ids)], contact)["records"][0],
        ]
        for row in blank:
            self.assertFalse(row.get("email") or row.get("phone") or row.get("street"), row)
            self.assertNotIn("Yuyuan", row.get("contact_address") or "")
        self.assertEqual(call("export_data", ids, ["name", "email", "phone"])["datas"], [["CC Madame Lin", "", ""]])
        groups = call("formatted_read_group", [("id", "in", [*ids, supplier.id])], ["email"], ["__count"])
        self.assertEqual([group["email"] for group in groups], ["paths.supplier@example.com"])
        self.assertEqual(call("search", [("email", "ilike", "madame")]), [])
        self.assertEqual(call("search_count", [("id", "in", ids), ("phone", "!=", False)]), 0)
        self.assertFalse(call("name_search", "cc.madame.lin@example"), "no search by a collector's e-mail")
        # an order's export of its customer's e-mail (the partner column of another model)
        order = self.env["sale.order"].create({"partner_id": self.collector.id})
        exported = self.xmlrpc_object.execute_kw(
            db, uid, login, "sale.order", "export_data", [[order.id], ["name", "partner_id/email"]], {}
        )
        self.assertEqual(exported["datas"][0][1], "")
        # what finance may see comes back: the collector's name, the supplier's contact data
        self.assertEqual(call("read", ids, ["name"])[0]["name"], "CC Madame Lin")
        self.assertIn(self.collector.id, [row[0] for row in call("name_search", "Madame Lin")])
        self.assertEqual(call("read", [supplier.id], ["email"])[0]["email"], "paths.supplier@example.com")
        self.assertEqual(call("search", [("email", "=", "paths.supplier@example.com")]), [supplier.id])
        self.assertEqual(call("export_data", [supplier.id], ["street"])["datas"], [["9 Supply Road"]])
        # a salesman without the finance group receives the e-mail
        new_test_user(self.env, login="cc_sales_paths", groups="sales_team.group_sale_salesman_all_leads")
        uid_sales = self.xmlrpc_common.authenticate(db, "cc_sales_paths", "cc_sales_paths", {})
        rows = self.xmlrpc_object.execute(db, uid_sales, "cc_sales_paths", "res.partner", "read", ids, ["email"])
        self.assertEqual(rows[0]["email"], "cc.madame.lin@example.com")

    def test_rpc_reads_of_core_collectors_are_audit_logged(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_advisor_a", "cc_advisor_a", {})
        self.xmlrpc_object.execute(db, uid, "cc_advisor_a", "res.partner", "read", [self.collector.id], ["phone"])
        log = self.env["auditlog.log"].search(
            [("model_id.model", "=", "res.partner"), ("res_id", "=", self.collector.id), ("user_id", "=", uid)]
        )
        self.assertEqual(log.line_ids.field_id.name, "phone")

    def test_web_client_reads_of_core_collectors_are_audit_logged_once(self):
        """The web client reads a form on a read-only cursor: the contact data and the private
        file read are logged all the same, and the request is served once (no failed INSERT, no
        second run on a read/write cursor)."""
        self.authenticate("cc_advisor_a", "cc_advisor_a")
        domain = [("user_id", "=", self.advisor.id), ("method", "=", "read")]
        with self.assertNoLogs("odoo.http", "WARNING"), self.assertNoLogs("odoo.sql_db", "ERROR"):
            values = self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.partner/web_read",
                {
                    "model": "res.partner",
                    "method": "web_read",
                    "args": [[self.collector.id]],
                    "kwargs": {"specification": {"phone": {}, "budget_max": {}}},
                },
            )
        self.assertEqual(values[0]["budget_max"], 900000)
        contact = self.env["auditlog.log"].search(
            [*domain, ("model_id.model", "=", "res.partner"), ("res_id", "=", self.collector.id)]
        )
        self.assertEqual(contact.line_ids.field_id.name, "phone")
        file = self.collector.sudo().collector_private_ids
        private = self.env["auditlog.log"].search(
            [*domain, ("model_id.model", "=", "collector.private.info"), ("res_id", "=", file.id)]
        )
        self.assertEqual(len(private), 1, "the private file read is logged by auditlog's rule")

    def test_rpc_anonymous_collector_hidden_from_a_colleague(self):
        new_test_user(
            self.env,
            login="cc_colleague_rpc",
            groups="customer_core.group_customer_user,base.group_allow_export",
        )
        self.collector.collector_anonymous = True
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_colleague_rpc", "cc_colleague_rpc", {})

        def call(method, *args):
            return self.xmlrpc_object.execute(db, uid, "cc_colleague_rpc", "res.partner", method, *args)

        alias = f"Anonymous collector #{self.collector.id}"
        rows = call("search_read", [("id", "=", self.collector.id)], ["name", "email"])
        self.assertEqual(rows[0]["name"], alias)
        self.assertFalse(rows[0]["email"])
        self.assertEqual(call("search", [("name", "ilike", "Madame Lin")]), [], "not found by the real name")
        self.assertNotIn(self.collector.id, [row[0] for row in call("name_search", "Madame Lin")])
        self.assertEqual(call("search", [("email", "=", "cc.madame.lin@example.com")]), [])
        self.assertEqual(call("export_data", [self.collector.id], ["name", "email"])["datas"], [[alias, ""]])

    # ------------------------------------------------------------------ recommendation PDF
    def test_recommendation_pdf_contains_the_artworks(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("collector_crm.action_report_collector_recommendation", self.reco.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(pdf)
            tmp.flush()
            text = subprocess.run(["pdftotext", tmp.name, "-"], capture_output=True, check=True).stdout.decode()
        self.assertIn("CC Misty Lake", text)
        self.assertIn("CC Sold Pines", text)
        self.assertIn("CC Madame Lin", text)
        self.assertIn("CC Wu Guanzhong", text)
        self.assertIn("Sold", text)

    # ------------------------------------------------------------------ viewing room
    def test_viewing_room_live_availability_and_answers(self):
        url = self.reco.viewing_room_url
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("CC Misty Lake", page)
        self.assertIn('data-availability="sold"', page)
        self.assertIn('data-availability="available"', page)
        self.assertEqual(page.count('name="kind" value="interest"'), 1, "a sold work is never offered")
        image = self.url_open(
            f"/viewing-room/{self.reco.id}/image/{self.reco.line_ids[0].id}?token={url.split('token=')[1]}"
        )
        self.assertEqual(image.status_code, 200)

        line = self.reco.line_ids.filtered(lambda l: l.artwork_id == self.available)
        csrf = CSRF_RE.search(page).group(1)
        answer = self.url_open(
            f"/viewing-room/{self.reco.id}/respond?token={url.split('token=')[1]}",
            data={"csrf_token": csrf, "line_id": line.id, "kind": "interest", "message": "Can I see it on Friday?"},
        )
        self.assertEqual(answer.status_code, 200)
        interaction = self.env["customer.interaction"].search(
            [("partner_id", "=", self.collector.id), ("artwork_ids", "in", self.available.ids)]
        )
        self.assertEqual(interaction.summary, "Can I see it on Friday?")
        self.assertEqual(line.response, "interest")
        self.assertTrue(self.reco.activity_ids.filtered(lambda a: a.user_id == self.advisor))

    def test_viewing_room_link_is_signed_and_expires(self):
        token = self.reco.viewing_room_url.split("token=")[1]
        self.assertEqual(self.url_open(f"/viewing-room/{self.reco.id}?token={token[:-2]}xx").status_code, 404)
        self.reco.expiry_date = fields.Date.today() - timedelta(days=1)
        expired = self.reco.viewing_room_url.split("token=")[1]
        self.assertEqual(self.url_open(f"/viewing-room/{self.reco.id}?token={expired}").status_code, 404)
        self.assertEqual(self.url_open(f"/viewing-room/{self.reco.id}?token={token}").status_code, 404)

    # ------------------------------------------------------------------ RSVP portal link
    def test_rsvp_link(self):
        event = self.env["event.event"].create(
            {
                "name": "CC Studio visit",
                "is_collector_event": True,
                "date_begin": fields.Datetime.now() + timedelta(days=5),
                "date_end": fields.Datetime.now() + timedelta(days=5, hours=2),
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.collector.id, "state": "draft", "rsvp_state": "invited"}
        )
        page = self.url_open(registration.rsvp_url)
        self.assertEqual(page.status_code, 200)
        csrf = CSRF_RE.search(page.text).group(1)
        self.url_open(registration.rsvp_url, data={"csrf_token": csrf, "answer": "yes"})
        self.assertEqual(registration.rsvp_state, "accepted")
        self.assertTrue(self.collector.interaction_ids.filtered(lambda i: i.res_model == "event.event"))
        bad = registration.rsvp_url.rsplit("/", 1)[0] + "/wrong"
        self.assertEqual(self.url_open(bad).status_code, 404)

    # ------------------------------------------------------------------ graph tour
    def test_graph_tour(self):
        neighbour = self.env["res.partner"].create({"name": "Tour Neighbour"})
        second = self.env["res.partner"].create({"name": "Tour Depth Two"})
        self.env["res.partner.relation"].create(
            [
                {
                    "left_partner_id": self.collector.id,
                    "right_partner_id": neighbour.id,
                    "type_id": self.env.ref("collector_crm.relation_type_mentor").id,
                },
                {
                    "left_partner_id": neighbour.id,
                    "right_partner_id": second.id,
                    "type_id": self.env.ref("collector_crm.relation_type_spouse").id,
                },
            ]
        )
        self.start_tour(
            f"/odoo/action-collector_crm.res_partner_action_collectors/{self.collector.id}",
            "collector_crm_graph_tour",
            login="admin",
        )
