from odoo import api, fields, models
from odoo.fields import Domain


class CustomerFollowupMixin(models.AbstractModel):
    """Follow-up discipline shared by customers (res.partner) and leads (crm.lead).

    The inheriting model declares its own ``interaction_ids`` One2many (on ``partner_id`` or
    ``lead_id`` of ``customer.interaction``); counts and domains follow that field.
    """

    _name = "customer.followup.mixin"
    _description = "Customer Follow-up Mixin"
    _inherit = ["customer.interaction.mixin"]

    last_contact_date = fields.Datetime(
        "Last Contact",
        index=True,
        copy=False,
        help="Moved forward by every interaction logged with this record.",
    )
    next_followup_date = fields.Date("Next Follow-up", index=True, copy=False)
    followup_overdue = fields.Boolean(
        "Follow-up Overdue", compute="_compute_followup_overdue", search="_search_followup_overdue"
    )

    @api.depends("next_followup_date")
    @api.depends_context("tz")
    def _compute_followup_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.followup_overdue = bool(record.next_followup_date and record.next_followup_date < today)

    def _search_followup_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("next_followup_date", "<", fields.Date.context_today(self))
        return domain if operator == "in" and True in value else ~domain

    def _interaction_inverse_name(self):
        return self._fields["interaction_ids"].inverse_name

    def _compute_interaction_count(self):
        field = self._interaction_inverse_name()
        counts = dict(self.env["customer.interaction"]._read_group([(field, "in", self.ids)], [field], ["__count"]))
        for record in self:
            record.interaction_count = counts.get(record, 0)

    def _customer_interaction_domain(self):
        return [(self._interaction_inverse_name(), "in", self.ids)]
