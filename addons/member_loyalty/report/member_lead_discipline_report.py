from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.utm_source import LEAD_CHANNELS


class MemberLeadDisciplineReport(models.Model):
    """Follow-up discipline per salesperson and store: one row per lead a salesperson holds now,
    and one row per pool event (a claim, a reclaim by the pool) of the public-pool history."""

    _name = "member.lead.discipline.report"
    _description = "Follow-up Discipline Leaderboard"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    member_lead_channel = fields.Selection(LEAD_CHANNELS, string="Channel", readonly=True)
    held_count = fields.Integer("Leads Held", readonly=True)
    in_time_count = fields.Integer(
        "Followed in Time", readonly=True, help="Held leads contacted at least once whose next follow-up is not past."
    )
    overdue_count = fields.Integer("Overdue", readonly=True, help="Held leads whose next follow-up date is past.")
    reclaimed_count = fields.Integer(
        "Reclaimed by Pool", readonly=True, help="Leads the pool took back because nobody followed them in time."
    )
    claim_count = fields.Integer("Claims", readonly=True, help="Leads claimed from the public pool.")
    discipline_rate = fields.Float(
        "Discipline (%)",
        readonly=True,
        aggregator="avg",
        help="Share of held leads followed in time.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS (
    SELECT l.id * 2 AS id,
           COALESCE(l.date_open, l.create_date)::date AS date,
           l.user_id, l.company_id, l.team_id, l.id AS lead_id, l.member_lead_channel,
           1 AS held_count,
           CASE WHEN l.last_contact_date IS NOT NULL
                 AND (l.next_followup_date IS NULL OR l.next_followup_date >= CURRENT_DATE)
                THEN 1 ELSE 0 END AS in_time_count,
           CASE WHEN l.next_followup_date < CURRENT_DATE THEN 1 ELSE 0 END AS overdue_count,
           0 AS reclaimed_count,
           0 AS claim_count,
           CASE WHEN l.last_contact_date IS NOT NULL
                 AND (l.next_followup_date IS NULL OR l.next_followup_date >= CURRENT_DATE)
                THEN 100.0 ELSE 0.0 END AS discipline_rate
      FROM crm_lead l
     WHERE l.active AND l.user_id IS NOT NULL AND l.in_pool IS NOT TRUE
       AND COALESCE(l.won_status, 'pending') = 'pending'
    UNION ALL
    SELECT h.id * 2 + 1 AS id,
           h.date::date AS date,
           h.user_id, h.company_id, h.team_id, h.lead_id, hl.member_lead_channel,
           0, 0, 0,
           CASE WHEN h.action = 'release' AND h.reason = 'no_contact' THEN 1 ELSE 0 END,
           CASE WHEN h.action = 'claim' THEN 1 ELSE 0 END,
           NULL
      FROM customer_pool_history h
      JOIN crm_lead hl ON hl.id = h.lead_id
     WHERE h.user_id IS NOT NULL
       AND (h.action = 'claim' OR h.reason = 'no_contact')
)
                """,
                table=SQL.identifier(self._table),
            )
        )
