import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

# a phone number as typed at the counter: digits, spaces, + ( ) - . /
PHONE_QUERY = re.compile(r"\+?[\d\s().\-/]+")
# a part of a phone number lists the store's members whose phone holds it from this many digits
PARTIAL_MIN_DIGITS = 4
# at most this many members are listed to choose from
CANDIDATES = 20

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
    # Odoo's normalised phone (phone_validation, E.164): the counter finds members on it exactly
    phone_sanitized = fields.Char(index="btree_not_null")
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
    def _phone_get_country(self):
        """The country a partner's phone is read in when the partner has none: its store's (the
        member's store, else the partner's company), so that a number typed without its country
        code at a Chinese store is stored as +86 in `phone_sanitized`; Odoo's rule after that."""
        countries = super()._phone_get_country()
        for partner in self:
            if partner.id not in countries:
                country = partner.member_store_id.country_id or partner.company_id.country_id
                if country:
                    countries[partner.id] = country
        return countries

    def _phone_get_sanitize_triggers(self):
        return [*super()._phone_get_sanitize_triggers(), "member_store_id", "company_id"]

    @api.model
    def _member_phone_normalized(self, query):
        """`query` as `phone_sanitized` stores a number (E.164), read in the country of the
        user's store (+86 at a Chinese store when no country code is typed); False when it is
        not a whole phone number."""
        country = self.env.company.country_id
        if not country or not re.search(r"\d", query or ""):
            return False
        return self._phone_format(number=query, country=country)

    @api.model
    def _member_phone_domain(self, query):
        """Members whose phone is exactly the number `query`: the same normalised number
        (`phone_sanitized`, indexed), or, for a number Odoo could not normalise (no country
        known when it was stored), the same digits as stored (Odoo's `phone_mobile_search`
        with `=`, on its index). Never a part of a number."""
        normalized = self._member_phone_normalized(query)
        exact = Domain("phone_sanitized", "=", False) & Domain("phone_mobile_search", "=", query.strip())
        if normalized:
            exact = Domain("phone_sanitized", "=", normalized) | exact
        return Domain("is_member", "=", True) & exact

    @api.model
    def _member_counter_search(self, query):
        """What the counter finds for `query`: ``(member, match, candidates)``.

        - exactly one member whose member card code, member number or phone (normalised, see
          `_member_phone_domain`) is `query`: that member (sudo) and how it was found;
        - several members with that phone number: no member, and all of them as candidates
          (sudo; the cashier chooses);
        - a part of a phone number (4 digits or more, e.g. its last digits): no member, and the
          members the user may read (their store's, record rules) whose phone holds those digits
          as candidates, at most `CANDIDATES`. Members of other stores are never listed from a
          part of a number: they are found by their whole number or card only.
        """
        Partner = self.sudo()
        query = (query or "").strip()
        if not query:
            return Partner, False, Partner
        card = (
            self.env["loyalty.card"]
            .sudo()
            .search([("code", "=", query), ("balance_guard", "=", True), ("partner_id", "!=", False)], limit=1)
        )
        partner = card.partner_id.filtered("is_member")
        if partner:
            return partner, "card", Partner
        partner = Partner.search([("is_member", "=", True), ("member_number", "=", query)], limit=1)
        if partner:
            return partner, "number", Partner
        digits = re.sub(r"\D", "", query)
        if not PHONE_QUERY.fullmatch(query) or len(digits) < PARTIAL_MIN_DIGITS:
            return Partner, False, Partner
        found = Partner.search(self._member_phone_domain(query), limit=CANDIDATES + 1, order="name, id")
        if len(found) == 1:
            return found, "phone", Partner
        if found:
            return Partner, False, found[:CANDIDATES]
        candidates = self.search(
            Domain("is_member", "=", True) & Domain("phone_mobile_search", "ilike", digits),
            limit=CANDIDATES,
            order="name, id",
        )
        return Partner, False, candidates.sudo()

    @api.model
    def _member_counter_find(self, query):
        """The member of the chain whose card code, member number or phone is exactly `query`.

        Store staff read their own store's members only (record rules); at the counter they
        serve any member of the chain, found by the exact code of the member card (the QR
        code), member number or phone number. The search runs in sudo, on exact matches
        only, so no list of the chain's members can be drawn from it, and every member
        found is logged (`member.lookup.log`: who, when, at which store, which member).
        Returns the member in the caller's environment, or an empty recordset (none, or
        several: see `_member_counter_search` for the candidates).
        """
        self._member_counter_check_user()
        partner, match, _candidates = self._member_counter_search(query)
        if not partner:
            return self.browse()
        partner._member_counter_log(match)
        return self.browse(partner.id)

    def _member_counter_check_user(self):
        if not self.env.su and not self.env.user.has_group("member_loyalty.group_member_cashier"):
            raise AccessError(self.env._("Only cashiers and membership managers can look members up."))

    def _member_counter_log(self, match):
        """Log that the user found these members at the counter (who, when, which store)."""
        self.env["member.lookup.log"].sudo().create(
            [
                {"user_id": self.env.uid, "store_id": self.env.company.id, "partner_id": partner.id, "match": match}
                for partner in self
            ]
        )

    @api.model
    def _member_counter_find_phone(self, query):
        """The members (sudo) whose phone is exactly the number `query` (`_member_phone_domain`)."""
        query = (query or "").strip()
        if not PHONE_QUERY.fullmatch(query) or len(re.sub(r"\D", "", query)) < PARTIAL_MIN_DIGITS:
            return self.sudo().browse()
        return self.sudo().search(self._member_phone_domain(query), order="id")

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
