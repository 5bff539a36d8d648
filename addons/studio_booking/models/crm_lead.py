import re

from odoo import api, fields, models

from .product_template import STUDIO_SHOOT_TYPES


def normalize_phone(phone):
    """Digits only, without the Chinese country code: '+86 138-0013-8000' -> '13800138000'."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


class CrmLead(models.Model):
    _inherit = "crm.lead"

    studio_shoot_type = fields.Selection(STUDIO_SHOOT_TYPES, string="Shoot Type")
    studio_event_date = fields.Date(
        string="Wedding / Baby Date",
        help="The wedding date, the baby's birth date or the date the shoot is for.",
    )
    studio_budget = fields.Monetary(string="Budget", currency_field="company_currency")
    studio_package_id = fields.Many2one(
        "product.product",
        string="Wanted Package",
        domain="[('is_studio_package', '=', True)]",
    )
    studio_phone_key = fields.Char(
        string="Phone Key",
        compute="_compute_studio_phone_key",
        store=True,
        index=True,
        help="The phone number reduced to its digits, to find duplicates.",
    )
    studio_channel_ref = fields.Char(string="Channel Reference", help="The lead's id on the channel's platform.")

    @api.depends("phone")
    def _compute_studio_phone_key(self):
        for lead in self:
            lead.studio_phone_key = normalize_phone(lead.phone) or False
