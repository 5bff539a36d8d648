from datetime import timedelta
from xmlrpc.client import Fault

from psycopg2 import IntegrityError

from odoo import Command, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged, users
from odoo.tools import SQL, mute_logger

from .common import CustomerCoreCommon, PoolRaceCase


def _age(env, table, records, days):
    """Pretend the records were created (and last touched) ``days`` ago."""
    env.flush_all()
    old = fields.Datetime.now() - timedelta(days=days)
    extra = SQL(", date_open = %s", old) if table == "crm_lead" else SQL()
    env.cr.execute(
        SQL("UPDATE %s SET create_date = %s%s WHERE id IN %s", SQL.identifier(table), old, extra, tuple(records.ids))
    )
    env.invalidate_all()


@tagged("post_install", "-at_install")
class TestCustomerPool(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_team = cls.env["crm.team"].create(
            {"name": "北京三里屯店团队", "crm_team_member_ids": [Command.create({"user_id": cls.manager.id})]}
        )
        cls.env["customer.pool.rule"].create({"team_id": cls.other_team.id, "days_without_contact": 30})
        cls.stale = Partner.create({"name": "半年没来的客户 何静", "user_id": cls.seller.id, "team_id": cls.team.id})
        cls.fresh = Partner.create({"name": "上周刚到店 马超", "user_id": cls.seller.id, "team_id": cls.team.id})
        cls.no_team = Partner.create({"name": "没有团队的客户 郭峰", "user_id": cls.seller.id})
        cls.other_stale = Partner.create(
            {"name": "三里屯老客户 钱多多", "user_id": cls.manager.id, "team_id": cls.other_team.id}
        )
        cls.stale_lead = cls.env["crm.lead"].create(
            {"name": "很久没跟进的线索", "team_id": cls.team.id, "user_id": cls.seller.id}
        )
        _age(cls.env, "res_partner", cls.stale | cls.fresh | cls.no_team | cls.other_stale, 90)
        _age(cls.env, "crm_lead", cls.stale_lead, 90)
        # the seller's own user partner gets a team too: colleagues never go to the pool
        cls.seller.partner_id.write({"user_id": cls.seller2.id, "team_id": cls.team.id})
        _age(cls.env, "res_partner", cls.seller.partner_id, 90)
        cls.env["customer.interaction"].create(
            {"name": "到店试衣", "partner_id": cls.fresh.id, "date": fields.Datetime.now() - timedelta(days=6)}
        )

    def test_reclaim_moves_stale_customers_and_leads_in_one_pass(self):
        count = self.env["customer.pool.rule"]._reclaim()
        self.assertGreaterEqual(count, 3, "the stale lead and both stale customers")
        self.assertTrue(self.stale.in_pool)
        self.assertFalse(self.stale.user_id, "the customer left its salesperson")
        self.assertEqual(self.stale.team_id, self.team, "and stays in its team's pool")
        self.assertEqual(self.stale.pool_reason, "no_contact")
        self.assertTrue(self.other_stale.in_pool, "every team's rule applies in the same pass")
        self.assertTrue(self.stale_lead.in_pool, "leads go in the same pass")
        self.assertFalse(self.fresh.in_pool, "an interaction 6 days ago keeps the customer")
        self.assertFalse(self.no_team.in_pool, "no team, no pool")
        self.assertFalse(self.seller.partner_id.in_pool, "a colleague is no customer")
        history = self.stale.pool_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.user_id, self.seller, "the history keeps who held it")
        self.assertEqual((history.action, history.reason), ("release", "no_contact"))
        self.assertFalse(history.lead_id)
        self.assertEqual(self.stale_lead.pool_history_ids.user_id, self.seller)
        self.env["customer.pool.rule"]._reclaim()
        self.assertEqual(len(self.stale.pool_history_ids), 1, "a second pass moves nothing again")

    def test_longer_rule_keeps_the_customer(self):
        self.pool_rule.days_without_contact = 120
        self.env["customer.pool.rule"]._reclaim()
        self.assertFalse(self.stale.in_pool)
        self.assertTrue(self.other_stale.in_pool)

    @users("cc_seller2")
    def test_claim_customer_and_history(self):
        self.env["customer.pool.rule"].sudo()._reclaim()
        customer = self.stale.with_user(self.env.user)
        customer.action_pool_claim()
        self.assertFalse(customer.in_pool)
        self.assertEqual(customer.user_id, self.seller2)
        self.assertTrue(customer.last_contact_date, "claiming restarts the clock")
        history = customer.sudo().pool_history_ids.sorted("id")
        self.assertEqual(history.mapped("action"), ["release", "claim"])
        self.assertEqual(history.mapped("user_id"), self.seller | self.seller2)
        with self.assertRaisesRegex(UserError, "no longer in the pool"):
            customer.action_pool_claim()

    def test_claim_needs_team_membership(self):
        self.env["customer.pool.rule"]._reclaim()
        with self.assertRaisesRegex(UserError, "Only members of the sales team"):
            self.other_stale.with_user(self.seller).action_pool_claim()
        self.assertTrue(self.other_stale.in_pool, "a refused claim changes nothing")
        self.assertFalse(self.other_stale.pool_history_ids.filtered(lambda h: h.action == "claim"))

    def test_claim_limits_per_day_and_held(self):
        Partner = self.env["res.partner"]
        pool = Partner.create(
            [{"name": f"公海客户 {i}", "team_id": self.team.id, "in_pool": True, "user_id": False} for i in range(4)]
        )
        pool[0].with_user(self.seller2).action_pool_claim()
        pool[1].with_user(self.seller2).action_pool_claim()
        with self.assertRaisesRegex(UserError, "at most 2 customers a day"):
            pool[2].with_user(self.seller2).action_pool_claim()
        self.assertTrue(pool[2].in_pool)
        # claims of leads and of customers are counted apart: the seller2 may still claim a lead
        lead = self.env["crm.lead"].create(
            {"name": "公海线索", "team_id": self.team.id, "in_pool": True, "user_id": False}
        )
        lead.with_user(self.seller2).action_pool_claim()
        # held: the seller holds stale + fresh of this team, the limit is 3
        self.pool_rule.max_claims_per_day = 0
        pool[2].with_user(self.seller).action_pool_claim()
        with self.assertRaisesRegex(UserError, "limit is 3"):
            pool[3].with_user(self.seller).action_pool_claim()
        self.assertTrue(pool[3].in_pool)

    def test_release_by_owner_or_manager(self):
        with self.assertRaisesRegex(UserError, "Only the owner"):
            self.fresh.with_user(self.seller2).action_pool_release()
        self.fresh.with_user(self.seller).action_pool_release()
        self.assertTrue(self.fresh.in_pool)
        self.assertEqual(self.fresh.pool_reason, "released")
        self.assertEqual(self.fresh.pool_history_ids.user_id, self.seller)
        with self.assertRaisesRegex(UserError, "no sales team"):
            self.no_team.with_user(self.seller).action_pool_release()
        self.stale.with_user(self.manager).action_pool_release(note="离职交接")
        self.assertEqual(self.stale.pool_reason, "manual")
        self.assertEqual(self.stale.pool_history_ids.note, "离职交接")

    def test_history_is_about_one_record(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["customer.pool.history"].create(
                {"partner_id": self.stale.id, "lead_id": self.stale_lead.id, "action": "claim"}
            )

    def test_rule_counts_and_xlsx(self):
        self.env["customer.pool.rule"]._reclaim()
        self.assertEqual(self.pool_rule.pool_partner_count, 1)
        self.assertGreaterEqual(self.pool_rule.pool_lead_count, 1)
        action = self.pool_rule.action_view_partner_pool()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.stale)
        report = self.env.ref("customer_core.res_partner_pool_xlsx_report")
        content, report_type = report._render(report.report_name, self.stale.ids, {})
        self.assertEqual(report_type, "xlsx")
        self.assertTrue(content.startswith(b"PK"))

    def test_own_only_user_sees_the_pool_of_its_teams_only(self):
        """Pool customers are visible to whoever may claim them: members of their team."""
        self.env["customer.pool.rule"]._reclaim()
        Partner = self.env["res.partner"].with_user(self.own_only)
        ids = (self.stale | self.other_stale | self.fresh).ids
        self.assertEqual(Partner.search([("id", "in", ids)]), self.stale, "own team's pool only")
        with self.assertRaises(AccessError):
            Partner.browse(self.other_stale.id).read(["name"])
        with self.assertRaises(AccessError):
            Partner.browse(self.fresh.id).read(["name"])
        Partner.browse(self.stale.id).action_pool_claim()
        self.assertEqual(self.stale.user_id, self.own_only, "and may claim it, then it is theirs")
        self.assertTrue(Partner.browse(self.stale.id).read(["name"]))


