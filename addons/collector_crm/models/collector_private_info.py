from odoo import api, fields, models
from odoo.exceptions import ValidationError

PAYMENT_PREFERENCES = [
    ("bank_transfer", "Bank transfer"),
    ("installments", "Installments"),
    ("card", "Card"),
    ("cash", "Cash"),
    ("other", "Other"),
]

# Fields of a collector that are private: their reads are audit-logged (OCA auditlog rule on this
# model) and only the collector's advisor and the customer managers can read them.
PRIVATE_FIELDS = [
    "budget_min",
    "budget_max",
    "budget_currency_id",
    "payment_preference",
    "shipping_preference",
    "insurance_preference",
    "framing_preference",
    "advisor_note",
]


class CollectorPrivateInfo(models.Model):
    _name = "collector.private.info"
    _description = "Collector Private File"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Collector", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    advisor_id = fields.Many2one(related="partner_id.user_id", string="Advisor", store=True)
    budget_min = fields.Monetary(string="Budget from", currency_field="budget_currency_id")
    budget_max = fields.Monetary(string="Budget up to", currency_field="budget_currency_id")
    budget_currency_id = fields.Many2one(
        "res.currency", string="Budget currency", default=lambda self: self.env.company.currency_id
    )
    payment_preference = fields.Selection(PAYMENT_PREFERENCES)
    shipping_preference = fields.Char(help="e.g. white-glove delivery, collect at the gallery")
    insurance_preference = fields.Char(help="e.g. nail-to-nail cover by the gallery's insurer")
    framing_preference = fields.Char(help="e.g. museum glass, walnut frame")
    advisor_note = fields.Text(
        string="Advisor's private note", help="Only the collector's advisor and managers can read it."
    )

    _partner_uniq = models.Constraint("UNIQUE(partner_id)", "A collector has only one private file.")
    _budget_range = models.Constraint(
        "CHECK(budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max)",
        "The minimum budget cannot be above the maximum budget.",
    )

    @api.model
    def _check_budget_values(self, values):
        low, high = values.get("budget_min"), values.get("budget_max")
        if low and high and low > high:
            raise ValidationError(
                self.env._(
                    "The minimum budget (%(low)s) cannot be above the maximum budget (%(high)s).",
                    low=low,
                    high=high,
                )
            )

    @api.constrains("budget_min", "budget_max")
    def _check_budget(self):
        for info in self:
            self._check_budget_values({"budget_min": info.budget_min, "budget_max": info.budget_max})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_budget_values(vals)
        return super().create(vals_list)
