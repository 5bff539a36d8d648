from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.res_partner import COLLECTOR_LEVELS


class CollectorEventInvite(models.TransientModel):
    _name = "collector.event.invite"
    _description = "Invite Collectors to a Private Event"

    event_id = fields.Many2one("event.event", required=True, ondelete="cascade")
    collector_level_ids = fields.Selection(
        selection=COLLECTOR_LEVELS,  # a list (not a callable): its labels are translated
        string="Collector level",
    )
    tag_ids = fields.Many2many("collector.tag", string="Collector tags")
    segment_id = fields.Many2one("customer.segment")
    artwork_id = fields.Many2one("art.artwork", string="Matched to artwork")
    min_score = fields.Float(string="Minimum match score", default=1.0)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Invitees",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
    )
    send_mail = fields.Boolean(string="Send personal invitations", default=True)

    @api.depends("collector_level_ids", "tag_ids", "segment_id", "artwork_id", "min_score")
    def _compute_partner_ids(self):
        for wizard in self:
            if not (wizard.collector_level_ids or wizard.tag_ids or wizard.segment_id or wizard.artwork_id):
                wizard.partner_ids = False
                continue
            domain = Domain("is_collector", "=", True)
            if wizard.collector_level_ids:
                domain &= Domain("collector_level", "=", wizard.collector_level_ids)
            if wizard.tag_ids:
                domain &= Domain("collector_tag_ids", "in", wizard.tag_ids.ids)
            if wizard.segment_id:
                domain &= Domain("id", "in", wizard.segment_id._get_partners().ids)
            if wizard.artwork_id:
                rows = self.env["collector.match"].sudo()._rank_collectors(wizard.artwork_id, limit=200)
                domain &= Domain("id", "in", [row[0] for row in rows if row[1] >= wizard.min_score])
            wizard.partner_ids = self.env["res.partner"].search(domain)

    def action_invite(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Choose at least one collector to invite."))
        Registration = self.env["event.registration"]
        already = Registration.search(
            [("event_id", "=", self.event_id.id), ("partner_id", "in", self.partner_ids.ids)]
        ).partner_id
        registrations = Registration.create(
            [
                {
                    "event_id": self.event_id.id,
                    "partner_id": partner.id,
                    "name": partner.name,
                    "email": partner.email,
                    "phone": partner.phone,
                    "state": "draft",
                    "rsvp_state": "invited",
                }
                for partner in self.partner_ids - already
            ]
        )
        template = self.env.ref("collector_crm.mail_template_collector_event_invitation")
        for registration in registrations:
            registration._collector_log("invited")
            if self.send_mail and registration.email:
                template.send_mail(registration.id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s collectors invited.", count=len(registrations)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
