"""#18: a stored value payment at the till and a spend at the backend counter race for one card,
each in its own real database transaction: the second waits for the first's row lock and is
refused when the card no longer holds enough; the balance never goes below zero. The till's
side is the cashier's sync_from_ui. The data is committed (not in a test transaction) and
removed after the test."""

import uuid

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from odoo.addons.member_loyalty.tests.test_concurrency import race


@tagged("post_install", "-at_install")
class TestTillRace(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"loyalty_no_mail": True, "tracking_disable": True})
            head = env["res.company"].search(
                [("member_wallet_program_id", "!=", False), ("member_prepayment_account_id", "!=", False)], limit=1
            )
            if not head:
                self.skipTest("needs a head office with stored value set up (demo data)")
            env = env(context=dict(env.context, allowed_company_ids=head.ids))
            user = env["res.users"].create(
                {
                    "name": "Till race cashier",
                    "login": f"mlp_race_{tag}",
                    "company_id": head.id,
                    "company_ids": [Command.set(head.ids)],
                    "group_ids": [
                        Command.set(
                            [
                                env.ref("point_of_sale.group_pos_user").id,
                                env.ref("member_loyalty.group_member_cashier").id,
                            ]
                        )
                    ],
                }
            )
            method = env["pos.payment.method"].create(
                {
                    "name": f"Stored value {tag}",
                    "split_transactions": True,
                    "member_wallet": True,
                    "company_id": head.id,
                }
            )
            config = env["pos.config"].create(
                {"name": f"Race till {tag}", "company_id": head.id, "payment_method_ids": [Command.set(method.ids)]}
            )
            product = env["product.product"].create(
                {"name": f"Race service {tag}", "type": "service", "available_in_pos": True, "taxes_id": False}
            )
            partner = env["res.partner"].create({"name": "收银抢付会员"})
            partner.with_company(head).action_member_enroll(store=head)
            card = partner.member_wallet_id
            card._member_post([{"description": "opening", "issued": 100, "member_move_type": "topup"}])
            config.open_ui()
            self.ids = {
                "user": user.id,
                "method": method.id,
                "config": config.id,
                "session": config.current_session_id.id,
                "product": product.id,
                "partner": partner.id,
                "card": card.id,
                "points_card": partner.member_card_id.id,
                "head": head.id,
                "pricelist": config.pricelist_id.id,
            }
        self.addCleanup(self._purge)

    def _purge(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            cr.execute("SELECT array_agg(id) FROM pos_order WHERE session_id = %s", [ids["session"]])
            order_ids = cr.fetchone()[0] or []
            cr.execute(
                "SELECT array_agg(DISTINCT account_move_id) FROM loyalty_history WHERE card_id = %s", [ids["card"]]
            )
            move_ids = [m for m in (cr.fetchone()[0] or []) if m]
            cr.execute("SET LOCAL member_loyalty.allow_purge = 'on'")
            cr.execute("DELETE FROM loyalty_history WHERE card_id = ANY(%s)", [[ids["card"], ids["points_card"]]])
            cr.execute("DELETE FROM pos_payment WHERE pos_order_id = ANY(%s)", [order_ids])
            cr.execute("DELETE FROM pos_order_line WHERE order_id = ANY(%s)", [order_ids])
            cr.execute("DELETE FROM pos_order WHERE id = ANY(%s)", [order_ids])
            cr.execute("DELETE FROM account_move_line WHERE move_id = ANY(%s)", [move_ids])
            cr.execute("DELETE FROM account_move WHERE id = ANY(%s)", [move_ids])
            cr.execute("DELETE FROM pos_session WHERE id = %s", [ids["session"]])
            cr.execute(
                "UPDATE res_partner SET member_card_id = NULL, member_wallet_id = NULL WHERE id = %s", [ids["partner"]]
            )
            cr.execute("DELETE FROM loyalty_card WHERE id = ANY(%s)", [[ids["card"], ids["points_card"]]])
            cr.execute("DELETE FROM member_tier_history WHERE partner_id = %s", [ids["partner"]])
            env = api.Environment(cr, SUPERUSER_ID, {})
            config = env["pos.config"].browse(ids["config"])
            config.active = False
            env["pos.payment.method"].browse(ids["method"]).active = False
            env["product.product"].browse(ids["product"]).active = False
            env["res.users"].browse(ids["user"]).active = False
            env["res.partner"].browse(ids["partner"]).active = False

    def _till_pays(self, cr, amount):
        env = api.Environment(
            cr, self.ids["user"], {"allowed_company_ids": [self.ids["head"]], "loyalty_no_mail": True}
        )
        uid = str(uuid.uuid4())
        env["pos.order"].sync_from_ui(
            [
                {
                    "uuid": uid,
                    "name": f"Order {uid}",
                    "session_id": self.ids["session"],
                    "partner_id": self.ids["partner"],
                    "pricelist_id": self.ids["pricelist"],
                    "user_id": self.ids["user"],
                    "date_order": fields.Datetime.to_string(fields.Datetime.now()),
                    "amount_paid": amount,
                    "amount_return": 0,
                    "amount_tax": 0,
                    "amount_total": amount,
                    "fiscal_position_id": False,
                    "last_order_preparation_change": "{}",
                    "to_invoice": False,
                    "state": "paid",
                    "lines": [
                        Command.create(
                            {
                                "product_id": self.ids["product"],
                                "qty": 1,
                                "price_unit": amount,
                                "price_subtotal": amount,
                                "price_subtotal_incl": amount,
                                "tax_ids": [],
                                "uuid": str(uuid.uuid4()),
                            }
                        )
                    ],
                    "payment_ids": [
                        Command.create(
                            {"amount": amount, "name": fields.Datetime.now(), "payment_method_id": self.ids["method"]}
                        )
                    ],
                }
            ]
        )

    def _backend_spends(self, cr, amount):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["loyalty.card"].browse(self.ids["card"])._member_debit(
            amount, {"description": "backend counter", "member_move_type": "spend"}
        )

    def _balance(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT points FROM loyalty_card WHERE id = %s", [self.ids["card"]])
            points = cr.fetchone()[0]
            cr.execute("SELECT SUM(issued - used) FROM loyalty_history WHERE card_id = %s", [self.ids["card"]])
            return points, cr.fetchone()[0]

    def _race(self, first, second):
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            first(cr1, 80)  # holds the card's row, not committed yet
            outcome = race(self, cr1, cr2, lambda cr: second(cr, 80), attempts=2)
        finally:
            cr1.close()
            cr2.close()
        return outcome

    def test_backend_spend_then_till_payment(self):
        outcome = self._race(self._backend_spends, self._till_pays)
        self.assertIn("cannot be spent", outcome.get("result", ""))
        self.assertEqual(self._balance(), (20, 20))
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM pos_order WHERE session_id = %s", [self.ids["session"]])
            self.assertEqual(cr.fetchone()[0], 0, "the refused till order writes nothing")

    def test_till_payment_then_backend_spend(self):
        outcome = self._race(self._till_pays, self._backend_spends)
        self.assertIn("cannot be spent", outcome.get("result", ""))
        self.assertEqual(self._balance(), (20, 20))
