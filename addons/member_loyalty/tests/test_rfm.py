from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

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

    def test_member_without_purchase_in_window_is_cleared(self):
        engine = self.env["member.loyalty.engine"]
        engine._refresh_rfm(today=self.today)
        lost = self.members[-1]
        self.assertTrue(lost.rfm_r)
        engine._refresh_rfm(today=self.today, window_months=12)
        self.assertFalse(lost.rfm_r)
        self.assertFalse(lost.rfm_segment_id)

    def test_overlapping_ranges_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["member.rfm.segment"].create(
                {"name": "重叠", "company_id": self.head.id, "r_min": 5, "r_max": 5, "f_min": 3, "f_max": 4}
            )
