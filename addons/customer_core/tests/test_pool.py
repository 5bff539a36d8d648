from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged, users
from odoo.tools import SQL

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestPool(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.stale = Lead.create({"name": "三个月没联系的线索", "team_id": cls.team.id, "user_id": cls.seller.id})
        cls.fresh = Lead.create({"name": "昨天刚聊过", "team_id": cls.team.id, "user_id": cls.seller.id})
        cls.won = Lead.create({"name": "已成交", "team_id": cls.team.id, "user_id": cls.seller.id})
        cls.won.action_set_won()
        cls.env.flush_all()
        old = fields.Datetime.now() - timedelta(days=90)
        cls.env.cr.execute(
            SQL(
                "UPDATE crm_lead SET create_date = %s, date_open = %s WHERE id IN %s",
                old,
                old,
                (cls.stale.id, cls.fresh.id, cls.won.id),
            )
        )
        cls.env.invalidate_all()
        cls.env["customer.interaction"].create(
            {
                "name": "微信沟通",
                "partner_id": cls.customer.id,
                "lead_id": cls.fresh.id,
                "date": fields.Datetime.now() - timedelta(days=1),
            }
        )

    def test_reclaim_moves_only_stale_open_leads_with_history(self):
        now = fields.Datetime.now().replace(microsecond=0)
        count = self.env["customer.pool.rule"]._reclaim(now=now)
        self.assertGreaterEqual(count, 1)
        self.assertTrue(self.stale.in_pool)
        self.assertEqual(self.stale.pool_date, now)
        self.assertFalse(self.stale.user_id)
        self.assertEqual(self.stale.pool_reason, "no_contact")
        self.assertFalse(self.fresh.in_pool)
        self.assertFalse(self.won.in_pool)
        history = self.stale.pool_history_ids
        self.assertEqual(history.action, "release")
        self.assertEqual(history.user_id, self.seller, "the history keeps who held it")
        self.assertEqual(history.reason, "no_contact")
        # the log says when and for which team and store: it has no create/write columns
        self.assertEqual(history.date, now)
        self.assertEqual(history.team_id, self.stale.team_id)
        self.assertEqual(history.company_id, self.stale.company_id)
        self.assertNotIn("create_uid", history._fields)
        # a second pass finds nothing more of ours
        self.env["customer.pool.rule"]._reclaim()
        self.assertEqual(len(self.stale.pool_history_ids), 1)

    def test_inactive_rule_reclaims_nothing(self):
        self.pool_rule.active = False
        self.env["customer.pool.rule"]._reclaim()
        self.assertFalse(self.stale.in_pool)

    @users("cc_seller2")
    def test_claim_and_history(self):
        self.env["customer.pool.rule"].sudo()._reclaim()
        lead = self.stale.with_user(self.env.user)
        answer = lead.action_pool_claim()
        # the claimer is told the lead is theirs, with a link to it, and the pool reloads without it
        self.assertEqual(answer["tag"], "display_notification")
        self.assertEqual(answer["params"]["type"], "success")
        self.assertIn("%s", answer["params"]["message"])
        self.assertEqual(answer["params"]["links"], [{"label": lead.display_name, "url": f"/odoo/crm.lead/{lead.id}"}])
        self.assertEqual(answer["params"]["next"], {"type": "ir.actions.act_window_close"})
        self.assertFalse(lead.in_pool)
        self.assertEqual(lead.user_id, self.seller2)
        self.assertEqual(lead.sudo().pool_history_ids.sorted("id").mapped("action"), ["release", "claim"])
        with self.assertRaises(UserError):
            lead.action_pool_claim()  # not in the pool any more

    def test_claim_limits(self):
        Lead = self.env["crm.lead"]
        leads = Lead.create(
            [{"name": f"公海线索 {i}", "team_id": self.team.id, "in_pool": True, "user_id": False} for i in range(4)]
        )
        leads[0].with_user(self.seller2).action_pool_claim()
        leads[1].with_user(self.seller2).action_pool_claim()
        with self.assertRaisesRegex(UserError, "at most 2 leads a day"):
            leads[2].with_user(self.seller2).action_pool_claim()
        self.assertTrue(leads[2].in_pool, "a refused claim changes nothing")
        # held limit: the seller already holds stale + fresh (open), max is 3
        self.pool_rule.max_claims_per_day = 0
        leads[2].with_user(self.seller).action_pool_claim()
        with self.assertRaisesRegex(UserError, "limit is 3"):
            leads[3].with_user(self.seller).action_pool_claim()

    def test_claim_needs_team_membership(self):
        lead = self.env["crm.lead"].create({"name": "公海", "team_id": self.team.id, "in_pool": True, "user_id": False})
        with self.assertRaises(UserError):
            lead.with_user(self.manager).action_pool_claim()

    def test_release_by_owner_only(self):
        with self.assertRaises(UserError):
            self.fresh.with_user(self.seller2).action_pool_release()
        self.fresh.with_user(self.seller).action_pool_release()
        self.assertTrue(self.fresh.in_pool)
        self.assertEqual(self.fresh.pool_reason, "released")
        self.assertEqual(self.fresh.pool_history_ids.user_id, self.seller)

    def test_xlsx_export_of_pool(self):
        self.env["customer.pool.rule"]._reclaim()
        report = self.env.ref("customer_core.crm_lead_pool_xlsx_report")
        content, report_type = report._render(report.report_name, self.stale.ids, {})
        self.assertEqual(report_type, "xlsx")
        self.assertTrue(content.startswith(b"PK"))

    def test_bad_rule_values_refused(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.pool_rule.days_without_contact = 0
        with self.assertRaises(ValidationError):
            self.pool_rule.max_claims_per_day = -1
