# pylint: disable=consider-merging-classes-inherited
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
