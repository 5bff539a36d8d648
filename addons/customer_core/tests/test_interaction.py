from datetime import datetime, timedelta

from odoo.tests import Form, tagged, users

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestInteraction(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "婚纱照套餐咨询",
                "partner_id": cls.customer.id,
                "user_id": cls.seller.id,
                "team_id": cls.team.id,
            }
        )

    @users("cc_seller")
    def test_logging_moves_last_contact_of_customer_and_lead(self):
        when = datetime(2026, 3, 8, 10, 0)
        self.env["customer.interaction"].create(
            {
                "name": "电话回访",
                "partner_id": self.customer.id,
                "lead_id": self.lead.id,
                "interaction_type": "call",
                "date": when,
                "duration": 0.25,
            }
        )
        self.assertEqual(self.customer.last_contact_date, when)
        self.assertEqual(self.lead.last_contact_date, when)
        # an older interaction does not move it back
        self.env["customer.interaction"].create(
            {
                "name": "补录",
                "partner_id": self.customer.id,
                "date": when - timedelta(days=30),
            }
        )
        self.assertEqual(self.customer.last_contact_date, when)
        self.assertEqual(self.customer.interaction_count, 2)
        self.assertEqual(self.lead.interaction_count, 1)

    @users("cc_seller")
    def test_two_click_log_from_partner_form_plans_next_step(self):
        action = self.customer.action_log_interaction()
        self.assertEqual(action["res_model"], "customer.interaction.log")
        call = self.env.ref("mail.mail_activity_data_call")
        wizard_form = Form(self.env["customer.interaction.log"].with_context(**action["context"]))
        wizard_form.interaction_type = "wechat"
        wizard_form.summary = "客户想看春季新款"
        wizard_form.next_activity_type_id = call
        wizard = wizard_form.save()
        wizard.action_log()
        interaction = self.customer.interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.interaction_type, "wechat")
        self.assertEqual(interaction.user_id, self.env.user)
        self.assertTrue(self.customer.last_contact_date)
        activity = self.customer.activity_ids
        self.assertEqual(activity.activity_type_id, call)
        self.assertEqual(self.customer.next_followup_date, activity.date_deadline)

    @users("cc_seller")
    def test_log_from_lead_and_timeline_actions(self):
        action = self.lead.action_log_interaction()
        wizard = (
            self.env["customer.interaction.log"]
            .with_context(**action["context"])
            .create(
                {
                    "interaction_type": "visit",
                }
            )
        )
        wizard.action_log()
        self.assertEqual(self.lead.interaction_ids.partner_id, self.customer)
        view = self.customer.action_view_interactions()
        found = self.env["customer.interaction"].search(view["domain"])
        self.assertEqual(found, self.lead.interaction_ids)

    def test_interaction_about_any_record(self):
        """The reference to any model lets a line tie an interaction to its own records."""
        team_interaction = self.env["customer.interaction"].create(
            {
                "name": "团队活动",
                "partner_id": self.customer.id,
                "res_model": "crm.team",
                "res_id": self.team.id,
                "interaction_type": "event",
            }
        )
        self.assertEqual(team_interaction.res_name, self.team.display_name)

    def test_xlsx_export_of_interactions(self):
        interaction = self.env["customer.interaction"].create(
            {
                "name": "到店看样",
                "partner_id": self.customer.id,
                "interaction_type": "visit",
            }
        )
        report = self.env.ref("customer_core.customer_interaction_xlsx_report")
        content, report_type = report._render(report.report_name, interaction.ids, {})
        self.assertEqual(report_type, "xlsx")
        self.assertTrue(content.startswith(b"PK"))  # a zip: an xlsx workbook
