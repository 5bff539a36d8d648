from odoo import Command, fields, models


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
        # the points the customer chose to redeem on this quotation (member.points.redeem) cap
        # what the member program's per-point reward may take
        if self.member_points_to_redeem > 0 and self.state in ("draft", "sent") and coupon.program_id.is_member_program:
            points = min(points, self.member_points_to_redeem)
        return points

    # ------------------------------------------------------------------ member cards: the ledger
    # Odoo's sale_loyalty moves a card's points itself (confirmation, cancellation, points of a
    # confirmed order). A member card's balance moves only through its ledger: these paths post
    # ledger entries for member cards (server code, as superuser) and leave the balance to them.
    def _get_point_changes(self):
        changes = super()._get_point_changes()
        for coupon in [c for c in changes if c.sudo().balance_guard]:
            del changes[coupon]
        return changes

    def _member_ledger_values(self, coupon, issued, used):
        wallet = coupon.sudo().program_type == "ewallet"
        base = {
            "card_id": coupon.id,
            "order_model": self._name,
            "order_id": self.id,
            "description": self.env._("Order %(order)s", order=self.display_name),
        }
        entries = []
        if issued:
            entries.append(dict(base, issued=issued, member_move_type="topup" if wallet else "earn"))
        if used:
            entries.append(dict(base, used=used, member_move_type="spend" if wallet else "redeem"))
        return entries

    def _add_loyalty_history_lines(self):
        self.ensure_one()
        coupons = self.coupon_point_ids.coupon_id | self.order_line.coupon_id
        guarded = coupons.sudo().filtered("balance_guard")
        if not guarded:
            return super()._add_loyalty_history_lines()
        # as sale_loyalty does, but the member cards' entries are posted to their ledger
        issued = dict.fromkeys(coupons, 0.0)
        cost = dict(issued)
        for coupon_point in self.coupon_point_ids:
            issued[coupon_point.coupon_id] = coupon_point.points
        for line in self.order_line.filtered("coupon_id"):
            cost[line.coupon_id] += line.points_cost
        entries = []
        others = []
        for coupon in coupons:
            if coupon.id in guarded.ids:
                entries += self._member_ledger_values(coupon, issued[coupon], cost[coupon])
            else:
                others.append(
                    {
                        "order_id": self.id,
                        "order_model": self._name,
                        "description": self.env._("Order %(order)s", order=self.display_name),
                        "card_id": coupon.id,
                        "used": cost[coupon],
                        "issued": issued[coupon],
                    }
                )
        if entries:
            self.env["loyalty.card"].sudo()._member_post(entries)
        return self.env["loyalty.history"].create(others)

    def _add_points_for_coupon(self, coupon_points):
        guarded = {coupon: points for coupon, points in coupon_points.items() if coupon.sudo().balance_guard}
        if self.state != "sale" or not guarded:
            return super()._add_points_for_coupon(coupon_points)
        # points of a confirmed order: posted to the member cards' ledger
        entries = []
        for coupon, points in guarded.items():
            entries += self._member_ledger_values(coupon, max(points, 0.0), max(-points, 0.0))
        if entries:
            self.env["loyalty.card"].sudo()._member_post(entries)
        for pe in self.coupon_point_ids.sudo():
            if pe.coupon_id in guarded:
                pe.points = guarded.pop(pe.coupon_id)
        if guarded:
            self.sudo().with_context(tracking_disable=True).write(
                {"coupon_point_ids": [Command.create({"coupon_id": c.id, "points": p}) for c, p in guarded.items()]}
            )
        rest = {coupon: points for coupon, points in coupon_points.items() if not coupon.sudo().balance_guard}
        return super()._add_points_for_coupon(rest)

    def _update_loyalty_history(self, coupon_id, points):
        if coupon_id.sudo().balance_guard:
            # sale_loyalty moved the balance just before; only trusted server code may, and its
            # write was posted to the ledger as the difference (loyalty.card.write)
            return
        return super()._update_loyalty_history(coupon_id, points)

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
