from odoo import api, fields, models
from odoo.fields import Domain

# members listed for a name typed at the till
NAME_RESULTS = 20


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def member_pos_search(self, query):
        """The members the till shows for `query`, searched on the server (the till never
        downloads the chain's members):

        - the exact card/QR code, member number or whole phone number (normalised): the member,
          of any store of the chain, logged as a counter look-up (who, when, which store);
        - several members with that phone, or a part of a number: the candidates the counter's
          rules list (`_member_counter_search`);
        - otherwise a name, in characters or pinyin ("zhangwei", "zw"): the members the cashier
          may read (their store's, record rules), on the trigram index of the name and its pinyin.

        Returns a list of `_member_pos_values`."""
        self._member_counter_check_user()
        query = (query or "").strip()
        if not query:
            return []
        partner, match, candidates = self._member_counter_search(query)
        if partner:
            partner._member_counter_log(match)
            found = partner
        elif candidates:
            found = candidates
        else:
            found = self.search(
                Domain("is_member", "=", True)
                & (Domain("name", "ilike", query) | Domain("name_pinyin", "ilike", query)),
                limit=NAME_RESULTS,
                order="name, id",
            ).sudo()
        return [member._member_pos_values(exact=bool(partner)) for member in found]

    @api.model
    def member_pos_load(self, config_id, partner_ids):
        """The till's records of members found by `member_pos_search` (to set one on an order):
        members the cashier may serve only (their store's, or found at the counter by exact
        look-up), read as the till reads a customer."""
        partners = self.browse(partner_ids)._member_counter_serve()
        config = self.env["pos.config"].browse(config_id)
        return {"res.partner": partners._load_pos_data_read(partners, config)}

    def _member_pos_values(self, exact=False):
        """What the till shows of a member (read as superuser: the caller decided the cashier
        may see this member)."""
        self.ensure_one()
        member = self.sudo()
        today = fields.Date.context_today(self)
        coupons = (
            self.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", member.id),
                    ("balance_guard", "=", False),
                    ("program_id.pos_ok", "=", True),
                    ("program_type", "in", ("coupons", "next_order_coupons", "promo_code")),
                    ("points", ">", 0),
                    "|",
                    ("expiration_date", "=", False),
                    ("expiration_date", ">=", today),
                ],
                limit=20,
            )
        )
        head = (member.member_store_id or self.env.company).root_id.sudo()
        reward = head.member_program_id.reward_ids.filtered(
            lambda r: r.reward_type == "discount" and r.discount_mode == "per_point" and r.discount > 0
        )[:1]
        redeem = self.env["pos.order"]._member_pos_redeem_product()
        return {
            "id": member.id,
            "point_value": reward.discount,
            "redeem_product_id": redeem.id,
            "name": member.name,
            "exact": exact,
            "phone": member.phone or "",
            "member_number": member.member_number or "",
            "tier": member.member_tier_id.name or "",
            "points": member.member_points,
            "stored_value": member.member_balance,
            "store": member.member_store_id.name or "",
            "coupons": [
                {
                    "id": coupon.id,
                    "code": coupon.code,
                    "program": coupon.program_id.name,
                    "expiration_date": fields.Date.to_string(coupon.expiration_date) if coupon.expiration_date else "",
                }
                for coupon in coupons
            ],
        }
