from datetime import date

import psycopg2

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.member_loyalty.models.member_loyalty_engine import birthday_in_year

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestBirthday(MemberLoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gift_program = cls.env["loyalty.program"].create(
            {
                "name": "Birthday gift",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "company_id": cls.head.id,
                "rule_ids": [Command.create({"reward_point_mode": "order", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_order",
                            "discount": 88,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.head.write({"member_birthday_program_id": cls.gift_program.id, "member_birthday_days_before": 7})
        birthday = cls.env.ref("customer_core.date_type_birthday")
        cls.leap = cls._new_member("闰年生")
        cls.no_birthday = cls._new_member("无生日")
        cls.env["customer.key.date"].create(
            [
                {"partner_id": cls.member.id, "date_type_id": birthday.id, "date": date(1990, 5, 20)},
                {"partner_id": cls.leap.id, "date_type_id": birthday.id, "date": date(1996, 2, 29)},
            ]
        )

    def _coupons(self, partner):
        return self.env["member.birthday.coupon"].search([("partner_id", "=", partner.id)])

    def test_coupon_n_days_before_once_a_year(self):
        engine = self.env["member.loyalty.engine"]
        engine._issue_birthday_coupons(today=date(2027, 5, 12))
        self.assertFalse(self._coupons(self.member), "8 days before: too early")
        engine._issue_birthday_coupons(today=date(2027, 5, 13))
        issued = self._coupons(self.member)
        self.assertEqual(issued.year, 2027)
        self.assertEqual(issued.card_id.program_id, self.gift_program)
        self.assertEqual(issued.card_id.partner_id, self.member)
        self.assertEqual(issued.card_id.expiration_date, date(2027, 6, 19))
        engine._issue_birthday_coupons(today=date(2027, 5, 14))
        self.assertEqual(len(self._coupons(self.member)), 1)
        self.assertFalse(self._coupons(self.no_birthday))
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env["member.birthday.coupon"].create(
                {"partner_id": self.member.id, "year": 2027, "birthday": date(2027, 5, 20)}
            )

    def test_29_february(self):
        self.assertEqual(birthday_in_year(date(1996, 2, 29), 2027), date(2027, 2, 28))
        self.assertEqual(birthday_in_year(date(1996, 2, 29), 2028), date(2028, 2, 29))
        self.env["member.loyalty.engine"]._issue_birthday_coupons(today=date(2027, 2, 21))
        issued = self._coupons(self.leap)
        self.assertEqual(issued.birthday, date(2027, 2, 28))
