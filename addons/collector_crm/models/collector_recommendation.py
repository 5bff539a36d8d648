import json
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq, hmac

TOKEN_SCOPE = "collector_crm.viewing_room"
# The match reasons that speak to the collector, prefilled as "why this work"
COLLECTOR_REASONS = ("interest", "budget_fits", "owns_artist", "asked_similar")


class CollectorRecommendation(models.Model):
    _name = "collector.recommendation"
    _description = "Artwork Recommendation for a Collector"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("New recommendation"), tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Collector", required=True, index=True, tracking=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", string="Advisor", default=lambda self: self.env.user, required=True, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    lang = fields.Selection(related="partner_id.lang", string="Language")
    note = fields.Html(string="Advisor's note", translate=False)
    line_ids = fields.One2many("collector.recommendation.line", "recommendation_id", string="Artworks", copy=True)
    artwork_count = fields.Integer(compute="_compute_artwork_count")
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("closed", "Closed")], default="draft", tracking=True, required=True
    )
    access_token = fields.Char(copy=False, groups="customer_core.group_customer_user")
    expiry_date = fields.Date(
        string="Viewing room open until",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=14),
        required=True,
        tracking=True,
    )
    viewing_room_url = fields.Char(compute="_compute_viewing_room_url", string="Viewing room link")
    show_prices = fields.Boolean(string="Show prices", default=True)

    @api.depends("line_ids")
    def _compute_artwork_count(self):
        for reco in self:
            reco.artwork_count = len(reco.line_ids)

    @api.depends("access_token", "expiry_date")
    def _compute_viewing_room_url(self):
        base = self.get_base_url()
        for reco in self:
            token = reco.sudo()._viewing_room_signature()
            reco.viewing_room_url = token and f"{base}/viewing-room/{reco.id}?token={token}"

    def _viewing_room_signature(self):
        """The signature of the link: it covers the record, its random token and its expiry date."""
        self.ensure_one()
        if not self.access_token or not self.id:
            return False
        return hmac(self.env(su=True), TOKEN_SCOPE, (self.id, self.access_token, str(self.expiry_date)))

    def _check_viewing_room_token(self, token):
        self.ensure_one()
        expected = self.sudo()._viewing_room_signature()
        return bool(
            expected
            and token
            and consteq(expected, token)
            and self.expiry_date >= fields.Date.context_today(self)
            and self.state != "closed"
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("access_token", secrets.token_urlsafe(24))
        return super().create(vals_list)

    def action_send(self):
        """Send the viewing-room link by e-mail, in the collector's language, and log the interaction."""
        template = self.env.ref("collector_crm.mail_template_collector_recommendation")
        for reco in self:
            if not reco.line_ids:
                raise UserError(self.env._("Add at least one artwork to the recommendation."))
            if not reco.sudo().access_token:
                reco.sudo().access_token = secrets.token_urlsafe(24)
            reco.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            reco.state = "sent"
            reco._log_interaction(self.env._("Recommendation sent: %(name)s", name=reco.name), "email", "offered")
        return True

    def action_revoke_link(self):
        """A new token: the link sent before stops working."""
        for reco in self:
            reco.sudo().access_token = secrets.token_urlsafe(24)

    def action_close(self):
        self.write({"state": "closed"})

    def action_open_viewing_room(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.viewing_room_url, "target": "new"}

    def _log_interaction(self, subject, interaction_type, role, summary=False):
        self.ensure_one()
        return (
            self.env["customer.interaction"]
            .sudo()
            .create(
                {
                    "name": subject,
                    "partner_id": self.partner_id.id,
                    "user_id": self.user_id.id,
                    "interaction_type": interaction_type,
                    "summary": summary,
                    "res_model": self._name,
                    "res_id": self.id,
                    "artwork_ids": [fields.Command.set(self.line_ids.artwork_id.ids)],
                    "artwork_role": role,
                    "company_id": self.company_id.id,
                }
            )
        )

    def _viewing_room_response(self, line, kind, message):
        """A collector's answer from the viewing room: an interaction and an activity for the advisor."""
        self.ensure_one()
        lang = self.user_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        if kind == "interest":
            subject = env._("Interested in %(artwork)s", artwork=line.artwork_id.name)
        else:
            subject = env._("Question about %(artwork)s", artwork=line.artwork_id.name)
        interaction = (
            self.env["customer.interaction"]
            .sudo()
            .create(
                {
                    "name": subject,
                    "partner_id": self.partner_id.id,
                    "user_id": self.user_id.id,
                    "interaction_type": "other",
                    "summary": message or False,
                    "res_model": "art.artwork",
                    "res_id": line.artwork_id.id,
                    "artwork_ids": [fields.Command.set(line.artwork_id.ids)],
                    "artwork_role": "asked",
                    "company_id": self.company_id.id,
                }
            )
        )
        line.sudo().write({"response": kind, "response_message": message or False})
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_id.id,
            summary=subject,
            note=message or subject,
        )
        return interaction


