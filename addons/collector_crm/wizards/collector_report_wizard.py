from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CollectorReportWizard(models.TransientModel):
    _name = "collector.report.wizard"
    _description = "Collector Reports (Excel)"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.today().replace(month=1, day=1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.today)
    company_ids = fields.Many2many(
        "res.company", string="Companies", default=lambda self: self.env.companies, required=True
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The report cannot start (%(start)s) after it ends (%(end)s).",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("collector_crm.action_report_collector_xlsx").report_action(self, config=False)
