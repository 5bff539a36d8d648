from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestLunarKeyDates(BaseCommon):
    """Lunar key dates (农历), as a store's salesperson records them and the daily care pass sees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.store = cls.env["res.company"].create({"name": "杭州西湖店"})
        cls.seller = new_test_user(
            cls.env,
            login="lunar_seller",
            name="销售 沈佳",
            groups="customer_core.group_customer_user",
            company_id=cls.store.id,
            company_ids=[cls.store.id],
        )
        cls.date_type = cls.env["customer.date.type"].create(
            {"name": "农历生日", "code": "cc_lunar_birthday", "recurrence": "yearly"}
        )
        cls.rule = cls.env["customer.care.rule"].create(
            {
                "name": "农历生日前三天问候",
                "date_type_id": cls.date_type.id,
                "days_before": 3,
                "company_id": cls.store.id,
                "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "客户 吴桐", "user_id": cls.seller.id, "company_id": cls.store.id}
        )
        cls.KeyDate = cls.env["customer.key.date"].with_user(cls.seller)

    def _lunar(self, partner, **vals):
        """A lunar key date created by the salesperson."""
        return self.KeyDate.create(
            {"partner_id": partner.id, "date_type_id": self.date_type.id, "calendar_type": "lunar", **vals}
        )

    def _customer(self, name):
        return self.env["res.partner"].create({"name": name, "user_id": self.seller.id, "company_id": self.store.id})

    def _occurrence_dates(self, key_date):
        occurrences = self.env["customer.care.occurrence"].search(
            [("rule_id", "=", self.rule.id), ("key_date_id", "=", key_date.id)]
        )
        return sorted(occurrences.mapped("occurrence_date"))

    def _run(self, today):
        return self.env["customer.care.rule"]._run_care_rules(today=today)

    def test_salesperson_records_a_lunar_birthday_in_the_form(self):
        with Form(self.KeyDate) as form:
            form.partner_id = self.customer
            form.date_type_id = self.date_type
            form.date = date(1990, 10, 3)  # 农历 1990 年八月十五
            form.calendar_type = "lunar"
            self.assertEqual((form.lunar_month, form.lunar_day, form.lunar_leap), (8, 15, False))
        key_date = form.record
        self.assertEqual(key_date.with_context(lang="zh_CN").lunar_label, "农历八月十五")
        self.assertEqual(key_date.with_context(lang="en_US").lunar_label, "Lunar month 8, day 15")
        with freeze_time("2026-03-01"):
            key_date.invalidate_recordset(["date_this_year"])
            self.assertEqual(key_date.date_this_year, date(2026, 9, 25))
        self.assertEqual(key_date._get_next_occurrence(date(2026, 9, 26)), date(2027, 9, 15))
        # a Gregorian date keeps no lunar day
        key_date.calendar_type = "solar"
        self.assertEqual((key_date.lunar_month, key_date.lunar_day, key_date.lunar_label), (0, 0, False))

    def test_care_pass_fires_on_the_gregorian_day_once_and_catches_up(self):
        key_date = self._lunar(self.customer, date=date(1990, 10, 3))
        self._run(date(2026, 9, 21))  # 中秋 2026 is 25 September: 4 days before, too early
        self.assertFalse(self._occurrence_dates(key_date))
        occurrences = self._run(date(2026, 9, 22))
        self.assertEqual(self._occurrence_dates(key_date), [date(2026, 9, 25)])
        activity = occurrences.filtered(lambda o: o.key_date_id == key_date).activity_id
        self.assertEqual(activity.user_id, self.seller)
        self.assertEqual(activity.date_deadline, date(2026, 9, 25))
        # the salesperson sees it among their activities
        self.assertIn(
            activity, self.env["mail.activity"].with_user(self.seller).search([("user_id", "=", self.seller.id)])
        )
        # again, and the following days: nothing new
        self._run(date(2026, 9, 22))
        self._run(date(2026, 9, 25))
        self.assertEqual(self._occurrence_dates(key_date), [date(2026, 9, 25)])
        # 2027: 中秋 is 15 September; the job did not run for a week and runs two days late
        self._run(date(2027, 9, 17))
        self.assertEqual(self._occurrence_dates(key_date), [date(2026, 9, 25), date(2027, 9, 15)])

    def test_leap_month_choice_in_2023_and_the_years_without_it(self):
        # 2023-03-31 is 闰二月初十: a leap-month date; kept on 闰二月 when the year has it
        leap = self._lunar(self._customer("客户 闰月"), date=date(2023, 3, 31))
        self.assertEqual((leap.lunar_month, leap.lunar_day, leap.lunar_leap), (2, 10, True))
        self.assertEqual(leap.with_context(lang="zh_CN").lunar_label, "农历闰二月初十")
        # the same day kept in the ordinary second month (the customer's choice)
        ordinary = self._lunar(self._customer("客户 正月"), date=date(2023, 3, 31), lunar_leap=False)
        self.assertEqual(ordinary._get_next_occurrence(date(2023, 3, 1)), date(2024, 3, 19))
        self._run(date(2023, 3, 28))
        self.assertEqual(self._occurrence_dates(leap), [date(2023, 3, 31)])
        # 2024 has no leap second month: the ordinary 二月初十, 19 March
        self._run(date(2024, 3, 17))
        self.assertEqual(self._occurrence_dates(leap), [date(2023, 3, 31), date(2024, 3, 19)])
        self.assertEqual(self._occurrence_dates(ordinary), [date(2024, 3, 19)])

    def test_leap_sixth_month_of_2025_and_day_30_of_a_29_day_month(self):
        # 闰六月 of 2025 has 29 days: 闰六月三十 falls on its 29th, 22 August 2025
        leap = self._lunar(
            self._customer("客户 六月"), date=date(2024, 8, 3), lunar_month=6, lunar_day=30, lunar_leap=True
        )
        # the ordinary sixth month of 2025 has 30 days: 24 July 2025
        ordinary = self._lunar(self._customer("客户 七月"), date=date(2024, 8, 3), lunar_month=6, lunar_day=30)
        self._run(date(2025, 7, 22))
        self._run(date(2025, 8, 20))
        self.assertEqual(self._occurrence_dates(ordinary), [date(2025, 7, 24)])
        self.assertEqual(self._occurrence_dates(leap), [date(2025, 8, 22)])
        # 腊月三十 (除夕): the twelfth month of 2025 has 29 days, the eve is 16 February 2026
        eve = self._lunar(self._customer("客户 除夕"), date=date(2024, 2, 9))
        self.assertEqual((eve.lunar_month, eve.lunar_day), (12, 30))
        self._run(date(2026, 2, 13))
        self.assertEqual(self._occurrence_dates(eve), [date(2026, 2, 16)])
        self.assertEqual(eve._get_next_occurrence(date(2026, 2, 17)), date(2027, 2, 5))

    def test_a_late_twelfth_month_date_comes_twice_in_one_gregorian_year(self):
        # 腊月初五 fell on 7 January 2022 (lunar 2021) and on 27 December 2022 (lunar 2022)
        key_date = self._lunar(self._customer("客户 腊月"), date=date(2020, 1, 17), lunar_month=12, lunar_day=5)
        self._run(date(2022, 1, 5))
        self._run(date(2022, 12, 25))
        self._run(date(2022, 12, 26))
        self.assertEqual(self._occurrence_dates(key_date), [date(2022, 1, 7), date(2022, 12, 27)])

    def test_daily_refresh_and_python_agree(self):
        """The statement that moves next_occurrence and the per-record computation give one day."""
        cases = [
            {"date": date(1990, 10, 3)},
            {"date": date(2023, 3, 31)},
            {"date": date(2023, 3, 31), "lunar_leap": False},
            {"date": date(2024, 8, 3), "lunar_month": 6, "lunar_day": 30, "lunar_leap": True},
            {"date": date(2024, 2, 9)},
            {"date": date(2000, 1, 20), "lunar_month": 12, "lunar_day": 30},
            {"date": date(1985, 2, 20)},
        ]
        key_dates = self.KeyDate.browse()
        for i, vals in enumerate(cases):
            key_dates |= self._lunar(self._customer(f"客户 对照{i}"), **vals)
        for today in (date(2025, 1, 1), date(2025, 7, 25), date(2025, 12, 31), date(2026, 2, 17), date(2027, 6, 1)):
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE customer_key_date SET next_occurrence = '1999-01-01' WHERE id IN %s", [tuple(key_dates.ids)]
            )
            key_dates.invalidate_recordset(["next_occurrence"])
            self.env["customer.key.date"]._refresh_next_occurrences(today)
            for key_date in key_dates:
                expected = key_date._get_next_occurrence(today)
                self.assertTrue(expected and expected >= today)
                self.assertEqual(key_date.next_occurrence, expected, f"{key_date.lunar_label} on {today}")

    def test_bad_lunar_dates_are_refused_in_words_and_write_nothing(self):
        other = self._customer("客户 错误")
        for vals, words in (
            ({"date": date(1990, 10, 3), "lunar_month": 13, "lunar_day": 1}, "1 to 12"),
            ({"date": date(1990, 10, 3), "lunar_month": 8, "lunar_day": 31}, "1 to 30"),
            ({"date": date(1850, 1, 1), "lunar_month": 8, "lunar_day": 15}, "1900 to 2100"),
        ):
            with self.assertRaises(ValidationError) as refused:
                self._lunar(other, **vals)
            self.assertIn(words, str(refused.exception))
        self.assertFalse(self.env["customer.key.date"].search([("partner_id", "=", other.id)]))
        # in the user's language
        self.env["ir.module.module"]._load_module_terms(["customer_core"], ["zh_CN"])
        with self.assertRaises(ValidationError) as refused:
            self.KeyDate.with_context(lang="zh_CN").create(
                {
                    "partner_id": other.id,
                    "date_type_id": self.date_type.id,
                    "calendar_type": "lunar",
                    "date": date(1990, 10, 3),
                    "lunar_month": 0,
                    "lunar_day": 15,
                }
            )
        self.assertIn("农历日期的月份须在 1 到 12 之间", str(refused.exception))
