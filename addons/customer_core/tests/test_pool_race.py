from odoo import api
from odoo.exceptions import UserError
from odoo.tests import tagged

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
