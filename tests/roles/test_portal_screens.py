"""The portal row of the role × screen matrix (#23): a portal customer opens every page of their
portal (the documents' counters of /my/home, then every /my/... page it links to) without an error.

Portal users have no menus in the web client: their screens are the portal's pages. The customer
owns one document of each kind the suite's portal pages list (a quotation, an order, an invoice).
"""

import re

from odoo.tests import HttpCase, new_test_user
from odoo.tools import mute_logger

MY_LINK = re.compile(r'href="(/my/[a-z_]+)(?:\?[^"]*)?"')


class TestPortalScreens(HttpCase):
    # outside an addon: Odoo's test classes take their tags from odoo.addons.<module>, set here
    test_tags = {"standard", "post_install"}
    test_module = "roles"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="role_screen_portal", groups="base.group_portal")
        partner = cls.portal.partner_id
        product = cls.env["product.product"].search([("sale_ok", "=", True), ("type", "=", "consu")], limit=1)
        if "sale.order" in cls.env and product:
            order = cls.env["sale.order"].create(
                {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
            )
            cls.env["sale.order"].create(
                {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 2})]}
            ).action_quotation_sent()
            order.action_confirm()

    @mute_logger("odoo.http")
    def test_portal_customer_opens_every_portal_page(self):
        self.authenticate("role_screen_portal", "role_screen_portal")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200, "/my/home")
        counters = sorted(set(re.findall(r'data-placeholder_count="([a-z_]+)"', home.text)))
        answer = self.make_jsonrpc_request("/my/counters", {"counters": counters})
        self.assertEqual(set(answer), set(counters), "/my/counters")
        pages = sorted(set(MY_LINK.findall(home.text)) - {"/my/home", "/my/security", "/my/deactivate_account"})
        failures = []
        for page in pages:
            res = self.url_open(page)
            if res.status_code != 200 or "o_error_detail" in res.text or "Access Error" in res.text:
                failures.append(f"portal | {page} | HTTP {res.status_code}")
        if failures:
            self.fail(f"{len(failures)} portal pages fail:\n" + "\n".join(failures))
