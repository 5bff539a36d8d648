from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    member_managed_store_ids = fields.One2many(
        "res.company", "member_store_manager_id", string="Managed Stores", readonly=True
    )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.depends("move_id.partner_id", "move_id.invoice_user_id", "move_id.company_id")
    def _compute_agent_ids(self):
        result = super()._compute_agent_ids()
        Partner = self.env["res.partner"].sudo()
        for line in self:
            move = line.move_id
            if move.move_type[:3] != "out" or line.commission_free or not line.product_id:
                continue
            extra = Partner._member_agent_vals(line.agent_ids.agent_id, move.invoice_user_id, move.company_id)
            if extra:
                line.agent_ids = extra
        return result


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.partner_id", "order_id.user_id", "order_id.company_id")
    def _compute_agent_ids(self):
        result = super()._compute_agent_ids()
        Partner = self.env["res.partner"].sudo()
        for line in self:
            if line.commission_free or not line.product_id:
                continue
            order = line.order_id
            extra = Partner._member_agent_vals(line.agent_ids.agent_id, order.user_id, order.company_id)
            if extra:
                line.agent_ids = extra
        return result
