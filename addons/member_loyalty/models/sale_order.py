from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    member_points_to_redeem = fields.Integer(
        string="Points to Redeem",
        copy=False,
        help="Points the customer chose to redeem on this order (0: as many as the reward allows).",
    )
    partner_is_member = fields.Boolean(related="partner_id.is_member", string="Is Member")
    partner_member_tier_id = fields.Many2one(related="partner_id.member_tier_id")

    def _member_tier_domain(self, prefix=""):
        # plain list: other overrides (website_sale_loyalty) edit the leaves of this domain
        tier = self.partner_id.commercial_partner_id.member_tier_id | self.partner_id.member_tier_id
        return [
            "|",
            (f"{prefix}member_tier_ids", "=", False),
            (f"{prefix}member_tier_ids", "in", tier.ids),
        ]

    def _get_program_domain(self):
        return list(super()._get_program_domain()) + self._member_tier_domain()

    def _get_trigger_domain(self):
        return list(super()._get_trigger_domain()) + self._member_tier_domain("program_id.")

    def _program_check_compute_points(self, programs):
        # Member points are posted when the order is paid (member.loyalty.engine), never at
        # confirmation: the program stays applicable (its rewards can be claimed) with 0 points.
        result = super()._program_check_compute_points(programs)
        for program, status in result.items():
            if program.is_member_program and "points" in status:
                status["points"] = [0.0 for _p in status["points"]]
        return result

    def _get_real_points_for_coupon(self, coupon, post_confirm=False):
        points = super()._get_real_points_for_coupon(coupon, post_confirm=post_confirm)
        cap = self.env.context.get("member_points_cap")
        if cap and coupon.program_id.is_member_program:
            points = min(points, cap)
        return points

    def _get_reward_values_discount(self, reward, coupon, **kwargs):
        if (
            reward.program_id.is_member_program
            and reward.discount_mode == "per_point"
            and self.member_points_to_redeem > 0
        ):
            order = self.with_context(member_points_cap=self.member_points_to_redeem)
            return super(SaleOrder, order)._get_reward_values_discount(reward, coupon, **kwargs)
        return super()._get_reward_values_discount(reward, coupon, **kwargs)

    def action_confirm(self):
        return super(SaleOrder, self.with_context(member_ledger_ok=True)).action_confirm()

    def _action_cancel(self):
        return super(SaleOrder, self.with_context(member_ledger_ok=True, member_ledger_reverse=True))._action_cancel()

    def _add_points_for_coupon(self, coupon_points):
        return super(SaleOrder, self.with_context(member_ledger_ok=True))._add_points_for_coupon(coupon_points)

    def _update_loyalty_history(self, coupon_id, points):
        if coupon_id.balance_guard:
            self.env["loyalty.history"].sudo().create(
                {
                    "card_id": coupon_id.id,
                    "order_model": self._name,
                    "order_id": self.id,
                    "description": self.env._("Order %(order)s", order=self.display_name),
                    "used": points,
                }
            )
            return
        return super()._update_loyalty_history(coupon_id, points)

    def _update_programs_and_rewards(self):
        return super(SaleOrder, self.with_context(member_ledger_ok=True))._update_programs_and_rewards()

    def action_member_enroll(self):
        self.ensure_one()
        self.partner_id.commercial_partner_id.action_member_enroll(store=self.company_id, channel="sale")
        return True

    def action_member_redeem_points(self):
        self.ensure_one()
        return {
            "name": self.env._("Redeem Points"),
            "type": "ir.actions.act_window",
            "res_model": "member.points.redeem",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
