from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_is_zero, float_round

from ..models.res_partner import PROTECTED_FIELDS as MEMBERSHIP_FIELDS


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # before loyalty's _merge_loyalty_cards, which adds the cards' points up by a plain write
        self._member_merge(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _member_merge(self, src_partners, dst_partner):
        """Members merged into one: the surviving partner keeps one membership, and the balances of
        the other members' cards move onto its cards through the ledger (a transfer out of one
        card and into the other, posted together); the higher tier is kept, in the tier history."""
        members = (src_partners | dst_partner).sudo().filtered("is_member")
        if not members:
            return
        if not self.env.user.has_group("member_loyalty.group_member_manager"):
            raise AccessError(self.env._("Only a membership manager can merge members."))
        dst = dst_partner.sudo()
        sources = src_partners.sudo().filtered("is_member")
        if not dst.is_member:
            # the surviving partner takes over the first member's membership
            adopted, sources = sources[:1], sources[1:]
            values = {
                name: adopted._fields[name].convert_to_write(adopted[name], adopted)
                for name in (*MEMBERSHIP_FIELDS, "member_store_id", "member_join_date", "member_join_channel")
            }
            adopted.write(dict.fromkeys(MEMBERSHIP_FIELDS, False))
            dst.write(values)
        entries = []
        for src in sources:
            label_out = self.env._("Merged into %(member)s", member=dst.display_name)
            label_in = self.env._("Merged from %(member)s", member=src.display_name)
            for old, new in ((src.member_card_id, dst.member_card_id), (src.member_wallet_id, dst.member_wallet_id)):
                if not old or not new or old == new:
                    continue
                balance = old._member_lock()
                if float_is_zero(balance, precision_digits=2):
                    continue
                if old.program_type == "ewallet":
                    real, bonus = old._member_wallet_figures()
                    moves = [
                        ("refund", "topup", real),
                        ("forfeit", "bonus", bonus),
                        ("adjust", "adjust", float_round(balance - real - bonus, precision_digits=2)),
                    ]
                else:
                    moves = [("adjust", "adjust", balance)]
                for out_type, in_type, amount in moves:
                    if float_is_zero(amount, precision_digits=2):
                        continue
                    entries += [
                        {"card_id": old.id, "description": label_out, "used": amount, "member_move_type": out_type},
                        {"card_id": new.id, "description": label_in, "issued": amount, "member_move_type": in_type},
                    ]
            if src.member_tier_id.threshold > dst.member_tier_id.threshold:
                self.env["member.tier.history"].sudo().create(
                    {
                        "partner_id": dst.id,
                        "old_tier_id": dst.member_tier_id.id,
                        "new_tier_id": src.member_tier_id.id,
                        "reason": "manual",
                        "note": label_in,
                        "company_id": dst.member_store_id.id,
                    }
                )
                today = fields.Date.context_today(self)
                dst.write({"member_tier_id": src.member_tier_id.id, "member_tier_date": today})
            src.write(dict.fromkeys(MEMBERSHIP_FIELDS, False))
        if entries:
            self.env["loyalty.card"].sudo()._member_post(entries)
