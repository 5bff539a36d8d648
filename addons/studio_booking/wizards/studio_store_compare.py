from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StudioStoreCompare(models.TransientModel):
    _name = "studio.store.compare"
    _description = "Store Comparison for the Head Office"

    date_from = fields.Date(required=True, default=lambda self: date(fields.Date.context_today(self).year, 1, 1))
    date_to = fields.Date(required=True, default=lambda self: date(fields.Date.context_today(self).year, 12, 31))
    head_office_id = fields.Many2one("res.company", required=True, default=lambda self: self._default_head_office())
    company_ids = fields.Many2many(
        "res.company",
        string="Stores",
        compute="_compute_company_ids",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_company_ids)]",
    )

    @api.model
    def _default_head_office(self):
        company = self.env.company
        return company.parent_id or company

    @api.depends("head_office_id")
    def _compute_company_ids(self):
        allowed = self.env.companies
        for wizard in self:
            stores = wizard.head_office_id | wizard.head_office_id.child_ids
            wizard.company_ids = stores & allowed

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    def _rows(self):
        """One dict per store: orders, revenue, margin, shoots, satisfaction, rates."""
        self.ensure_one()
        companies = self.company_ids & self.env.companies
        return self.env["studio.store.report"]._compare(companies.sorted("name"), self.date_from, self.date_to)

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("studio_booking.action_report_store_compare").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("studio_booking.action_report_store_compare_xlsx").report_action(self)
