from datetime import timedelta
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon


class ServiceTicketCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = cls.env.company
        Company = cls.env["res.company"]
        cls.store_a = Company.create({"name": "售后测试静安店", "parent_id": cls.head.id})
        cls.store_b = Company.create({"name": "售后测试徐汇店", "parent_id": cls.head.id})

        def agent(login, store):
            return new_test_user(
                cls.env,
                login=login,
                groups="helpdesk_mgmt.group_helpdesk_user,customer_core.group_customer_user",
                company_id=store.id,
                company_ids=[Command.set(store.ids)],
            )

        cls.agent_a = agent("ml_svc_a", cls.store_a)
        cls.agent_b = agent("ml_svc_b", cls.store_b)
        cls.team = cls.env.ref("member_loyalty.helpdesk_team_after_sales")
        cls.repair = cls.env.ref("member_loyalty.helpdesk_category_repair")
        cls.complaint = cls.env.ref("member_loyalty.helpdesk_category_complaint")
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.member = cls.env["res.partner"].create({"name": "会员 刘洋", "email": "liuyang@example.cn"})
        cls.product = cls.env["product.product"].create({"name": "实木画框", "list_price": 680})
        cls.order = (
            cls.env["sale.order"]
            .with_company(cls.store_a)
            .create(
                {
                    "partner_id": cls.member.id,
                    "company_id": cls.store_a.id,
                    "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1})],
                }
            )
        )

    def _ticket(self, category, user=None, **vals):
        Ticket = self.env["helpdesk.ticket"].with_user(user or self.agent_a).with_company(self.store_a)
        return Ticket.create(
            {
                "name": "画框边角开裂",
                "description": "<p>收到时边角开裂</p>",
                "team_id": self.team.id,
                "category_id": category.id,
                "sale_order_id": self.order.id,
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestServiceTicket(ServiceTicketCommon):
    def test_ticket_links_member_order_and_store(self):
        ticket = self._ticket(self.repair)
        self.assertEqual(ticket.partner_id, self.member)
        self.assertEqual(ticket.company_id, self.store_a, "the store of the ticket is the store of the order")
        self.assertEqual(ticket.sale_order_id, self.order)
        other = self.env["res.partner"].create({"name": "别人"})
        with self.assertRaises(ValidationError):
            self._ticket(self.repair, partner_id=other.id)

    def test_sla_deadline_and_breach(self):
        with freeze_time("2026-11-23 02:00:00"):  # Monday 10:00 in Shanghai, when the store opens
            ticket = self._ticket(self.complaint)
            late = self._ticket(self.complaint)
            ticket.invalidate_recordset()
            sla = ticket.ticket_sla_ids
            self.assertEqual(sla.sla_id, self.env.ref("member_loyalty.helpdesk_sla_complaint_response"))
        created = ticket.create_date
        self.assertEqual(sla.deadline, ticket.team_id.resource_calendar_id.plan_hours(4, created, compute_leaves=True))
        self.assertEqual(ticket.sla_deadline, sla.deadline)
        with freeze_time(sla.deadline - timedelta(minutes=30)):
            ticket.stage_id = self.stage_progress
            self.assertEqual(sla.state, "accomplished")
            self.assertFalse(ticket.sla_expired)
        with freeze_time(sla.deadline + timedelta(hours=1)):
            late.invalidate_recordset()
            self.assertTrue(late.sla_expired, "past the deadline and still new: breached")
            late.stage_id = self.stage_progress
            self.assertEqual(late.ticket_sla_ids.state, "expired", "answering late does not undo the breach")

    def test_closing_asks_for_satisfaction_and_the_rating_lands(self):
        ticket = self._ticket(self.repair)
        ticket.stage_id = self.stage_done
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1, "closing the ticket sent the satisfaction survey")
        self.assertEqual(rating.partner_id, self.member)
        ticket.rating_apply(5, token=rating.access_token, feedback="处理得很快")
        self.assertEqual(ticket.rating_last_value, 5)
        self.assertEqual(ticket.positive_rate_percentage, 100)

    def test_ticket_appears_in_the_member_timeline(self):
        ticket = self._ticket(self.repair)
        ticket.stage_id = self.stage_done
        timeline = self.env["customer.interaction"].search([("partner_id", "=", self.member.id)])
        self.assertEqual(len(timeline), 2)
        self.assertEqual(set(timeline.mapped("interaction_type")), {"service"})
        self.assertEqual(set(timeline.mapped("res_id")), {ticket.id})
        self.assertTrue(all(i.res_model == "helpdesk.ticket" and i.company_id == self.store_a for i in timeline))
        self.assertEqual(ticket.interaction_count, 2)
        self.member.invalidate_recordset(["last_contact_date"])
        self.assertTrue(self.member.last_contact_date)

    def test_store_scoping(self):
        ticket = self._ticket(self.repair)
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent_b)
        self.assertFalse(Ticket.search([("id", "=", ticket.id)]))
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent_b).read(["name"])


@tagged("post_install", "-at_install")
class TestServiceTicketRpc(HttpCase, ServiceTicketCommon):
    def test_other_store_reads_nothing_over_rpc(self):
        ticket = self._ticket(self.repair)
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "ml_svc_b", "ml_svc_b", {})
        found = self.xmlrpc_object.execute_kw(db, uid, "ml_svc_b", "helpdesk.ticket", "search", [[]])
        self.assertNotIn(ticket.id, found)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self.xmlrpc_object.execute_kw(db, uid, "ml_svc_b", "helpdesk.ticket", "read", [[ticket.id], ["name"]])
