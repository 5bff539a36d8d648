import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

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
    def action_member_enroll(self, store=None, channel="backoffice"):
        """Make the partners members: number, points card, stored value card, base tier.

        The chain's settings are the head office's, read in sudo (`_member_settings`): a
        cashier allowed their store only may not read the head office's record.
        """
        if not self.env.su and not self.env.user.has_group("member_loyalty.group_member_cashier"):
            raise AccessError(self.env._("Only cashiers and membership managers can enrol members."))
        self.check_access("read")
        store = store or self.env.company
        head = store._member_settings()
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

    def action_member_redeem_points(self):
        """Redeem the member's points at the counter, without an order (a gift, a service, a coupon)."""
        self.ensure_one()
        return self._member_redeem_points_action()

    def _member_redeem_points_action(self):
        self._member_counter_serve()  # a cashier, serving a member of their store or one found at the counter
        return {
            "name": self.env._("Redeem a Reward"),
            "type": "ir.actions.act_window",
            "res_model": "member.points.redeem",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_member_lookup(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("member_loyalty.member_lookup_action")
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------ the counter
    @api.model
    def _member_phone_keys(self, phone):
        """The digits a phone typed at the counter may be stored as, in two sets: as a number
        written without its country code, and as one written in international form (+ or 00).
        The same number, give or take a country code and the trunk zero: never a part of a
        number. Empty below 7 digits."""
        international = phone.strip().startswith(("+", "00"))
        digits = re.sub(r"\D", "", phone).removeprefix("00") if international else re.sub(r"\D", "", phone)
        if len(digits) < 7:
            return set(), set()
        codes = {str(code) for code in self.env["res.country"].sudo().search([]).mapped("phone_code") if code}
        national, as_international = {digits}, {digits}
        if international:
            for code in codes:
                if digits.startswith(code) and len(digits) - len(code) >= 7:
                    national |= {digits[len(code) :], "0" + digits[len(code) :]}
        else:
            as_international |= {code + digits.removeprefix("0") for code in codes}
        return national, as_international

    @api.model
    def _member_counter_find(self, query):
        """The member of the chain whose card code, member number or phone is exactly `query`.

        Store staff read their own store's members only (record rules); at the counter they
        serve any member of the chain, found by the exact code of the member card (the QR
        code), member number or phone number. The search runs in sudo, on exact matches
        only, so no list of the chain's members can be drawn from it, and every member
        found is logged (`member.lookup.log`: who, when, at which store, which member).
        Returns the member in the caller's environment, or an empty recordset.
        """
        if not self.env.su and not self.env.user.has_group("member_loyalty.group_member_cashier"):
            raise AccessError(self.env._("Only cashiers and membership managers can look members up."))
        query = (query or "").strip()
        if not query:
            return self.browse()
        Partner = self.sudo()
        match = "card"
        card = (
            self.env["loyalty.card"]
            .sudo()
            .search([("code", "=", query), ("balance_guard", "=", True), ("partner_id", "!=", False)], limit=1)
        )
        partner = card.partner_id.filtered("is_member")
        if not partner:
            partner = Partner.search([("is_member", "=", True), ("member_number", "=", query)], limit=1)
            match = "number"
        if not partner:
            partner = self._member_counter_find_phone(query)
            match = "phone"
        if not partner:
            return self.browse()
        self.env["member.lookup.log"].sudo().create(
            {
                "user_id": self.env.uid,
                "store_id": self.env.company.id,
                "partner_id": partner.id,
                "match": match,
            }
        )
        return self.browse(partner.id)

    @api.model
    def _member_counter_find_phone(self, query):
        """The member (sudo) whose phone is `query`: the same number, give or take the country
        code (`_member_phone_keys`)."""
        Partner = self.sudo()
        national, international = self._member_phone_keys(query or "")
        if not national:
            return Partner
        self.flush_model(["phone", "is_member", "active"])
        self.env.cr.execute(
            SQL(
                """
            SELECT id FROM (
                SELECT id, phone ~ '^\\s*(\\+|00)' AS international,
                       regexp_replace(regexp_replace(phone, '[^0-9]', '', 'g'), '^00', '') AS digits
                  FROM res_partner
                 WHERE is_member AND active AND phone IS NOT NULL
            ) p
             WHERE (NOT international AND digits = ANY(%s)) OR (international AND digits = ANY(%s))
          ORDER BY id LIMIT 2
                """,
                sorted(national),
                sorted(international),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if len(ids) > 1:
            raise UserError(
                self.env._(
                    "Several members have the phone number %(phone)s: scan the member's card instead.",
                    phone=query,
                )
            )
        return Partner.browse(ids)

    def _member_counter_serve(self):
        """These members in sudo, for a counter operation (top-up, payment), if the user may
        serve them: members they may read (their store's) or members they found at the
        counter (`_member_counter_find`, logged) in the last 12 hours."""
        if self.env.su or not self:
            return self.sudo()
        if not self.env.user.has_group("member_loyalty.group_member_cashier"):
            raise AccessError(self.env._("Only cashiers and membership managers can serve members."))
        others = self - self._filtered_access("read")
        if others:
            found = (
                self.env["member.lookup.log"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", self.env.uid),
                        ("partner_id", "in", others.ids),
                        ("date", ">=", fields.Datetime.now() - timedelta(hours=12)),
                    ]
                )
                .partner_id
            )
            if others - found:
                raise AccessError(
                    self.env._("Find the member at the counter by card or phone number before serving them.")
                )
        return self.sudo()