class CollectorRecommendationLine(models.Model):
    _name = "collector.recommendation.line"
    _description = "Recommended Artwork"
    _order = "sequence, id"

    recommendation_id = fields.Many2one("collector.recommendation", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    artwork_id = fields.Many2one("art.artwork", required=True, ondelete="cascade")
    note = fields.Text(
        string="Why this work",
        compute="_compute_note",
        store=True,
        readonly=False,
        precompute=True,
        help="Prefilled with the reasons the work matches the collector; shown to the collector.",
    )
    price_on_request = fields.Boolean(string="Price on request")
    response = fields.Selection(
        [("interest", "Interested"), ("question", "Question")], string="Collector's answer", readonly=True
    )
    response_message = fields.Text(readonly=True)
    artwork_status = fields.Selection(related="artwork_id.status", string="Status")
    availability = fields.Selection(
        [
            ("available", "Available"),
            ("reserved", "Reserved"),
            ("sold", "Sold"),
            ("on_loan", "On loan"),
            ("in_restoration", "In restoration"),
            ("unavailable", "Not available"),
        ],
        compute="_compute_availability",
    )

    @api.depends("artwork_id", "recommendation_id.partner_id")
    def _compute_note(self):
        """The matcher's reasons the collector may read (taste, budget, collection, questions), in
        the user's language; not the advisor's own signals (level, last contact). Only for a user
        who may read the collector's matches (their record rules): the reasons tell about the budget."""
        ranked = {}
        Match = self.env["collector.match"]
        for line in self:
            partner = line.recommendation_id.partner_id._origin
            if line.note or not (line.artwork_id and partner) or not partner.has_access("read"):
                line.note = line.note
                continue
            match = Match.search([("partner_id", "=", partner.id), ("artwork_id", "=", line.artwork_id.id)], limit=1)
            if match:
                codes = json.loads(match.reason_codes or "[]")
            else:
                if partner.id not in ranked:
                    ranked[partner.id] = {row[0]: row[2] for row in Match.sudo()._rank_artworks(partner)}
                codes = ranked[partner.id].get(line.artwork_id.id) or []
            shared = [code for code in codes if code.partition(":")[0] in COLLECTOR_REASONS]
            line.note = Match._join_reasons(Match._describe_reasons(shared)) or False

    @api.depends("artwork_id.status", "artwork_id.available_for_sale")
    def _compute_availability(self):
        for line in self:
            artwork = line.artwork_id.sudo()
            if artwork.status == "sold":
                line.availability = "sold"
            elif artwork.status == "reserved":
                line.availability = "reserved"
            elif artwork.available_for_sale:
                line.availability = "available"
            elif artwork.status == "on_loan_out":
                line.availability = "on_loan"
            elif artwork.status == "in_restoration":
                line.availability = "in_restoration"
            else:
                line.availability = "unavailable"

    @api.constrains("artwork_id")
    def _check_artwork_available(self):
        """Only works the gallery can sell are recommended (later, a work sold, reserved or lent
        stays on the recommendation, shown as such)."""
        statuses = dict(self.env["art.artwork"]._fields["status"]._description_selection(self.env))
        for line in self:
            artwork = line.artwork_id.sudo()
            if artwork.available_for_sale:
                continue
            if artwork.intake_state != "approved":
                message = self.env._(
                    "Only available works can be recommended: the intake of “%(artwork)s” is not approved yet.",
                    artwork=artwork.display_name,
                )
            elif artwork.status and artwork.active:
                message = self.env._(
                    "Only available works can be recommended: “%(artwork)s” is not available (%(status)s).",
                    artwork=artwork.display_name,
                    status=statuses.get(artwork.status, artwork.status),
                )
            else:
                message = self.env._(
                    "Only available works can be recommended: “%(artwork)s” is not in the gallery's stock.",
                    artwork=artwork.display_name,
                )
            raise ValidationError(message)
