import threading
import time
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


def race(test, cr1, cr2, second, attempts):
    """Counter 1 (``cr1``) has done its part and holds its locks, not committed yet. Counter 2 runs
    ``second(cr2)`` meanwhile in a thread, as Odoo serves a request: started over after a
    serialization failure, at most ``attempts`` times. Counter 2 must wait until counter 1 commits.
    Returns {"result": "done" or counter 2's UserError message, "retried": True if it started over}.

    Counter 2's environment is made here, in the test's thread: a thread that makes the first
    environment of a cursor looks the registry up (``Registry(dbname)``), and Odoo's test runner
    (``--test-enable --stop-after-init``) holds the registries' lock while the tests run, so the
    thread would wait for it forever. Later environments of the cursor reuse its transaction."""
    outcome = {}
    api.Environment(cr2, SUPERUSER_ID, {})

    def counter_two():
        for _attempt in range(attempts):
            try:
                # the serialization failure is logged by the cursor before Odoo's retry would take it
                with mute_logger("odoo.sql_db"):
                    second(cr2)
                cr2.commit()
                outcome["result"] = "done"
                return
            except psycopg2.errors.SerializationFailure:
                cr2.rollback()
                outcome["retried"] = True
            except UserError as e:
                cr2.rollback()
                outcome["result"] = str(e)
                return

    thread = threading.Thread(target=counter_two)
    thread.start()
    time.sleep(1.0)
    test.assertTrue(thread.is_alive(), "counter 2 must wait for counter 1")
    cr1.commit()
    thread.join(30)
    test.assertFalse(thread.is_alive(), "counter 2 must be served once counter 1 has committed")
    return outcome


