import threading
import time

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name


@tagged("post_install", "-at_install")
class TestDoubleSpend(BaseCase):
    """Two counters spend from one stored value card at the same moment, each in its own
    real database transaction: one of them must be refused, the balance never negative."""

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        self.cursors = []
        with self._cursor() as cr:
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
            cr.commit()  # pylint: disable=invalid-commit
            self.partner_id, self.card_id = partner.id, card.id
        self.addCleanup(self._purge)

    def _cursor(self):
        cr = db_connect(self.dbname).cursor()
        self.cursors.append(cr)
        return cr

    def _purge(self):
        with self._cursor() as cr:
            cr.execute("SET LOCAL member_loyalty.allow_purge = 'on'")
            cr.execute("DELETE FROM loyalty_history WHERE card_id = %s", [self.card_id])
            cr.execute("DELETE FROM loyalty_card WHERE id = %s", [self.card_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])
            cr.commit()  # pylint: disable=invalid-commit

    def _spend(self, cr, amount):
        env = api.Environment(cr, SUPERUSER_ID, {})
        card = env["loyalty.card"].browse(self.card_id)
        return card._member_debit(amount, {"description": "counter", "member_move_type": "spend"})

    def test_two_counters_spend_at_once(self):
        outcome = {}
        cr1 = self._cursor()
        cr2 = self._cursor()
        try:
            self._spend(cr1, 80)  # counter 1 holds the card row, not committed yet

            def counter_two():
                for _attempt in range(2):  # Odoo retries a request after a serialization failure
                    try:
                        self._spend(cr2, 80)
                        cr2.commit()
                        outcome["result"] = "spent"
                        return
                    except psycopg2.errors.SerializationFailure:
                        cr2.rollback()
                        outcome["serialization"] = True
                    except UserError as e:
                        cr2.rollback()
                        outcome["result"] = str(e)
                        return

            thread = threading.Thread(target=counter_two)
            thread.start()
            time.sleep(1.0)
            self.assertTrue(thread.is_alive(), "counter 2 must wait for the lock of counter 1")
            cr1.commit()
            thread.join(30)
            self.assertFalse(thread.is_alive())
        finally:
            cr1.close()
            cr2.close()
        self.assertNotEqual(outcome.get("result"), "spent")
        self.assertIn("cannot be spent", outcome.get("result", ""))
        with self._cursor() as cr:
            cr.execute("SELECT points FROM loyalty_card WHERE id = %s", [self.card_id])
            self.assertEqual(cr.fetchone()[0], 20)
            cr.execute(
                "SELECT SUM(issued - used) FROM loyalty_history WHERE card_id = %s",
                [self.card_id],
            )
            self.assertEqual(cr.fetchone()[0], 20)
