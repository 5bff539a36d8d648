from odoo import models
from odoo.tools import float_round


class CommissionSettlement(models.Model):
    _inherit = "commission.settlement"

    def _member_apply_achievement_tiers(self):
        """Plans paying by tiers of achievement: the tier is the one the agent's sales of the settled
        period reach (credit notes count negative), and every line of the period is paid at its rate."""
        for settlement in self:
            lines = settlement.line_ids.filtered(
                lambda line: line.commission_id.commission_type == "achievement" and line.invoice_line_id
            )
            for plan, plan_lines in lines.grouped("commission_id").items():
                bases = {line: line._member_commission_base() for line in plan_lines}
                percent = plan._member_tier_percent(sum(bases.values()))
                for line, base in bases.items():
                    line.settled_amount = float_round(
                        base * percent / 100.0, precision_rounding=settlement.currency_id.rounding
                    )


class CommissionSettlementLine(models.Model):
    _inherit = "commission.settlement.line"

    def _member_commission_base(self):
        """The sales amount the line pays on: the invoice line's untaxed amount, negative for a refund."""
        self.ensure_one()
        line = self.invoice_line_id
        sign = -1 if line.move_id.move_type == "out_refund" else 1
        return sign * line.price_subtotal


class CommissionMakeSettle(models.TransientModel):
    _inherit = "commission.make.settle"

    def action_settle(self):
        action = super().action_settle()
        if action and action.get("domain"):
            self.env["commission.settlement"].search(action["domain"])._member_apply_achievement_tiers()
            # commission_oca names it in its code, which only its own .po could translate
            action["name"] = self.env._("Created Settlements")
        return action
