# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    member_free_service_ids = fields.One2many("member.free.service.use", "order_id", string="Free Services Used")

    def _member_free_services_left(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        day = fields.Date.context_today(self)
        return self.env["member.free.service.use"]._left(partner, day, exclude_order=self)

    def _member_free_service_units(self):
        lines = self.order_line.filtered(lambda line: line.reward_id.member_free_service)
        return sum(lines.mapped("product_uom_qty"))

    def _get_claimable_rewards(self, forced_coupons=None):
        result = super()._get_claimable_rewards(forced_coupons=forced_coupons)
        if any(reward.member_free_service for rewards in result.values() for reward in rewards):
            taken = self._member_free_service_units()
            if self._member_free_services_left() - taken <= 0:
                for coupon in list(result):
                    result[coupon] = result[coupon].filtered(lambda reward: not reward.member_free_service)
                    if not result[coupon]:
                        del result[coupon]
        return result

    def _apply_program_reward(self, reward, coupon, **kwargs):
        if reward.member_free_service:
            old_lines = kwargs.get("old_lines", self.env["sale.order.line"])
            taken = sum(
                (self.order_line - old_lines)
                .filtered(lambda line: line.reward_id.member_free_service)
                .mapped("product_uom_qty")
            )
            left = self._member_free_services_left() - taken
            if left < reward.reward_product_qty:
                partner = self.partner_id.commercial_partner_id
                return {"error": self.env["member.free.service.use"]._refusal(partner, max(left, 0))}
        return super()._apply_program_reward(reward, coupon, **kwargs)

    def action_confirm(self):
        Use = self.env["member.free.service.use"]
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            units = order._member_free_service_units()
            left = order._member_free_services_left()
            if units > left:
                raise UserError(Use._refusal(order.partner_id.commercial_partner_id, left))
        res = super().action_confirm()
        for order in self.filtered(lambda o: o.state == "sale"):
            self.env["member.free.service.use"]._record(order)
        return res

    def _action_cancel(self):
        self.member_free_service_ids.sudo().unlink()
        return super()._action_cancel()
