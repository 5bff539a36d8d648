import re

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError


class MemberLookup(models.TransientModel):
    _name = "member.lookup"
    _description = "Member Lookup"

    query = fields.Char(string="Phone or Card Number")
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    candidate_ids = fields.One2many(
        "member.lookup.candidate",
        "lookup_id",
        string="Members to Choose From",
        help="Several members have this phone number, or it is a part of a number: the cashier "
        "chooses the member (the screen never picks one).",
    )
    not_found = fields.Boolean(compute="_compute_partner_data")
    member_number = fields.Char(related="partner_id.member_number")
    phone = fields.Char(related="partner_id.phone")
    image_128 = fields.Image(related="partner_id.image_128")
    member_tier_id = fields.Many2one(related="partner_id.member_tier_id")
    member_store_id = fields.Many2one(related="partner_id.member_store_id")
    member_join_date = fields.Date(related="partner_id.member_join_date")
    member_points = fields.Float(related="partner_id.member_points")
    member_balance = fields.Float(related="partner_id.member_balance")
    currency_id = fields.Many2one(related="partner_id.member_wallet_id.currency_id")
    expiring_points = fields.Float(related="partner_id.member_card_id.member_expiring_points")
    next_expiry_date = fields.Date(related="partner_id.member_card_id.member_next_expiry_date")
    coupon_ids = fields.Many2many("loyalty.card", compute="_compute_partner_data", string="Valid Coupons")
    order_ids = fields.Many2many("sale.order", compute="_compute_partner_data", string="Last Visits")
    partner_readable = fields.Boolean(
        compute="_compute_partner_data",
        help="The member is one of the user's store's: their customer form may be opened.",
    )

    @api.depends("partner_id")
    def _compute_display_name(self):
        for lookup in self:
            lookup.display_name = lookup.partner_id.name or self.env._("Member Lookup")

    @api.onchange("query")
    def _onchange_query(self):
        if not self.query:
            self.candidate_ids = [Command.clear()]
            return
        Partner = self.env["res.partner"]
        Partner._member_counter_check_user()
        partner, match, candidates = Partner._member_counter_search(self.query)
        if partner:
            partner._member_counter_log(match)
        self.partner_id = Partner.browse(partner.id)
        self.candidate_ids = [Command.clear()] + [
            Command.create(self.env["member.lookup.candidate"]._values_for(candidate)) for candidate in candidates
        ]

    @api.depends("partner_id", "query", "candidate_ids")
    def _compute_partner_data(self):
        today = fields.Date.context_today(self)
        for lookup in self:
            lookup.not_found = bool(lookup.query) and not lookup.partner_id and not lookup.candidate_ids
            lookup.partner_readable = bool(lookup.partner_id._filtered_access("read"))
            if not lookup.partner_id:
                lookup.coupon_ids = lookup.order_ids = False
                continue
            lookup.coupon_ids = self.env["loyalty.card"].search(
                [
                    ("partner_id", "=", lookup.partner_id.id),
                    ("balance_guard", "=", False),
                    ("program_type", "in", ("coupons", "next_order_coupons", "promo_code")),
                    ("points", ">", 0),
                    "|",
                    ("expiration_date", "=", False),
                    ("expiration_date", ">=", today),
                ],
                limit=20,
            )
            # a member of another store: their partner is not readable, their visits to
            # this store's counters are (the orders the user may read)
            lookup.order_ids = (
                self.env["sale.order"]
                .sudo()
                .search(
                    [
                        ("partner_id", "child_of", lookup.partner_id.sudo().commercial_partner_id.id),
                        ("state", "=", "sale"),
                        ("company_id", "in", self.env.companies.ids),
                    ],
                    order="date_order desc",
                    limit=5,
                )
                .with_env(self.env)
                ._filtered_access("read")
            )

    def action_list_candidates(self):
        """Save the members listed to choose from with the look-up (the web client calls a line's
        Choose button on saved lines only); listed again by the server if they are not those."""
        self.ensure_one()
        candidates = self._candidates()
        if self.candidate_ids.partner_id != candidates:
            self.candidate_ids = [Command.clear()] + [
                Command.create(self.env["member.lookup.candidate"]._values_for(candidate)) for candidate in candidates
            ]
        return True

    def _candidates(self):
        """The members (sudo) the counter lists to choose from for this look-up's query."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        Partner._member_counter_check_user()
        return Partner._member_counter_search(self.query)[2]

    @api.model_create_multi
    def create(self, vals_list):
        lookups = super().create(vals_list)
        lookups.partner_id._member_counter_serve()
        return lookups

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            self.partner_id._member_counter_serve()
        return res

    def _action_wallet(self, operation):
        self.ensure_one()
        return {
            "name": self.env._("Stored Value"),
            "type": "ir.actions.act_window",
            "res_model": "member.wallet.operation",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_operation": operation,
            },
        }

    def action_topup(self):
        return self._action_wallet("topup")

    def action_spend(self):
        return self._action_wallet("spend")

    def action_redeem_points(self):
        self.ensure_one()
        return self.partner_id._member_redeem_points_action()

    def action_enroll(self):
        self.ensure_one()
        self.partner_id.action_member_enroll()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }


class MemberLookupCandidate(models.TransientModel):
    """A member the counter look-up lists to choose from: several members have the phone number
    typed, or it is a part of a number (`res.partner._member_counter_search`). What the cashier
    reads is copied here by the server: name, member number, the phone with its middle digits
    hidden, the member's store."""

    _name = "member.lookup.candidate"
    _description = "Member to Choose at the Counter"
    _order = "id"

    lookup_id = fields.Many2one("member.lookup", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Member")
    name = fields.Char()
    member_number = fields.Char()
    phone = fields.Char()
    store_name = fields.Char(string="Store Joined")

    @api.model_create_multi
    def create(self, vals_list):
        """Only the members the look-up lists for its query (the web client saves the lines the
        server listed; a line naming another member would show that member's name)."""
        lines = super().create(vals_list)
        if not self.env.su:
            for lookup, group in lines.grouped("lookup_id").items():
                listed = lookup._candidates()
                if group.partner_id - listed:
                    raise AccessError(
                        self.env._("Find the member at the counter by card or phone number before serving them.")
                    )
        return lines

    @api.model
    def _values_for(self, partner):
        partner = partner.sudo()
        return {
            "partner_id": partner.id,
            "name": partner.name,
            "member_number": partner.member_number,
            "phone": self._masked(partner.phone),
            "store_name": partner.member_store_id.name,
        }

    @api.model
    def _masked(self, phone):
        """139 1000 2001 -> 139****2001: the last 4 digits the customer says, the first 3."""
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) < 8:
            return phone
        national = digits[-11:] if len(digits) >= 11 else digits
        return f"{national[:3]}****{national[-4:]}"

    def action_choose(self):
        """The cashier chooses this member: only a member the look-up lists for its query (the
        server searches again; a line a client made up is refused), logged as a phone look-up."""
        self.ensure_one()
        lookup = self.lookup_id
        if self.partner_id not in lookup._candidates():
            raise AccessError(self.env._("Find the member at the counter by card or phone number before serving them."))
        self.partner_id._member_counter_log("phone")
        # the lines stay (the web client reads this one again after the button); the form hides them
        lookup.partner_id = self.partner_id
        return True
