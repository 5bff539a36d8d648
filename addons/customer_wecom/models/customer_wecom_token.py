from odoo import fields, models


class CustomerWecomToken(models.Model):
    """The cached WeCom access token of a company (7,200 s per WeCom; never shown to users)."""

    _name = "customer.wecom.token"
    _description = "WeCom Access Token"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    access_token = fields.Char(required=True)
    expires_at = fields.Datetime(required=True)

    _company_uniq = models.Constraint("UNIQUE(company_id)", "One WeCom token per company.")
