"""#23 point 11: a stored value payment that loses the race for the card at every attempt Odoo
makes gets a clear refusal, not a database error. Real concurrent transactions: the loser is a
cashier's call through Odoo's RPC dispatcher (``odoo.service.model.dispatch``, what XML-RPC and
JSON-RPC call, retries included), the winner another counter spending from the same card."""

import threading
import time
import uuid

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service import model as service_model
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestSpendLosesEveryAttempt(BaseCase):
    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        self.login = f"ml_race_cashier_{uuid.uuid4().hex[:8]}"
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"loyalty_no_mail": True, "tracking_disable": True})
            head = env["res.company"].search(
                [("member_wallet_program_id", "!=", False), ("member_prepayment_account_id", "!=", False)], limit=1
            )
            if not head:
                self.skipTest("needs a head office with stored value set up (demo data)")
            user = env["res.users"].create(
                {
                    "name": "Race cashier",
                    "login": self.login,
                    "password": self.login,
                    "company_id": head.id,
                    "company_ids": [(6, 0, head.ids)],
                    "group_ids": [(6, 0, [env.ref("member_loyalty.group_member_cashier").id])],
                }
            )
            partner = env["res.partner"].create({"name": "抢付会员"})
            partner.with_company(head).action_member_enroll(store=head)
            card = partner.member_wallet_id
            card._member_post([{"description": "opening", "issued": 1000, "member_move_type": "topup"}])
            wizard = (
                env["member.wallet.operation"]
                .with_user(user)
                .with_company(head)
                .create({"partner_id": partner.id, "operation": "spend", "amount": 10})
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.cashier_id, self.card_id, self.wizard_id = user.id, card.id, wizard.id
            self.partner_id, self.points_card_id = partner.id, partner.member_card_id.id
        self.addCleanup(self._purge)

    def _purge(self):
        with db_connect(self.dbname).cursor() as cr:
            cr.execute("SET LOCAL member_loyalty.allow_purge = 'on'")
            cr.execute("DELETE FROM loyalty_history WHERE card_id = ANY(%s)", [[self.card_id, self.points_card_id]])
            cr.execute(
                "UPDATE res_partner SET member_card_id = NULL, member_wallet_id = NULL WHERE id = %s", [self.partner_id]
            )
            cr.execute("DELETE FROM loyalty_card WHERE id = ANY(%s)", [[self.card_id, self.points_card_id]])
            cr.execute("DELETE FROM member_tier_history WHERE partner_id = %s", [self.partner_id])
            cr.execute("UPDATE res_users SET active = FALSE WHERE id = %s", [self.cashier_id])
            cr.commit()  # pylint: disable=invalid-commit

    def _lock_waiters(self, cr):
        cr.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()",
            [self.dbname],
        )
        return cr.fetchone()[0]

    def test_cashier_losing_every_attempt_is_refused_clearly(self):
        outcome = {}

        def cashier():
            try:
                with mute_logger("odoo.sql_db", "odoo.service.model"):
                    service_model.dispatch(
                        "execute_kw",
                        (
                            self.dbname,
                            self.cashier_id,
                            self.login,
                            "member.wallet.operation",
                            "action_confirm",
                            [[self.wizard_id]],
                            {},
                        ),
                    )
                outcome["result"] = "paid"
            except UserError as e:
                outcome["result"] = str(e)
            except Exception as e:  # noqa: BLE001 - what the client would receive as a traceback
                outcome["result"] = f"traceback: {type(e).__name__}: {e}"

        other_counter = db_connect(self.dbname).cursor()
        probe = db_connect(self.dbname).cursor()
        probe._cnx.autocommit = True
        thread = threading.Thread(target=cashier)
        wins = 0
        try:
            env = api.Environment(other_counter, SUPERUSER_ID, {})
            card = env["loyalty.card"].browse(self.card_id)
            card._member_debit(1, {"description": "other counter", "member_move_type": "spend"})
            thread.start()
            while thread.is_alive():
                # the other counter holds the card until the cashier waits for it, then pays
                deadline = time.monotonic() + 60
                while thread.is_alive() and not self._lock_waiters(probe) and time.monotonic() < deadline:
                    time.sleep(0.05)
                other_counter.commit()
                wins += 1
                env.invalidate_all()
                card._member_debit(1, {"description": "other counter", "member_move_type": "spend"})
            other_counter.commit()
            thread.join(5)
        finally:
            other_counter.close()
            probe.close()
        self.assertIn("being used at another counter", outcome.get("result", ""), outcome)
        with db_connect(self.dbname).cursor() as cr:
            cr.execute("SELECT points FROM loyalty_card WHERE id = %s", [self.card_id])
            balance = cr.fetchone()[0]
            cr.execute(
                "SELECT SUM(issued - used), count(*) FILTER (WHERE description = 'other counter') "
                "FROM loyalty_history WHERE card_id = %s AND member_ledger",
                [self.card_id],
            )
            ledger, other_spends = cr.fetchone()
        self.assertEqual(balance, ledger)
        self.assertEqual(balance, 1000 - other_spends)
