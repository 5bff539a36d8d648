from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestTiers(MemberLoyaltyCommon):
    def _buy(self, amount, day):
        with freeze_time(day):
            invoice = self._paid_invoice(self.member, [(self.product_frame, amount)])
            self._engine()._post_points(move_ids=invoice.ids, today=day)

    def test_upgrade_at_once_downgrade_after_review_and_grace(self):
        member = self.member
        with freeze_time("2025-01-05"):
            member.sudo().write({"member_tier_date": date(2025, 1, 5), "member_tier_review_date": date(2026, 1, 5)})
        self._buy(2000, date(2025, 2, 1))
        self.assertEqual(member.member_tier_id, self.tier_regular)
        # the spend crosses 3,000 over the rolling year: upgrade at once
        self._buy(1500, date(2025, 3, 1))
        self.assertEqual(member.member_tier_id, self.tier_silver)
        self.assertEqual(member.member_tier_date, date(2025, 3, 1))
        self.assertEqual(member.member_tier_review_date, date(2026, 3, 1))
        upgrade = member.member_tier_history_ids.filtered(lambda h: h.reason == "upgrade")
        self.assertEqual(upgrade.old_tier_id, self.tier_regular)
        self.assertEqual(upgrade.new_tier_id, self.tier_silver)
        self.assertEqual(upgrade.basis_amount, 3500)
        engine = self._engine()
        # nightly review before the review date: no downgrade even with nothing bought
        with freeze_time("2026-02-27"):
            engine._review_tiers(partner_ids=member.ids, today=date(2026, 2, 27))
        self.assertEqual(member.member_tier_id, self.tier_silver)
        # review date passed but within the grace period: still silver
        with freeze_time("2026-03-20"):
            engine._review_tiers(partner_ids=member.ids, today=date(2026, 3, 20))
        self.assertEqual(member.member_tier_id, self.tier_silver)
        # grace over: back to regular (the rolling year holds nothing)
        with freeze_time("2026-03-31"):
            engine._review_tiers(partner_ids=member.ids, today=date(2026, 3, 31))
        self.assertEqual(member.member_tier_id, self.tier_regular)
        downgrade = member.member_tier_history_ids.filtered(lambda h: h.reason == "downgrade")
        self.assertEqual(downgrade.old_tier_id, self.tier_silver)
        self.assertEqual(downgrade.basis_amount, 0)

    def test_member_still_qualifying_keeps_the_tier_for_a_new_period(self):
        member = self.member
        self._buy(3200, date(2025, 3, 1))
        self.assertEqual(member.member_tier_id, self.tier_silver)
        self._buy(3100, date(2026, 2, 1))
        with freeze_time("2026-03-02"):
            self._engine()._review_tiers(partner_ids=member.ids, today=date(2026, 3, 2))
        self.assertEqual(member.member_tier_id, self.tier_silver)
        self.assertEqual(member.member_tier_review_date, date(2027, 3, 2))
        self.assertIn("renewal", member.member_tier_history_ids.mapped("reason"))

    def test_tier_benefit_program_only_for_its_tier(self):
        promo = self.env["loyalty.program"].create(
            {
                "name": "Gold 5% off",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "company_id": self.head.id,
                "member_tier_ids": [(6, 0, self.tier_gold.ids)],
                "rule_ids": [(0, 0, {"reward_point_mode": "order", "reward_point_amount": 1})],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 5,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "required_points": 1,
                        },
                    )
                ],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "order_line": [(0, 0, {"product_id": self.product_frame.id, "price_unit": 100})],
            }
        )

        def claimable_programs():
            order._update_programs_and_rewards()
            rewards = order._get_claimable_rewards()
            return self.env["loyalty.reward"].union(*rewards.values()).program_id

        self.assertNotIn(promo, claimable_programs())
        self.member.sudo().member_tier_id = self.tier_gold
        self.assertIn(promo, claimable_programs())

    def test_threshold_shows_its_unit(self):
        """The tiers list shows the threshold as money of the head office, or as points when the
        head office ranks members by points earned (never a bare 3,000.00)."""
        tiers = (self.tier_silver | self.tier_gold).with_user(self.manager).with_context(lang="en_US")
        currency = self.head.currency_id
        expected = f"{currency.symbol} 3,000.00" if currency.position == "before" else f"3,000.00 {currency.symbol}"
        self.assertEqual(tiers[0].threshold_display.replace("\xa0", " "), expected)
        self.head.member_tier_basis = "points"
        tiers.invalidate_recordset(["threshold_display"])
        self.assertEqual(tiers.mapped("threshold_display"), ["3,000 points", "10,000 points"])
