from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged, users

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestFollowup(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.customer_followup_required = True  # the discipline is a team's choice
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "全家福拍摄",
                "partner_id": cls.customer.id,
                "user_id": cls.seller.id,
                "team_id": cls.team.id,
            }
        )

    @users("cc_seller")
    def test_closing_last_followup_requires_the_next(self):
        lead = self.lead.with_user(self.env.user)
        activity = lead.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.today() + timedelta(days=2),
            user_id=self.env.uid,
        )
        self.assertEqual(lead.next_followup_date, activity.date_deadline)
        with self.assertRaises(UserError):
            activity.action_done()
        self.assertTrue(activity.active, "nothing is half-written: the activity stays open")
        # "Done & Schedule Next" is the way: it closes and opens the planner
        action = activity.action_done_schedule_next()
        self.assertEqual(action["res_model"], "mail.activity")
        self.assertFalse(activity.active)
        self.assertFalse(lead.next_followup_date)

    @users("cc_seller")
    def test_closing_with_another_followup_planned_is_fine(self):
        lead = self.lead.with_user(self.env.user)
        today = fields.Date.today()
        first = lead.activity_schedule("mail.mail_activity_data_call", date_deadline=today, user_id=self.env.uid)
        second = lead.activity_schedule(
            "mail.mail_activity_data_todo", date_deadline=today + timedelta(days=7), user_id=self.env.uid
        )
        self.assertEqual(lead.next_followup_date, today)
        first.action_done()
        self.assertEqual(lead.next_followup_date, second.date_deadline)

    def test_won_lead_needs_no_next_followup(self):
        activity = self.lead.activity_schedule("mail.mail_activity_data_call", user_id=self.seller.id)
        self.lead.action_set_won()
        activity.with_user(self.seller).action_done()
        self.assertFalse(activity.active)

    def test_team_can_switch_the_rule_off(self):
        self.customer.team_id = self.team
        self.team.customer_followup_required = False
        activity = self.customer.activity_schedule("mail.mail_activity_data_call", user_id=self.seller.id)
        activity.with_user(self.seller).action_done()
        self.assertFalse(activity.active)
        self.team.customer_followup_required = True
        activity = self.customer.activity_schedule("mail.mail_activity_data_call", user_id=self.seller.id)
        with self.assertRaises(UserError):
            activity.with_user(self.seller).action_done()

    @users("cc_seller")
    def test_other_teams_and_models_keep_odoo_activities(self):
        """#23: the discipline one team opts into does not change activities anywhere else: a lead
        of another team, a customer of no team, any other model are closed as in Odoo."""
        other_team = (
            self.env["crm.team"]
            .sudo()
            .create({"name": "线上团队", "crm_team_member_ids": [Command.create({"user_id": self.env.uid})]})
        )
        lead = self.env["crm.lead"].create({"name": "线上线索", "team_id": other_team.id, "user_id": self.env.uid})
        customer = self.env["res.partner"].create({"name": "无团队客户", "user_id": self.env.uid})
        self.assertFalse(customer.team_id)
        for record in (lead, customer, self.env.user.partner_id):
            activity = record.activity_schedule("mail.mail_activity_data_call", user_id=self.env.uid)
            activity.action_done()
            self.assertFalse(activity.active)

    def test_overdue_and_no_contact_filters(self):
        Partner = self.env["res.partner"]
        self.customer.next_followup_date = date.today() - timedelta(days=1)
        self.other_customer.next_followup_date = date.today() + timedelta(days=1)
        both = (self.customer | self.other_customer).ids
        overdue = Partner.search([("followup_overdue", "=", True), ("id", "in", both)])
        self.assertEqual(overdue, self.customer)
        self.assertTrue(self.customer.followup_overdue)
        self.assertFalse(self.other_customer.followup_overdue)
        # "my follow-ups today" is a filter of the customer search view, and works for each salesperson
        action = self.env.ref("customer_core.res_partner_action_my_followups")
        self.assertIn("search_default_my_followups_today", action.context)
        mine = Partner.with_user(self.seller).search(
            [
                ("user_id", "=", self.seller.id),
                ("next_followup_date", "<=", date.today()),
            ]
        )
        self.assertIn(self.customer, mine)
        self.assertNotIn(self.other_customer, mine)