@tagged("post_install", "-at_install")
class TestDoubleSpend(BaseCase):
    """Two counters spend from one stored value card at the same moment, each in its own
    real database transaction: one of them must be refused, the balance never negative.
    Its card is committed (not in a test transaction) and removed after the test."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"loyalty_no_mail": True, "tracking_disable": True})
            partner = env["res.partner"].create({"name": "Race member"})
            card = env["loyalty.card"].create(
                {
                    "program_id": env.ref("member_loyalty.program_member_wallet").id,
                    "partner_id": partner.id,
                    "points": 0,
                    "balance_guard": True,
                }
            )
            card._member_post([{"description": "opening", "issued": 100, "member_move_type": "topup"}])
            self.partner_id, self.card_id = partner.id, card.id
        self.addCleanup(self._purge)

    def _purge(self):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL member_loyalty.allow_purge = 'on'")
            cr.execute("DELETE FROM loyalty_history WHERE card_id = %s", [self.card_id])
            cr.execute("DELETE FROM loyalty_card WHERE id = %s", [self.card_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _spend(self, cr, amount):
        env = api.Environment(cr, SUPERUSER_ID, {})
        card = env["loyalty.card"].browse(self.card_id)
        return card._member_debit(amount, {"description": "counter", "member_move_type": "spend"})

    def test_two_counters_spend_at_once(self):
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            self._spend(cr1, 80)  # counter 1 holds the card row, not committed yet
            # Odoo retries a request after a serialization failure
            outcome = race(self, cr1, cr2, lambda cr: self._spend(cr, 80), attempts=2)
        finally:
            cr1.close()
            cr2.close()
        self.assertNotEqual(outcome.get("result"), "done")
        self.assertIn("cannot be spent", outcome.get("result", ""))
        with self.registry.cursor() as cr:
            cr.execute("SELECT points FROM loyalty_card WHERE id = %s", [self.card_id])
            self.assertEqual(cr.fetchone()[0], 20)
            cr.execute(
                "SELECT SUM(issued - used) FROM loyalty_history WHERE card_id = %s",
                [self.card_id],
            )
            self.assertEqual(cr.fetchone()[0], 20)


@tagged("post_install", "-at_install")
class TestFreeServiceRace(BaseCase):
    """Two counters confirm an order with the member's last free service at the same moment,
    each in its own real database transaction: exactly one gets it, the other is told clearly
    that none is left, and a single use is stored. Its records are committed (not in a test
    transaction) and removed after the class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"loyalty_no_mail": True, "tracking_disable": True})
            company = env.ref("base.main_company")
            service = env["product.product"].create(
                {"name": "竞争测试 保养", "type": "service", "list_price": 80, "taxes_id": False}
            )
            frame = env["product.product"].create(
                {"name": "竞争测试 画框", "type": "service", "list_price": 100, "taxes_id": False}
            )
            tier = env["member.tier"].create(
                {"name": "竞争测试 银卡", "threshold": 987653, "company_id": company.id, "free_services_per_year": 1}
            )
            program = env["loyalty.program"].create(
                {
                    "name": "竞争测试 免费保养",
                    "program_type": "promotion",
                    "trigger": "auto",
                    "applies_on": "current",
                    "company_id": company.id,
                    "member_tier_ids": [Command.link(tier.id)],
                    "rule_ids": [
                        Command.create({"reward_point_mode": "order", "reward_point_amount": 1, "minimum_qty": 0})
                    ],
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "product",
                                "reward_product_id": service.id,
                                "reward_product_qty": 1,
                                "required_points": 1,
                                "member_free_service": True,
                            }
                        )
                    ],
                }
            )
            member = env["res.partner"].create({"name": "竞争测试 会员"})
            member.write(
                {
                    "is_member": True,
                    "member_tier_id": tier.id,
                    "member_join_date": fields.Date.subtract(date.today(), months=2),
                }
            )
            # another addon's approval of quotations (e.g. discounts) is not what races here: set aside
            tiers = env["tier.definition"].search([("model", "=", "sale.order")]) if "tier.definition" in env else []
            tiers and tiers.write({"active": False})
            orders = env["sale.order"]
            for _counter in (1, 2):
                order = env["sale.order"].create(
                    {
                        "partner_id": member.id,
                        "company_id": company.id,
                        "order_line": [Command.create({"product_id": frame.id, "product_uom_qty": 1})],
                    }
                )
                order._update_programs_and_rewards()
                coupon = order.coupon_point_ids.coupon_id.filtered(lambda c, p=program: c.program_id == p)
                result = order._apply_program_reward(program.reward_ids, coupon)
                assert result == {}, result  # both drafts may still offer the last free service
                orders |= order
            cls.ids = {
                "orders": orders.ids,
                "program": program.id,
                "tier": tier.id,
                "member": member.id,
                "products": (service | frame).ids,
                "tiers": tiers and tiers.ids,
            }
        cls.addClassCleanup(cls._purge)

    @classmethod
    def _purge(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"loyalty_no_mail": True, "tracking_disable": True})
            cr.execute("SET LOCAL member_loyalty.allow_purge = 'on'")
            orders = env["sale.order"].browse(cls.ids["orders"])
            orders._action_cancel()
            orders.unlink()
            program = env["loyalty.program"].browse(cls.ids["program"])
            program.active = False
            program.unlink()
            env["product.product"].browse(cls.ids["products"]).product_tmpl_id.unlink()
            env["res.partner"].browse(cls.ids["member"]).unlink()
            env["member.tier"].browse(cls.ids["tier"]).unlink()
            if cls.ids["tiers"]:
                env["tier.definition"].browse(cls.ids["tiers"]).write({"active": True})

    def _confirm(self, cr, order_id):
        env = api.Environment(cr, SUPERUSER_ID, {"loyalty_no_mail": True, "tracking_disable": True})
        env["sale.order"].browse(order_id).action_confirm()

    def test_last_free_service_confirmed_at_two_counters(self):
        first, second = self.ids["orders"]
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            # counter 2 has started its request (its snapshot predates counter 1's use)
            cr2.execute("SELECT state FROM sale_order WHERE id = %s", [second])
            self._confirm(cr1, first)  # counter 1 takes the free service, not committed yet
            outcome = race(self, cr1, cr2, lambda cr: self._confirm(cr, second), attempts=3)
        finally:
            cr1.close()
            cr2.close()
        self.assertTrue(outcome.get("retried"), "the waiting counter must start over with fresh data")
        self.assertIn("0 free service(s) left", outcome.get("result", ""))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT order_id, use_number FROM member_free_service_use WHERE partner_id = %s", [self.ids["member"]]
            )
            self.assertEqual(cr.fetchall(), [(first, 1)])
            cr.execute("SELECT id, state FROM sale_order WHERE id = ANY(%s) ORDER BY id", [[first, second]])
            self.assertEqual(cr.fetchall(), [(first, "sale"), (second, "draft")])
