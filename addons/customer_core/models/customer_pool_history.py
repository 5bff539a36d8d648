from odoo import api, fields, models

POOL_REASONS = [
    ("no_contact", "No contact in time"),
    ("released", "Released by its owner"),
    ("manual", "Put back by a manager"),
]


class CustomerPoolHistory(models.Model):
    _name = "customer.pool.history"
    _description = "Public Pool History"
    _order = "date desc, id desc"
    # an append-only log: ``date`` says when, ``user_id`` who held or claimed it. Without the
    # create/write magic columns a history row carries two foreign keys fewer, and foreign-key
    # checks are the largest cost of writing a million of them in the reclaim statement.
    _log_access = False

    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Customer", index="btree_not_null", ondelete="cascade")
    user_id = fields.Many2one("res.users", "Salesperson", index=True, ondelete="set null")
    team_id = fields.Many2one("crm.team", "Sales Team", ondelete="set null")
    company_id = fields.Many2one("res.company", "Store", index=True)
    action = fields.Selection([("claim", "Claimed"), ("release", "Returned to pool")], required=True)
    reason = fields.Selection(POOL_REASONS)
    note = fields.Char()
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    _one_record = models.Constraint(
        "CHECK(num_nonnulls(lead_id, partner_id) = 1)",
        "A pool history line is about exactly one lead or one customer.",
    )

    @api.depends("lead_id.name", "partner_id.name", "action")
    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for history in self:
            record = history.lead_id or history.partner_id
            history.display_name = f"{record.name or ''} · {actions.get(history.action, '')}"
