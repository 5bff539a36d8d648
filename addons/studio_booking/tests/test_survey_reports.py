from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon

WEEK = datetime(2031, 9, 1)  # a Monday


@tagged("post_install", "-at_install")
class TestSurveyAndReports(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": "Report Store", "parent_id": main.id})
        cls.other_store = cls.env["res.company"].create({"name": "Report Other Store", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store | cls.other_store
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Report hours",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {"name": f"d{d}", "dayofweek": str(d), "hour_from": 9, "hour_to": 19, "day_period": "full_day"}
                    )
                    for d in range(5)
                ],
            }
        )
        Resource = cls.env["resource.resource"]
        cls.photographer = Resource.create(
            {
                "name": "Report Photographer",
                "company_id": cls.store.id,
                "studio_role": "photographer",
                "calendar_id": cls.calendar.id,
                "tz": "UTC",
            }
        )
        cls.makeup = Resource.create(
            {
                "name": "Report Make-up",
                "company_id": cls.store.id,
                "studio_role": "makeup",
                "calendar_id": cls.calendar.id,
                "tz": "UTC",
            }
        )
        cls.source = cls.env["utm.source"].create({"name": "Report Channel 测试"})
        cls.package = cls.env["product.product"].create(
            {"name": "Report Package", "type": "service", "list_price": 4000, "is_studio_package": True}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Report Customer", "email": "r@example.com"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.store.id,
                "source_id": cls.source.id,
                "order_line": [Command.create({"product_id": cls.package.id, "price_unit": 4000})],
            }
        )
        cls.order.action_confirm()
        cls.booking = cls.env["studio.booking"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.store.id,
                "sale_order_id": cls.order.id,
                "start": WEEK + timedelta(hours=10),
                "stop": WEEK + timedelta(hours=12),
                "line_ids": [Command.create({"resource_id": r.id}) for r in (cls.photographer | cls.makeup)],
            }
        )

    def test_survey_after_delivery_lands_on_order_and_staff(self):
        work = self.env["studio.production"].create(
            {"name": "Report work", "sale_order_id": self.order.id, "stage": "framing"}
        )
        work.action_next_stage()  # -> ready for delivery
        self.assertFalse(self.order.studio_survey_sent)
        work.action_next_stage()  # -> delivered: the survey goes out
        self.assertTrue(self.order.studio_survey_sent)
        answer = self.env["survey.user_input"].search([("studio_sale_order_id", "=", self.order.id)])
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.customer)
        self.order._studio_send_survey()
        self.assertEqual(
            self.env["survey.user_input"].search_count([("studio_sale_order_id", "=", self.order.id)]),
            1,
            "the survey is sent once",
        )
        survey = answer.survey_id
        question = {q.studio_target: q for q in survey.question_ids}
        self.env["survey.user_input.line"].create(
            [
                {
                    "user_input_id": answer.id,
                    "question_id": question["overall"].id,
                    "answer_type": "scale",
                    "value_scale": 4,
                },
                {
                    "user_input_id": answer.id,
                    "question_id": question["photographer"].id,
                    "answer_type": "scale",
                    "value_scale": 5,
                },
                {
                    "user_input_id": answer.id,
                    "question_id": question["makeup"].id,
                    "answer_type": "scale",
                    "value_scale": 3,
                },
                {
                    "user_input_id": answer.id,
                    "question_id": question["comment"].id,
                    "answer_type": "text_box",
                    "value_text_box": "化妆师很耐心",
                },
            ]
        )
        answer._mark_done()
        self.assertEqual(self.order.studio_satisfaction, 4.0)
        ratings = self.order.studio_rating_ids
        self.assertEqual(ratings.filtered(lambda r: r.resource_id == self.photographer).score, 5)
        self.assertEqual(ratings.filtered(lambda r: r.resource_id == self.makeup).score, 3)
        self.assertIn("化妆师很耐心", self.order.message_ids[0].body)
        by_staff = dict(
            self.env["studio.rating"]._read_group(
                [("resource_id", "in", (self.photographer | self.makeup).ids)], ["resource_id"], ["score:avg"]
            )
        )
        self.assertEqual(by_staff[self.photographer], 5)

    def test_utilisation_report(self):
        self.env.flush_all()
        rows = self.env["studio.utilisation.report"].search([("resource_id", "=", self.photographer.id)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.week, WEEK.date())
        self.assertEqual(rows.booked_hours, 2.0)
        self.assertEqual(rows.working_hours, 50.0)
        self.assertAlmostEqual(rows.utilisation, 4.0)

    def test_channel_report_and_store_isolation(self):
        self.env["crm.lead"].create(
            {"name": "Report lead", "source_id": self.source.id, "company_id": self.store.id, "type": "lead"}
        )
        self.env["studio.channel.cost"].create(
            {"source_id": self.source.id, "company_id": self.store.id, "amount": 1000.0, "date": fields.Date.today()}
        )
        self.env.flush_all()
        rows = self.env["studio.channel.report"].search([("source_id", "=", self.source.id)])
        self.assertEqual(sum(rows.mapped("leads")), 1)
        self.assertEqual(sum(rows.mapped("orders")), 1)
        self.assertEqual(sum(rows.mapped("revenue")), 4000.0)
        self.assertEqual(sum(rows.mapped("cost")), 1000.0)
        if len(rows) == 1:
            self.assertEqual(rows.roi, 300.0)
        outsider = new_test_user(
            self.env,
            login="report_outsider",
            groups="studio_booking.group_studio_user",
            company_id=self.other_store.id,
            company_ids=[Command.set(self.other_store.ids)],
        )
        self.assertFalse(
            self.env["studio.channel.report"].with_user(outsider).search([("source_id", "=", self.source.id)])
        )
        self.assertFalse(
            self.env["studio.utilisation.report"]
            .with_user(outsider)
            .search([("resource_id", "=", self.photographer.id)])
        )
