import re

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    studio_wished_date = fields.Date(
        string="Wished Shoot Date",
        help="The day the customer would like to shoot; the free-slot search of the order starts there.",
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

    @api.onchange("studio_package_id")
    def _onchange_studio_package_id(self):
        if self.studio_package_id.studio_shoot_type:
            self.studio_shoot_type = self.studio_package_id.studio_shoot_type

    def _prepare_opportunity_quotation_context(self):
        """A quotation made from a studio lead starts with the package the customer wants."""
        context = super()._prepare_opportunity_quotation_context()
        if self.studio_package_id:
            context["default_order_line"] = [fields.Command.create(self._studio_package_line_values())]
        return context

    def _studio_package_line_values(self):
        self.ensure_one()
        return {"product_id": self.studio_package_id.id, "product_uom_qty": 1}

    def action_studio_new_quotation(self):
        """From the channel lead to the quotation in one step: the customer is found or made
        from the lead, the lead becomes an opportunity, and the quotation carries the package."""
        self.ensure_one()
        if not self.studio_package_id:
            raise UserError(self.env._("Choose the package the customer wants before making the quotation."))
        if not self.partner_id:
            partner = self._find_matching_partner()
            self._handle_partner_assignment(force_partner_id=partner.id, create_missing=True)
        if self.type == "lead":
            self.convert_opportunity(self.partner_id)
        values = {
            "partner_id": self.partner_id.id,
            "opportunity_id": self.id,
            "company_id": self.company_id.id or self.env.company.id,
            "origin": self.name,
            "source_id": self.source_id.id,
            "medium_id": self.medium_id.id,
            "campaign_id": self.campaign_id.id,
            "user_id": self.user_id.id or self.env.user.id,
            "tag_ids": [fields.Command.set(self.tag_ids.ids)],
            "order_line": [fields.Command.create(self._studio_package_line_values())],
        }
        if self.team_id:
            values["team_id"] = self.team_id.id
        order = self.env["sale.order"].create(values)
        return {
            "type": "ir.actions.act_window",
            "name": order.name,
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
