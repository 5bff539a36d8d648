from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestCareRules(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.date_type = cls.env["customer.date.type"].create(
            {
                "name": "测试纪念日",
                "code": "cc_test_anniv",
                "recurrence": "yearly",
            }
        )
        cls.rule = cls.env["customer.care.rule"].create(
            {
                "name": "纪念日前三天问候",
                "date_type_id": cls.date_type.id,
                "days_before": 3,
                "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
            }
        )
        cls.leap_customer = cls.env["res.partner"].create({"name": "闰年客户", "user_id": cls.seller.id})
        cls.leap_date = cls.env["customer.key.date"].create(
            {
                "partner_id": cls.leap_customer.id,
                "date_type_id": cls.date_type.id,
                "date": date(1996, 2, 29),
            }
        )
        cls.key_date = cls.env["customer.key.date"].create(
            {
                "partner_id": cls.customer.id,
                "date_type_id": cls.date_type.id,
                "date": date(2015, 6, 18),
            }
        )

    def _occurrences(self):
        return self.env["customer.care.occurrence"].search([("rule_id", "=", self.rule.id)])

    def test_activity_created_once_per_occurrence(self):
        Rule = self.env["customer.care.rule"]
        Rule._run_care_rules(today=date(2027, 6, 14))  # 4 days before: too early
        self.assertFalse(self._occurrences())
        Rule._run_care_rules(today=date(2027, 6, 15))
        occurrence = self._occurrences()
        self.assertEqual(occurrence.occurrence_date, date(2027, 6, 18))
        activity = occurrence.activity_id
        self.assertEqual(activity.res_id, self.customer.id)
        self.assertEqual(activity.user_id, self.seller)
        self.assertEqual(activity.date_deadline, date(2027, 6, 18))
        # the job runs again, and again the next days: nothing new
        Rule._run_care_rules(today=date(2027, 6, 15))
        Rule._run_care_rules(today=date(2027, 6, 17))
        self.assertEqual(self._occurrences(), occurrence)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.customer.id),
                    ("activity_type_id", "=", self.rule.activity_type_id.id),
                ]
            ),
            1,
        )
        # next year is a new occurrence
        Rule._run_care_rules(today=date(2028, 6, 16))
        self.assertEqual(len(self._occurrences()), 2)

    def test_late_job_still_creates_the_activity(self):
        self.env["customer.care.rule"]._run_care_rules(today=date(2027, 6, 19))
        self.assertEqual(
            self._occurrences().filtered(lambda o: o.key_date_id == self.key_date).occurrence_date,
            date(2027, 6, 18),
        )

    def test_29_february(self):
        Rule = self.env["customer.care.rule"]
        Rule._run_care_rules(today=date(2027, 2, 25))  # common year: celebrated on 28 February
        occurrence = self._occurrences().filtered(lambda o: o.key_date_id == self.leap_date)
        self.assertEqual(occurrence.occurrence_date, date(2027, 2, 28))
        Rule._run_care_rules(today=date(2028, 2, 26))  # leap year: the real day
        dates = self._occurrences().filtered(lambda o: o.key_date_id == self.leap_date).mapped("occurrence_date")
        self.assertIn(date(2028, 2, 29), dates)
        self.assertEqual(self.leap_date._get_next_occurrence(date(2029, 3, 1)), date(2030, 2, 28))

    def test_one_off_date_happens_once(self):
        once = self.env["customer.date.type"].create({"name": "开业", "code": "cc_once", "recurrence": "once"})
        self.rule.date_type_id = once
        self.env["customer.key.date"].create(
            {
                "partner_id": self.customer.id,
                "date_type_id": once.id,
                "date": date(2027, 9, 1),
            }
        )
        Rule = self.env["customer.care.rule"]
        Rule._run_care_rules(today=date(2027, 8, 30))
        Rule._run_care_rules(today=date(2028, 8, 30))
        self.assertEqual(self._occurrences().mapped("occurrence_date"), [date(2027, 9, 1)])

    def test_occurrence_log_is_unique_in_database(self):
        self.env["customer.care.rule"]._run_care_rules(today=date(2027, 6, 15))
        occurrence = self._occurrences()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["customer.care.occurrence"].create(
                {
                    "rule_id": self.rule.id,
                    "key_date_id": occurrence.key_date_id.id,
                    "occurrence_date": occurrence.occurrence_date,
                }
            )
            self.env.flush_all()

    def test_negative_days_refused(self):
        with self.assertRaises(ValidationError):
            self.env["customer.care.rule"].create(
                {
                    "name": "错误",
                    "date_type_id": self.date_type.id,
                    "days_before": -1,
                }
            )

    def test_date_type_in_use_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.date_type.unlink()
        unused = self.env["customer.date.type"].create({"name": "未用", "code": "cc_unused"})
        unused.unlink()
        self.assertFalse(unused.exists())
