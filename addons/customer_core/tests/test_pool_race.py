from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestPoolRace(BaseCase):
    """Two salespeople claim the same pool lead at the same moment, in two real transactions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            users = env["res.users"].create(
                [
                    {
                        "name": f"抢单员 {i}",
                        "login": f"cc_race_{i}",
                        "group_ids": [Command.link(env.ref("customer_core.group_customer_user").id)],
                    }
                    for i in (1, 2)
                ]
            )
            team = env["crm.team"].create(
                {
                    "name": "抢单测试团队",
                    "crm_team_member_ids": [Command.create({"user_id": u.id}) for u in users],
                }
            )
            env["customer.pool.rule"].create({"team_id": team.id, "max_claims_per_day": 0, "max_held_per_user": 0})
            lead = env["crm.lead"].create({"name": "抢手线索", "team_id": team.id, "in_pool": True})
            cls.user_ids, cls.team_id, cls.lead_id = users.ids, team.id, lead.id
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["crm.lead"].browse(cls.lead_id).unlink()
            env["crm.team"].browse(cls.team_id).unlink()
            users = env["res.users"].browse(cls.user_ids)
            partners = users.partner_id
            try:
                with cr.savepoint():
                    users.unlink()
                    partners.unlink()
            except Exception:  # noqa: BLE001 - keep the database clean if possible, archive otherwise
                users.active = False

    def _reset_lead(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["crm.lead"].browse(self.lead_id).write({"in_pool": True, "user_id": False})

    def test_exactly_one_claimer_wins(self):
        self._reset_lead()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.user_ids[0], {})
            env2 = api.Environment(cr2, self.user_ids[1], {})
            lead1 = env1["crm.lead"].browse(self.lead_id)
            lead2 = env2["crm.lead"].browse(self.lead_id)
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
            lead = env["crm.lead"].browse(self.lead_id)
            self.assertEqual(lead.user_id.id, self.user_ids[0])
            self.assertFalse(lead.in_pool)
            self.assertEqual(
                env["customer.pool.history"].search_count(
                    [("lead_id", "=", self.lead_id), ("action", "=", "claim"), ("user_id", "=", self.user_ids[1])]
                ),
                0,
                "the loser left no trace",
            )

    def test_claim_after_a_concurrent_commit_loses(self):
        """The loser's transaction started before the winner committed (repeatable read)."""
        self._reset_lead()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.user_ids[0], {})
            env2 = api.Environment(cr2, self.user_ids[1], {})
            self.assertTrue(env2["crm.lead"].browse(self.lead_id).in_pool)  # snapshot taken
            env1["crm.lead"].browse(self.lead_id).action_pool_claim()
            cr1.commit()
            with self.assertRaises(UserError):
                env2["crm.lead"].browse(self.lead_id).action_pool_claim()
            cr2.rollback()