@tagged("post_install", "-at_install")
class TestCustomerPoolRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(
            cls.env,
            login="cc_pool_member",
            password="cc_pool_member_pw1",
            groups="customer_core.group_customer_user,customer_core.group_customer_own_only",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="cc_pool_outsider",
            password="cc_pool_outsider_pw1",
            groups="customer_core.group_customer_user,customer_core.group_customer_own_only",
        )
        team = cls.env["crm.team"].create(
            {"name": "RPC 公海团队", "crm_team_member_ids": [Command.create({"user_id": cls.member.id})]}
        )
        cls.pooled = cls.env["res.partner"].create(
            {"name": "RPC 公海客户", "team_id": team.id, "in_pool": True, "pool_reason": "no_contact"}
        )

    def _call(self, login, password, model, method, *args, **kw):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, password, model, method, list(args), kw)

    def test_rpc_pool_customer_only_for_team_members(self):
        domain = [("id", "=", self.pooled.id)]
        rows = self._call(
            "cc_pool_member", "cc_pool_member_pw1", "res.partner", "search_read", domain, fields=["name", "in_pool"]
        )
        self.assertEqual(rows, [{"id": self.pooled.id, "name": "RPC 公海客户", "in_pool": True}])
        rows = self._call("cc_pool_outsider", "cc_pool_outsider_pw1", "res.partner", "search_read", domain)
        self.assertEqual(rows, [])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call("cc_pool_outsider", "cc_pool_outsider_pw1", "res.partner", "read", [self.pooled.id], ["name"])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call("cc_pool_outsider", "cc_pool_outsider_pw1", "res.partner", "action_pool_claim", [self.pooled.id])
        self.assertTrue(self.pooled.in_pool)


