from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestRfm(MemberLoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Segment = cls.env["member.rfm.segment"]
        cls.seg_top = Segment.create(
            {"name": "冠军客户", "company_id": cls.head.id, "r_min": 4, "r_max": 5, "f_min": 4, "f_max": 5}
        )
        cls.seg_rest = Segment.create(
            {"name": "其他", "company_id": cls.head.id, "r_min": 1, "r_max": 5, "f_min": 1, "f_max": 3}
        )
        cls.today = date(2026, 6, 30)
        # five members: (days since last purchase, number of purchases, amount each)
        cls.members = []
        for i, (days, count, amount) in enumerate(
            [(5, 10, 100), (20, 6, 100), (20, 6, 100), (200, 2, 50), (400, 1, 30)]
        ):
            member = cls._new_member(f"RFM 会员 {i}")
            card = member.member_card_id
            card._member_post(
                [
                    {
                        "description": "purchase",
                        "issued": amount,
                        "member_move_type": "earn",
                        "spend_amount": amount,
                        "member_date": cls.today - timedelta(days=days + k * 7),
                    }
                    for k in range(count)
                ]
            )
            cls.members.append(member)

    def test_quintiles_edges_and_ties(self):
        self.env["member.loyalty.engine"]._refresh_rfm(today=self.today)
        best, tie_a, tie_b, slipping, lost = self.members
        self.assertEqual((best.rfm_r, best.rfm_f, best.rfm_m), (5, 5, 5))
        self.assertEqual(best.rfm_recency_days, 5)
        self.assertEqual(best.rfm_frequency, 10)
        self.assertEqual(best.rfm_monetary, 1000)
        # equal values get equal scores
        self.assertEqual((tie_a.rfm_r, tie_a.rfm_f, tie_a.rfm_m), (tie_b.rfm_r, tie_b.rfm_f, tie_b.rfm_m))
        self.assertEqual(tie_a.rfm_r, 4)
        self.assertEqual(slipping.rfm_r, 2)
        self.assertEqual(lost.rfm_r, 1)
        self.assertEqual(lost.rfm_f, 1)
        self.assertEqual(best.rfm_segment_id, self.seg_top)
        self.assertEqual(lost.rfm_segment_id, self.seg_rest)
        self.assertEqual(best.rfm_date, self.today)

    def test_heat_map_scores_are_labelled_and_measured(self):
        """#17: the heat map was a bare count pivot with unlabelled 1-5 axes."""
        self.env["member.loyalty.engine"]._refresh_rfm(today=self.today)
        manager = new_test_user(
            self.env,
            login="ml_rfm_store_manager",
            groups="member_loyalty.group_member_manager",
            company_id=self.head.id,
            company_ids=[Command.set(self.head.ids)],
        )
        Score = self.env["member.rfm.score"].with_user(manager)
        fields = Score.fields_get(["r_band", "f_band", "m_band"], ["selection"])
        symbol = self.head.currency_id.symbol
        self.assertEqual(
            [tuple(option) for option in fields["r_band"]["selection"]],
            [
                ("5", "R5 · 5 days ago"),
                ("4", "R4 · 20 days ago"),
                ("3", "R3"),
                ("2", "R2 · 200 days ago"),
                ("1", "R1 · 400 days ago"),
            ],
        )
        self.assertEqual(tuple(fields["f_band"]["selection"][0]), ("5", "F5 · 10 purchases"))
        self.assertEqual(fields["m_band"]["selection"][0][1].replace(symbol, "¤"), "M5 · ¤1,000")
        # the default layout: recency down, frequency across, members and what they spent
        arch = Score.get_views([(False, "pivot")])["views"]["pivot"]["arch"]
        for node in (
            '<field name="r_band" type="row"',
            '<field name="f_band" type="col"',
            '<field name="member_count" type="measure"',
            '<field name="monetary" type="measure"',
        ):
            self.assertIn(node, arch)
        domain = [("partner_id", "in", [m.id for m in self.members])]
        groups = Score.formatted_read_group(
            domain, ["r_band"], ["member_count:sum", "monetary:sum", "average_spend:avg"]
        )
        self.assertEqual(
            [(g["r_band"], g["member_count:sum"], g["monetary:sum"], g["average_spend:avg"]) for g in groups],
            [("1", 1, 30, 30), ("2", 1, 100, 100), ("4", 2, 1200, 600), ("5", 1, 1000, 1000)],
        )
        # and in Chinese
        self.env["res.lang"]._activate_lang("zh_CN")
        labels = dict(Score.with_context(lang="zh_CN").fields_get(["r_band"], ["selection"])["r_band"]["selection"])
        self.assertEqual(labels["5"], "R5 · 5天前")

    def test_member_without_purchase_in_window_is_cleared(self):
        engine = self.env["member.loyalty.engine"]
        engine._refresh_rfm(today=self.today)
        lost = self.members[-1]
        self.assertTrue(lost.rfm_r)
        engine._refresh_rfm(today=self.today, window_months=12)
        self.assertFalse(lost.rfm_r)
        self.assertFalse(lost.rfm_segment_id)
        # its row is deleted, the others stay
        scores = self.env["member.rfm.score"].search([("partner_id", "in", [m.id for m in self.members])])
        self.assertEqual(scores.partner_id.ids, [m.id for m in self.members[:-1]])

    def test_scores_live_in_one_row_per_member(self):
        engine = self.env["member.loyalty.engine"]
        ids = [m.id for m in self.members]
        self.assertGreaterEqual(engine._refresh_rfm(today=self.today), 5)
        scores = self.env["member.rfm.score"].search([("partner_id", "in", ids)])
        self.assertEqual(len(scores), 5)
        best = self.members[0]
        self.assertEqual(best.rfm_score_id.partner_id, best)
        self.assertEqual(best.rfm_score_id.company_id, best.member_store_id)
        self.assertEqual((best.rfm_score_id.r, best.rfm_score_id.segment_id), (5, self.seg_top))
        # the same day again: nothing changed, nothing written
        self.assertEqual(engine._refresh_rfm(today=self.today, head_ids=self.head.ids), 0)
        # the next day every recency moves: the rows are updated in place
        engine._refresh_rfm(today=self.today + timedelta(days=1), head_ids=self.head.ids)
        self.assertEqual(self.env["member.rfm.score"].search([("partner_id", "in", ids)]), scores)
        self.assertEqual(best.rfm_recency_days, 6)
        self.assertEqual(best.rfm_date, self.today + timedelta(days=1))
        # one row per member
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["member.rfm.score"].sudo().create({"partner_id": best.id, "company_id": self.head.id})

    def test_partners_are_searchable_by_their_scores(self):
        self.env["member.loyalty.engine"]._refresh_rfm(today=self.today)
        best, tie_a, tie_b, slipping, lost = self.members
        unscored = self._new_member("RFM 无消费会员")
        ids = [m.id for m in self.members] + [unscored.id]
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("id", "in", ids), ("rfm_segment_id", "=", self.seg_top.id)]), best | tie_a | tie_b
        )
        rest = Partner.search([("id", "in", ids), ("rfm_segment_id", "in", [self.seg_rest.id])])
        self.assertEqual(rest, slipping | lost)
        self.assertEqual(Partner.search([("id", "in", ids), ("rfm_segment_id", "=", False)]), unscored)
        # a negative condition keeps the members without scores, as a NULL column did
        self.assertEqual(
            Partner.search([("id", "in", ids), ("rfm_segment_id", "!=", self.seg_top.id)]),
            slipping | lost | unscored,
        )
        self.assertEqual(Partner.search([("id", "in", ids), ("rfm_r", ">=", 4)]), best | tie_a | tie_b)
        self.assertEqual(Partner.search([("id", "in", ids), ("rfm_recency_days", ">", 90)]), slipping | lost)
        self.assertEqual(Partner.search([("id", "in", ids), ("rfm_r", "!=", False)]), Partner.browse(ids) - unscored)
        self.assertEqual(Partner.search([("id", "in", ids), ("rfm_score_id", "=", False)]), unscored)
        self.assertEqual(self.seg_top.member_count, 3)
        self.assertEqual(self.seg_rest.member_count, 2)

    def test_customer_segment_and_campaign_target_rfm_segment(self):
        self.env["member.loyalty.engine"]._refresh_rfm(today=self.today)
        best = self.members[0]
        segment = self.env["customer.segment"].create(
            {"name": "RFM 冠军", "domain": f"[('rfm_segment_id', '=', {self.seg_top.id})]"}
        )
        self.assertEqual(segment._get_partners(), best | self.members[1] | self.members[2])
        dormant = self.env["customer.segment"].create(
            {
                "name": "高价值沉睡",
                "domain": f"[('id', 'in', {[m.id for m in self.members]}), ('rfm_m', '>=', 2), "
                "('rfm_recency_days', '>', 90)]",
            }
        )
        self.assertEqual(dormant._get_partners(), self.members[3])
        best.marketing_consent = True
        campaign = self.env["member.campaign"].create(
            {"name": "冠军回馈", "company_id": self.head.id, "rfm_segment_id": self.seg_top.id}
        )
        # the ties share the segment but did not agree to marketing
        self.assertEqual(campaign._get_audience(), best)

    def test_overlapping_ranges_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["member.rfm.segment"].create(
                {"name": "重叠", "company_id": self.head.id, "r_min": 5, "r_max": 5, "f_min": 3, "f_max": 4}
            )
