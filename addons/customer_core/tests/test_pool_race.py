import threading
import time

import psycopg2

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import PoolRaceCase


@tagged("post_install", "-at_install")
class TestPoolRace(PoolRaceCase):
    """Two salespeople claim the same pool lead at the same moment, in two real transactions."""

    _pool_model = "crm.lead"
    _pool_record_name = "抢手线索"
    _pool_login = "cc_race"
    _pool_user_name = "抢单员"
    _pool_team_name = "抢单测试团队"

    def test_exactly_one_claimer_wins(self):
        self._reset_record()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.user_ids[0], {})
            env2 = api.Environment(cr2, self.user_ids[1], {})
            lead1 = env1["crm.lead"].browse(self.record_id)
            lead2 = env2["crm.lead"].browse(self.record_id)
            self.assertTrue(lead1.in_pool and lead2.in_pool, "both see it in the pool")
            lead1.action_pool_claim()  # first one holds the row...
            with self.assertRaisesRegex(UserError, "is claiming .* right now"):
                lead2.action_pool_claim()  # ...the second is told at once, without waiting
            cr1.commit()
            cr2.rollback()
            # after the winner committed, a new attempt is told who won
            env2.invalidate_all()
            with self.assertRaisesRegex(UserError, "no longer in the pool"):
                lead2.action_pool_claim()
            cr2.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            lead = env["crm.lead"].browse(self.record_id)
            self.assertEqual(lead.user_id.id, self.user_ids[0])
            self.assertFalse(lead.in_pool)
            self.assertEqual(
                env["customer.pool.history"].search_count(
                    [("lead_id", "=", self.record_id), ("action", "=", "claim"), ("user_id", "=", self.user_ids[1])]
                ),
                0,
                "the loser left no trace",
            )

    def test_claim_after_a_concurrent_commit_loses(self):
        """The loser's transaction started before the winner committed (repeatable read)."""
        self._reset_record()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.user_ids[0], {})
            env2 = api.Environment(cr2, self.user_ids[1], {})
            self.assertTrue(env2["crm.lead"].browse(self.record_id).in_pool)  # snapshot taken
            env1["crm.lead"].browse(self.record_id).action_pool_claim()
            cr1.commit()
            with self.assertRaises(UserError):
                env2["crm.lead"].browse(self.record_id).action_pool_claim()
            cr2.rollback()


@tagged("post_install", "-at_install")
class TestClaimLimitRace(BaseCase):
    """#23 point 8: a salesperson one claim below the daily limit sends two claims at once, in two
    real transactions: one passes, the other waits and is refused; never above the limit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            store = env.company
            user = env["res.users"].create(
                {
                    "name": "抢单限额员",
                    "login": "cc_limit_race",
                    "company_id": store.id,
                    "company_ids": [Command.set(store.ids)],
                    "group_ids": [Command.link(env.ref("customer_core.group_customer_user").id)],
                }
            )
            team = env["crm.team"].create(
                {
                    "name": "限额测试团队",
                    "company_id": store.id,
                    "crm_team_member_ids": [Command.create({"user_id": user.id})],
                }
            )
            env["customer.pool.rule"].create({"team_id": team.id, "max_claims_per_day": 2, "max_held_per_user": 0})
            leads = env["crm.lead"].create(
                [
                    {
                        "name": f"限额线索 {i}",
                        "team_id": team.id,
                        "company_id": store.id,
                        "in_pool": True,
                        "user_id": False,
                    }
                    for i in range(3)
                ]
            )
            cls.user_id, cls.team_id, cls.lead_ids = user.id, team.id, leads.ids
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["crm.lead"].browse(cls.lead_ids).unlink()
            env["customer.pool.rule"].search([("team_id", "=", cls.team_id)]).unlink()
            env["crm.team"].browse(cls.team_id).unlink()
            user = env["res.users"].browse(cls.user_id)
            try:
                with cr.savepoint():
                    partner = user.partner_id
                    user.unlink()
                    partner.unlink()
            except Exception:  # noqa: BLE001 - keep the database clean if possible, archive otherwise
                user.active = False

    def _claims_today(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            return env["customer.pool.history"].search_count(
                [("user_id", "=", self.user_id), ("action", "=", "claim"), ("lead_id", "in", self.lead_ids)]
            )

    def test_two_claims_at_once_stay_within_the_daily_limit(self):
        first, second, third = self.lead_ids
        with self.registry.cursor() as cr:
            api.Environment(cr, self.user_id, {})["crm.lead"].browse(first).action_pool_claim()
        self.assertEqual(self._claims_today(), 1, "one claim below the limit of 2")
        outcome = {}
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.user_id, {})
            env2 = api.Environment(cr2, self.user_id, {})
            self.assertTrue(env2["crm.lead"].browse(third).in_pool)  # the second request has begun
            env1["crm.lead"].browse(second).action_pool_claim()  # the first one counts 1 and claims

            def second_request():
                # served as Odoo serves a request: started over after a serialization failure
                for _attempt in range(3):
                    try:
                        with mute_logger("odoo.sql_db"):
                            env2["crm.lead"].browse(third).action_pool_claim()
                        cr2.commit()
                        outcome["result"] = "claimed"
                        return
                    except psycopg2.errors.SerializationFailure:
                        cr2.rollback()
                        env2.invalidate_all()
                        outcome["retried"] = True
                    except UserError as e:
                        cr2.rollback()
                        outcome["result"] = str(e)
                        return

            thread = threading.Thread(target=second_request)
            thread.start()
            time.sleep(1.0)
            waited = thread.is_alive()
            cr1.commit()
            thread.join(30)
            self.assertFalse(thread.is_alive())
        self.assertEqual(self._claims_today(), 2, f"above the daily limit: {outcome}")
        self.assertTrue(waited, "the second claim waits for the first")
        self.assertIn("at most 2", outcome.get("result", ""))
