from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

PROTECTED_FIELDS = {
    "is_member",
    "member_number",
    "member_card_id",
    "member_wallet_id",
    "member_tier_id",
    "member_tier_date",
    "member_tier_review_date",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_member = fields.Boolean(string="Member", readonly=True, copy=False, index=True)
    member_number = fields.Char(readonly=True, copy=False, index="btree_not_null")
    member_card_id = fields.Many2one("loyalty.card", readonly=True, copy=False)
    member_card_code = fields.Char(related="member_card_id.code", string="Card Number")
    member_wallet_id = fields.Many2one("loyalty.card", string="Stored Value Card", readonly=True, copy=False)
    member_store_id = fields.Many2one("res.company", string="Store Joined", copy=False, index="btree_not_null")
    member_join_date = fields.Date(string="Member Since", readonly=True, copy=False)
    member_join_channel = fields.Selection(
        [("backoffice", "Back office"), ("sale", "Sale"), ("counter", "Counter QR code")],
        string="Joined Through",
        readonly=True,
        copy=False,
    )
    marketing_consent = fields.Boolean(copy=False)
    marketing_consent_date = fields.Datetime(string="Consent Changed On", readonly=True, copy=False)
    member_tier_id = fields.Many2one("member.tier", string="Tier", readonly=True, copy=False, index="btree_not_null")
    member_tier_date = fields.Date(string="Tier Since", readonly=True, copy=False)
    member_tier_review_date = fields.Date(string="Tier Review", readonly=True, copy=False)
    member_points = fields.Float(related="member_card_id.points", string="Points")
    member_balance = fields.Float(related="member_wallet_id.points", string="Stored Value")
    member_tier_history_ids = fields.One2many("member.tier.history", "partner_id", string="Tier History")
    member_ledger_ids = fields.One2many(
        "loyalty.history",
        "partner_id",
        string="Balance History",
        domain=[("member_ledger", "=", True)],
    )

    _member_number_unique = models.Constraint("UNIQUE(member_number)", "The member number must be unique.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("marketing_consent"):
                vals["marketing_consent_date"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        # membership, card and tier are written by server code only (enrolment, the engine's
        # passes, a manager's tier change: action_member_change_tier), never by a plain write
        if PROTECTED_FIELDS & set(vals) and not self.env.su and self._member_changes(vals):
            raise AccessError(self.env._("Only a membership manager can change a member's tier or card."))
        if "marketing_consent" in vals:
            vals = dict(vals, marketing_consent_date=fields.Datetime.now())
        return super().write(vals)

    def _member_changes(self, vals):
        """The protected fields that `vals` would change (a form or a merge may write them unchanged)."""
        changed = set()
        for name in PROTECTED_FIELDS & set(vals):
            field = self._fields[name]
            new = field.convert_to_cache(vals[name], self)
            if any(field.convert_to_cache(partner[name], partner) != new for partner in self.sudo()):
                changed.add(name)
        return changed

    def action_member_change_tier(self, tier_id, note=False):
        """A membership manager moves members to a tier by hand: written to the tier history."""
        if not self.env.user.has_group("member_loyalty.group_member_manager"):
            raise AccessError(self.env._("Only a membership manager can change a member's tier or card."))
        self.check_access("write")
        tier = self.env["member.tier"].browse(tier_id).exists()
        if not tier:
            raise UserError(self.env._("Choose the tier to move the member to."))
        history = self.env["member.tier.history"].sudo()
        today = fields.Date.context_today(self)
        for partner in self.sudo():
            if not partner.is_member:
                raise UserError(self.env._("%(partner)s is not a member.", partner=partner.name))
            if tier.company_id != partner.member_tier_id.company_id:
                raise UserError(
                    self.env._(
                        "%(tier)s is not a tier of %(partner)s's membership.", tier=tier.name, partner=partner.name
                    )
                )
            if partner.member_tier_id == tier:
                continue
            history |= history.create(
                {
                    "partner_id": partner.id,
                    "old_tier_id": partner.member_tier_id.id,
                    "new_tier_id": tier.id,
                    "reason": "manual",
                    "note": note,
                    "company_id": partner.member_store_id.id,
                    "user_id": self.env.uid,
                }
            )
            partner.write({"member_tier_id": tier.id, "member_tier_date": today})
        return history

    # ------------------------------------------------------------------ enrolment
    def _member_company(self):
        return (self.member_store_id or self.env.company).root_id

    def action_member_enroll(self, store=None, channel="backoffice"):
        """Make the partners members: number, points card, stored value card, base tier."""
        if not self.env.su and not self.env.user.has_group("member_loyalty.group_member_cashier"):
            raise AccessError(self.env._("Only cashiers and membership managers can enrol members."))
        store = store or self.env.company
        head = store.root_id
        if not head.member_program_id:
            raise UserError(self.env._("Set the member points program in the membership settings first."))
        base_tier = self.env["member.tier"].sudo()._for_amount(head, 0.0)
        today = fields.Date.context_today(self)
        for partner in self.sudo().filtered(lambda p: not p.is_member):
            if partner.is_company:
                raise UserError(self.env._("%(partner)s is a company: enrol a person.", partner=partner.name))
            cards = self.env["loyalty.card"].sudo().with_context(loyalty_no_mail=True)
            card = cards.create({"program_id": head.member_program_id.id, "partner_id": partner.id, "points": 0})
            wallet = cards
            if head.member_wallet_program_id:
                wallet = cards.create(
                    {
                        "program_id": head.member_wallet_program_id.id,
                        "partner_id": partner.id,
                        "points": 0,
                    }
                )
            (card | wallet).write({"balance_guard": True})
            sequence = head.member_sequence_id or self.env.ref(
                "member_loyalty.seq_member_number", raise_if_not_found=False
            )
            partner.write(
                {
                    "is_member": True,
                    "member_number": sequence.next_by_id() if sequence else card.code,
                    "member_card_id": card.id,
                    "member_wallet_id": wallet.id,
                    "member_store_id": partner.member_store_id.id or store.id,
                    "member_join_date": today,
                    "member_join_channel": channel,
                    "member_tier_id": base_tier.id,
                    "member_tier_date": today,
                    "member_tier_review_date": fields.Date.add(today, months=head.member_tier_period_months),
                }
            )
            if base_tier:
                self.env["member.tier.history"].sudo().create(
                    {
                        "partner_id": partner.id,
                        "new_tier_id": base_tier.id,
                        "reason": "enroll",
                        "company_id": partner.member_store_id.id,
                    }
                )
        return True

    def action_member_view_ledger(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("member_loyalty.loyalty_history_member_action")
        action["domain"] = [("partner_id", "=", self.id), ("member_ledger", "=", True)]
        action["context"] = {}
        return action

    def action_member_lookup(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("member_loyalty.member_lookup_action")
        action["context"] = {"default_partner_id": self.id}
        return action
