from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.customer_core.tests import first_day_tour
from odoo.addons.customer_core.tests.first_day_tour import FirstDayTourMixin

from .common import MemberPosCommon


@tagged("post_install", "-at_install", "-standard", "first_day")
class TestTillTour(FirstDayTourMixin, MemberPosCommon):
    """#18: store A's cashier at the till in headless Chromium (Odoo's POS tour helpers): finds
    store A's member by phone on the server, redeems points, pays partly with stored value, prints
    the receipt; at a tablet's width (768) and a phone's (390). Screenshots in
    .run/artefacts/screenshots/cashier/."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a.member_wallet_id.with_user(cls.cashier_a).with_company(cls.store_a)._member_wallet_topup(
            500, cls.cash_journal
        )

    def _run(self, tour, size):
        sizes = {**first_day_tour.SIZES, "tablet": ("768x1024", False)}
        with patch.dict(first_day_tour.SIZES, sizes):
            self.run_first_day_tour("cashier", tour, self.pos_cashier.login, size, url=f"/pos/ui/{self.config.id}")

    def test_till_tablet(self):
        self._run("member_loyalty_pos_till", "tablet")
        wallet, card = self.member_a.member_wallet_id, self.member_a.member_card_id
        self.assertEqual(wallet.points, 450)
        # 500 redeemed; the ink print, 115.00 with its tax at the till, earns 2 points a yuan
        self.assertEqual(card.points, 230)
        self.assertEqual(card.points, self._ledger_sum(card))

    def test_till_phone(self):
        self._run("member_loyalty_pos_till_phone", "phone")
        order = self.env["pos.order"].search([("session_id", "=", self.pos_session.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(self.member_a.member_wallet_id.points, 500 - order.amount_total)
