from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerDateType(models.Model):
    _name = "customer.date.type"
    _description = "Key Date Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    recurrence = fields.Selection(
        [("yearly", "Every year"), ("once", "Once")],
        required=True,
        default="yearly",
    )
    active = fields.Boolean(default=True)
    key_date_count = fields.Integer("Dates", compute="_compute_key_date_count")

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a date type must be unique.")

    def _compute_key_date_count(self):
        counts = dict(
            self.env["customer.key.date"]._read_group([("date_type_id", "in", self.ids)], ["date_type_id"], ["__count"])
        )
        for date_type in self:
            date_type.key_date_count = counts.get(date_type, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        used = self.env["customer.key.date"].sudo().search_count(
            [("date_type_id", "in", self.ids)], limit=1
        ) or self.env["customer.care.rule"].sudo().with_context(active_test=False).search_count(
            [("date_type_id", "in", self.ids)], limit=1
        )
        if used:
            raise UserError(
                self.env._("This date type is used by key dates or care rules: archive it instead of deleting it.")
            )