@tagged("post_install", "-at_install")
class TestCustomerPoolRace(PoolRaceCase):
    """Two salespeople claim the same pool customer at the same moment, in two real transactions."""

    _pool_model = "res.partner"
    _pool_record_name = "抢手客户 唐宁"
    _pool_login = "cc_race_customer"
    _pool_user_name = "抢客户"
    _pool_team_name = "抢客户测试团队"

    def test_exactly_one_claimer_wins(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.user_ids[0], {})
            env2 = api.Environment(cr2, self.user_ids[1], {})
            partner1 = env1["res.partner"].browse(self.record_id)
            partner2 = env2["res.partner"].browse(self.record_id)
            self.assertTrue(partner1.in_pool and partner2.in_pool, "both see it in the pool")
            partner1.action_pool_claim()
            with self.assertRaisesRegex(UserError, "is claiming .* right now"):
                partner2.action_pool_claim()
            cr1.commit()
            cr2.rollback()
            env2.invalidate_all()
            with self.assertRaisesRegex(UserError, "no longer in the pool"):
                partner2.action_pool_claim()
            cr2.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].browse(self.record_id)
            self.assertEqual(partner.user_id.id, self.user_ids[0])
            self.assertFalse(partner.in_pool)
            claims = env["customer.pool.history"].search(
                [("partner_id", "=", self.record_id), ("action", "=", "claim")]
            )
            self.assertEqual(claims.user_id.ids, [self.user_ids[0]], "the loser left no trace")
