from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.safe_eval import datetime, safe_eval


class CustomerSegment(models.Model):
    _name = "customer.segment"
    _description = "Customer Segment"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text()
    domain = fields.Char(
        "Customers Matching",
        default="[]",
        required=True,
        tracking=True,
        help="Built with the domain editor on customers.",
    )
    company_id = fields.Many2one("res.company", "Store", index=True)
    partner_count = fields.Integer("Customers", compute="_compute_partner_count")

    def _domain_eval_context(self):
        """What a segment's domain may use, as in the domain editor: relative dates
        (``context_today() - relativedelta(days=30)``) stay relative."""
        return {
            "uid": self.env.uid,
            "context_today": lambda: fields.Date.context_today(self),
            "datetime": datetime,
            "relativedelta": relativedelta,
        }

    def _get_domain(self):
        self.ensure_one()
        domain = Domain(safe_eval(self.domain or "[]", self._domain_eval_context()))
        if self.company_id:
            domain &= Domain("company_id", "in", [self.company_id.id, False])
        return domain

    def _get_partners(self):
        """The customers of the segment, as the current user may see them."""
        self.ensure_one()
        return self.env["res.partner"].search(self._get_domain())

    @api.depends("domain", "company_id")
    @api.depends_context("uid")
    def _compute_partner_count(self):
        Partner = self.env["res.partner"]
        for segment in self:
            segment.partner_count = Partner.search_count(segment._get_domain())

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "domain": list(self._get_domain()),
        }
