from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestStoreManagerScope(HttpCase):
    """A store manager sees their store's RFM segments, campaigns, dashboard and analysis only
    (the chain's own segments too), through the ORM and over XML-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = cls.env.company.root_id
        Company = cls.env["res.company"]
        cls.store_a = Company.create({"name": "安全测试 A 店", "parent_id": cls.head.id})
        cls.store_b = Company.create({"name": "安全测试 B 店", "parent_id": cls.head.id})
        Segment = cls.env["member.rfm.segment"]
        cls.seg_a = Segment.create({"name": "A 店冠军", "company_id": cls.store_a.id, "r_min": 5, "f_min": 5})
        cls.seg_b = Segment.create({"name": "B 店冠军", "company_id": cls.store_b.id, "r_min": 5, "f_min": 5})
        Campaign = cls.env["member.campaign"]
        cls.camp_a = Campaign.create({"name": "A 店活动", "company_id": cls.store_a.id, "rfm_segment_id": cls.seg_a.id})
        cls.camp_b = Campaign.create({"name": "B 店活动", "company_id": cls.store_b.id, "rfm_segment_id": cls.seg_b.id})
        cls.scores = cls.env["member.rfm.score"]
        for store in (cls.store_a, cls.store_b):
            member = cls.env["res.partner"].create({"name": f"{store.name} 会员"})
            member.with_context(loyalty_no_mail=True).action_member_enroll(store=store)
            # scores as the nightly refresh writes them (store = the member's store)
            cls.scores |= cls.scores.create(
                {"partner_id": member.id, "company_id": store.id, "r": 5, "f": 5, "m": 5, "segment_id": cls.seg_a.id}
            )
        cls.score_a, cls.score_b = cls.scores
        cls.outsider = new_test_user(
            cls.env, login="ml_rfm_outsider", groups="base.group_user", company_id=cls.store_a.id
        )
        cls.manager_a = new_test_user(
            cls.env,
            login="ml_store_a_manager",
            groups="member_loyalty.group_member_manager",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )

    def _rpc(self, model, method, *args, **kwargs):
        login = "ml_store_a_manager"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        with mute_logger("odoo.http"):  # a refused call is logged by the RPC layer as a warning
            return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, list(args), kwargs)

    def test_store_manager_orm_scope(self):
        env = self.env(user=self.manager_a)
        both_segments = [self.seg_a.id, self.seg_b.id]
        self.assertEqual(env["member.rfm.segment"].search([("id", "in", both_segments)]).ids, self.seg_a.ids)
        both_campaigns = [self.camp_a.id, self.camp_b.id]
        self.assertEqual(env["member.campaign"].search([("id", "in", both_campaigns)]).ids, self.camp_a.ids)
        self.assertEqual(env["member.dashboard"].search([]).store_id, self.store_a)
        self.assertFalse(env["member.repurchase.report"].search([("store_id", "!=", self.store_a.id)]))
        with self.assertRaises(AccessError):
            self.seg_b.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.camp_b.with_user(self.manager_a).read(["name"])
        self.assertEqual(env["member.rfm.score"].search([("id", "in", self.scores.ids)]), self.score_a)
        self.assertEqual(
            env["member.rfm.score"]._read_group([("id", "in", self.scores.ids)], ["company_id"], ["__count"]),
            [(self.store_a, 1)],
        )
        with self.assertRaises(AccessError):
            self.score_b.with_user(self.manager_a).read(["r"])
        # scores are written by the refresh only
        with self.assertRaises(AccessError):
            self.score_a.with_user(self.manager_a).write({"r": 1})
        # an employee outside the membership groups reads no score at all
        with self.assertRaises(AccessError):
            self.env(user=self.outsider)["member.rfm.score"].search([])
        # the chain's segments (head office) stay visible to the store
        chain_segments = self.env["member.rfm.segment"].search([("company_id", "=", self.head.id)])
        self.assertEqual(env["member.rfm.segment"].search([("company_id", "=", self.head.id)]), chain_segments)

    def test_store_manager_rpc_scope(self):
        segments = self._rpc(
            "member.rfm.segment", "search_read", [("id", "in", [self.seg_a.id, self.seg_b.id])], fields=["name"]
        )
        self.assertEqual([s["id"] for s in segments], self.seg_a.ids)
        campaigns = self._rpc(
            "member.campaign", "search_read", [("id", "in", [self.camp_a.id, self.camp_b.id])], fields=["name"]
        )
        self.assertEqual([c["id"] for c in campaigns], self.camp_a.ids)
        board = self._rpc("member.dashboard", "search_read", [], fields=["store_id", "member_count"])
        self.assertEqual([row["store_id"][0] for row in board], self.store_a.ids)
        for model, record in (("member.rfm.segment", self.seg_b), ("member.campaign", self.camp_b)):
            with mute_logger("odoo.http"), self.assertRaises(Fault):
                self._rpc(model, "read", record.ids, fields=["name"])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("member.campaign", "write", self.camp_b.ids, {"name": "改名"})
        scores = self._rpc(
            "member.rfm.score", "search_read", [("id", "in", self.scores.ids)], fields=["r", "company_id"]
        )
        self.assertEqual([(s["id"], s["company_id"][0]) for s in scores], [(self.score_a.id, self.store_a.id)])
        for method, args in (("read", [self.score_b.ids]), ("write", [self.score_a.ids, {"r": 1}])):
            with mute_logger("odoo.http"), self.assertRaises(Fault):
                self._rpc("member.rfm.score", method, *args)

    def test_outsider_rpc_reads_no_score(self):
        login = "ml_rfm_outsider"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        with self.assertRaises(Fault), mute_logger("odoo.http"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, uid, login, "member.rfm.score", "search_read", [[]], {"fields": ["r"]}
            )
