from odoo import api, fields, models
from odoo.fields import Command

from .member_commission import COMMISSION_ROLES


class ResPartner(models.Model):
    _inherit = "res.partner"

    member_commission_role = fields.Selection(
        COMMISSION_ROLES,
        string="Staff Role",
        help="Set on the partner of a salesperson or store manager who earns commissions on the store's sales.",
    )

    @api.model
    def _member_staff_agents(self, salesperson, company):
        """Agents of a shop sale: the salesperson (if an agent) and the store manager of the store."""
        agents = salesperson.partner_id.filtered("agent")
        manager = company.member_store_manager_id.partner_id
        return agents | manager.filtered("agent")

    @api.model
    def _member_agent_vals(self, existing, salesperson, company):
        """Agent line commands to add the staff agents missing from ``existing``."""
        Plan = self.env["commission"]
        return [
            Command.create({"agent_id": agent.id, "commission_id": Plan._member_plan_for(agent, company).id})
            for agent in self._member_staff_agents(salesperson, company)
            if agent not in existing and Plan._member_plan_for(agent, company)
        ]


class ResCompany(models.Model):
    _inherit = "res.company"

    member_store_manager_id = fields.Many2one(
        "res.users",
        string="Store Manager",
        help="Earns the store manager's commission on the store's sales and sees the store's commissions.",
    )


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
