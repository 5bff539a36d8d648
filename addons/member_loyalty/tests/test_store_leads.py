from datetime import timedelta
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon


class StoreLeadCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = cls.env.company
        Company = cls.env["res.company"]
        cls.store_a = Company.create({"name": "测试静安店", "parent_id": cls.head.id})
        cls.store_b = Company.create({"name": "测试徐汇店", "parent_id": cls.head.id})
        sales = "sales_team.group_sale_salesman,customer_core.group_customer_user"

        def user(login, name, store, groups=sales):
            return new_test_user(
                cls.env,
                login=login,
                name=name,
                groups=groups,
                company_id=store.id,
                company_ids=[Command.set(store.ids)],
            )

        cls.seller_a = user("ml_lead_a1", "静安 李娜", cls.store_a)
        cls.seller_a2 = user("ml_lead_a2", "静安 王强", cls.store_a)
        cls.seller_b = user("ml_lead_b1", "徐汇 陈晨", cls.store_b)
        cls.manager_b = user(
            "ml_lead_mgr_b", "徐汇店长 赵雪", cls.store_b, groups=sales + ",customer_core.group_customer_manager"
        )
        cls.src_counter = cls.env.ref("member_loyalty.utm_source_counter")
        cls.src_mini = cls.env.ref("member_loyalty.utm_source_mini_program")
        cls.src_web = cls.env.ref("member_loyalty.utm_source_website")
        cls.team_a = cls.env["crm.team"].create(
            {
                "name": "静安门店团队",
                "company_id": cls.store_a.id,
                "sequence": -100,
                "crm_team_member_ids": [
                    Command.create(
                        {
                            "user_id": cls.seller_a.id,
                            "assign_source_ids": [Command.set((cls.src_counter | cls.src_mini).ids)],
                        }
                    ),
                    Command.create({"user_id": cls.seller_a2.id, "assign_source_ids": [Command.set(cls.src_web.ids)]}),
                ],
            }
        )
        cls.team_b = cls.env["crm.team"].create(
            {
                "name": "徐汇门店团队",
                "company_id": cls.store_b.id,
                "sequence": -100,
                "crm_team_member_ids": [Command.create({"user_id": cls.seller_b.id})],
            }
        )
        cls.rule_a = cls.env["customer.pool.rule"].create(
            {"team_id": cls.team_a.id, "days_without_contact": 7, "max_claims_per_day": 5, "max_held_per_user": 50}
        )

    @classmethod
    def _lead(cls, name, user, team, source, **vals):
        return (
            cls.env["crm.lead"]
            .with_company(team.company_id)
            .create(
                {
                    "name": name,
                    "type": "lead",
                    "user_id": user.id if user else False,
                    "team_id": team.id,
                    "company_id": team.company_id.id,
                    "source_id": source.id,
                    **vals,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestStoreLeads(StoreLeadCommon):
    def test_capture_routes_by_channel_and_store(self):
        Lead = self.env["crm.lead"].with_user(self.seller_a)
        counter_id = Lead.member_capture_lead(
            {"name": "柜台咨询婚纱照", "channel": "counter", "store_id": self.store_a.id, "phone": "13800000001"}
        )
        web_id = Lead.member_capture_lead({"name": "官网留言", "channel": "website", "store_id": self.store_a.id})
        counter, web = self.env["crm.lead"].browse([counter_id, web_id])
        self.assertEqual(counter.member_lead_channel, "counter")
        self.assertEqual(counter.company_id, self.store_a)
        self.assertEqual(counter.team_id, self.team_a)
        self.assertEqual(counter.user_id, self.seller_a, "the counter goes to the member whose rule names the counter")
        self.assertEqual(web.user_id, self.seller_a2, "the website goes to the member whose rule names the website")
        event_id = Lead.member_capture_lead({"name": "活动签到", "channel": "event", "store_id": self.store_a.id})
        self.assertFalse(self.env["crm.lead"].browse(event_id).user_id, "no rule accepts events: it waits")

    def test_capture_refuses_bad_input(self):
        Lead = self.env["crm.lead"].with_user(self.seller_a)
        with self.assertRaises(UserError):
            Lead.member_capture_lead({"name": "x", "channel": "fax", "store_id": self.store_a.id})
        with self.assertRaises(UserError):
            Lead.member_capture_lead({"name": "x", "channel": "counter", "store_id": self.store_b.id})
        with self.assertRaises(UserError):
            Lead.member_capture_lead({"name": "", "channel": "counter", "store_id": self.store_a.id})

    def test_pool_reclaims_store_leads_nobody_followed(self):
        now = fields.Datetime.now()
        stale = self._lead("十天没跟进", self.seller_a, self.team_a, self.src_counter)
        fresh = self._lead("两天前联系过", self.seller_a, self.team_a, self.src_counter)
        other_store = self._lead("徐汇线索", self.seller_b, self.team_b, self.src_counter)
        (stale | other_store).last_contact_date = now - timedelta(days=10)
        fresh.last_contact_date = now - timedelta(days=2)
        self.env["customer.pool.rule"]._reclaim(now)
        self.env.invalidate_all()
        self.assertTrue(stale.in_pool)
        self.assertFalse(stale.user_id)
        self.assertEqual(stale.pool_reason, "no_contact")
        history = stale.pool_history_ids
        self.assertEqual((history.action, history.reason, history.user_id), ("release", "no_contact", self.seller_a))
        self.assertFalse(fresh.in_pool)
        self.assertEqual(fresh.user_id, self.seller_a)
        self.assertFalse(other_store.in_pool, "store B's team has no pool rule")


@tagged("post_install", "-at_install")
class TestDisciplineLeaderboard(StoreLeadCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        today = fields.Date.today()
        in_time = cls._lead("按时跟进", cls.seller_a, cls.team_a, cls.src_counter)
        in_time.write({"last_contact_date": now, "next_followup_date": today + timedelta(days=3)})
        overdue = cls._lead("逾期未跟进", cls.seller_a, cls.team_a, cls.src_mini)
        overdue.write({"last_contact_date": now, "next_followup_date": today - timedelta(days=2)})
        cls._lead("从未联系", cls.seller_a, cls.team_a, cls.src_counter)
        reclaimed = cls._lead("被公海收回", cls.seller_a, cls.team_a, cls.src_web)
        reclaimed.last_contact_date = now - timedelta(days=30)
        cls._lead("徐汇在跟", cls.seller_b, cls.team_b, cls.src_counter).write(
            {"last_contact_date": now, "next_followup_date": today}
        )
        cls.env["customer.pool.rule"]._reclaim(now)
        cls.reclaimed = reclaimed
        with freeze_time(now + timedelta(seconds=1)):
            reclaimed.with_user(cls.seller_a2).action_pool_claim()

    def _figures(self, report):
        rows = report._read_group(
            [("user_id", "in", (self.seller_a | self.seller_a2 | self.seller_b).ids)],
            ["user_id", "company_id"],
            ["held_count:sum", "in_time_count:sum", "overdue_count:sum", "reclaimed_count:sum", "claim_count:sum"],
        )
        return {(user.login, store.name): tuple(figures) for user, store, *figures in rows}

    def test_figures_per_salesperson_and_store(self):
        figures = self._figures(self.env["member.lead.discipline.report"])
        # held, followed in time, overdue, reclaimed from them, claims
        self.assertEqual(figures[("ml_lead_a1", "测试静安店")], (3, 1, 1, 1, 0))
        self.assertEqual(figures[("ml_lead_a2", "测试静安店")], (1, 1, 0, 0, 1))
        self.assertEqual(figures[("ml_lead_b1", "测试徐汇店")], (1, 1, 0, 0, 0))
        rate = self.env["member.lead.discipline.report"]._read_group(
            [("user_id", "=", self.seller_a.id)], [], ["discipline_rate:avg"]
        )[0][0]
        self.assertAlmostEqual(rate, 100 / 3, places=2, msg="one of three held leads is followed in time")

    def test_store_manager_sees_only_their_store(self):
        figures = self._figures(self.env["member.lead.discipline.report"].with_user(self.manager_b))
        self.assertEqual(set(figures), {("ml_lead_b1", "测试徐汇店")})


@tagged("post_install", "-at_install")
class TestStoreLeadRpc(HttpCase, StoreLeadCommon):
    def _call(self, login, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        with mute_logger("odoo.http"):  # a refused call is logged by the RPC layer as a warning
            return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, list(args), kwargs)

    def test_leaderboard_over_rpc_is_store_scoped(self):
        self._lead("静安在跟", self.seller_a, self.team_a, self.src_counter)
        self._lead("徐汇在跟", self.seller_b, self.team_b, self.src_counter)
        rows = self._call(
            "ml_lead_mgr_b", "member.lead.discipline.report", "search_read", [], fields=["company_id", "user_id"]
        )
        self.assertTrue(rows)
        self.assertEqual({row["company_id"][0] for row in rows}, {self.store_b.id})
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call("ml_lead_b1", "member.lead.discipline.report", "search_read", [], fields=["user_id"])
