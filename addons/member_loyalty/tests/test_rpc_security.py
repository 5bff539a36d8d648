from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestRpcSecurity(HttpCase):
    """Through XML-RPC, as an external client would: a cashier can neither change a tier
    nor a balance, and nobody can edit or delete the ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = new_test_user(cls.env, login="ml_rpc_cashier", groups="member_loyalty.group_member_cashier")
        cls.manager = new_test_user(cls.env, login="ml_rpc_manager", groups="member_loyalty.group_member_manager")
        cls.member = cls.env["res.partner"].create({"name": "RPC 会员"})
        cls.member.with_context(loyalty_no_mail=True).action_member_enroll()
        cls.entry = cls.member.member_card_id._member_post(
            [{"description": "opening", "issued": 100, "member_move_type": "adjust"}]
        )
        cls.gold = cls.env["member.tier"].search(
            [("company_id", "=", cls.env.company.root_id.id)], order="threshold desc", limit=1
        )

    def _call(self, login, model, method, *args):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, list(args))

    def test_cashier_cannot_change_tier_or_balance_over_rpc(self):
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call("ml_rpc_cashier", "res.partner", "write", [self.member.id], {"member_tier_id": self.gold.id})
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call("ml_rpc_cashier", "loyalty.card", "write", [self.member.member_card_id.id], {"points": 9999})
        # reading is allowed
        data = self._call("ml_rpc_cashier", "res.partner", "read", [self.member.id], ["member_points"])
        self.assertEqual(data[0]["member_points"], 100)

    def test_nobody_edits_or_deletes_the_ledger_over_rpc(self):
        for login in ("ml_rpc_cashier", "ml_rpc_manager"):
            with mute_logger("odoo.http"), self.assertRaises(Fault):
                self._call(login, "loyalty.history", "write", [self.entry.id], {"issued": 5000})
            with mute_logger("odoo.http"), self.assertRaises(Fault):
                self._call(login, "loyalty.history", "unlink", [self.entry.id])
        self.assertEqual(self.entry.issued, 100)


@tagged("post_install", "-at_install")
class TestCounterQr(HttpCase):
    def test_customer_joins_from_the_counter_qr_code(self):
        store = self.env.company
        # a Chinese store: a number typed without its country code is a +86 number
        store.partner_id.country_id = self.env.ref("base.cn")
        page = self.url_open(f"/member/join/{store.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("csrf_token", page.text)
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        done = self.url_open(
            f"/member/join/{store.id}",
            data={"csrf_token": token, "name": "扫码新会员", "phone": "+86 137 2468 1357", "consent": "1"},
        )
        self.assertEqual(done.status_code, 200)
        partner = self.env["res.partner"].search([("name", "=", "扫码新会员")])
        self.assertTrue(partner.is_member)
        self.assertEqual(partner.member_join_channel, "counter")
        self.assertTrue(partner.marketing_consent)
        self.assertIn(partner.member_number, done.text)
        # scanning again with the same phone does not create a second member
        self.url_open(
            f"/member/join/{store.id}",
            data={"csrf_token": token, "name": "扫码新会员", "phone": "13724681357"},
        )
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "扫码新会员")]), 1)
