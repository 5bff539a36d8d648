from odoo import fields, models


class EventEvent(models.Model):
    _inherit = "event.event"

    is_collector_event = fields.Boolean(
        string="Private collector event", help="A dinner, studio visit or private viewing by invitation."
    )
    collector_event_kind = fields.Selection(
        [
            ("dinner", "Private dinner"),
            ("studio_visit", "Studio visit"),
            ("private_viewing", "Private viewing"),
            ("other", "Other"),
        ],
        string="Kind of event",
    )
    collector_artwork_ids = fields.Many2many(
        "art.artwork", "collector_event_artwork_rel", "event_id", "artwork_id", string="Featured artworks"
    )
    collector_invited_count = fields.Integer(compute="_compute_collector_rsvp_counts", string="Invited")
    collector_accepted_count = fields.Integer(compute="_compute_collector_rsvp_counts", string="Accepted")
    collector_declined_count = fields.Integer(compute="_compute_collector_rsvp_counts", string="Declined")

    def _compute_collector_rsvp_counts(self):
        counts = {
            (event, rsvp): count
            for event, rsvp, count in self.env["event.registration"]._read_group(
                [("event_id", "in", self.ids), ("rsvp_state", "!=", False)], ["event_id", "rsvp_state"], ["__count"]
            )
        }
        for event in self:
            event.collector_accepted_count = counts.get((event, "accepted"), 0)
            event.collector_declined_count = counts.get((event, "declined"), 0)
            event.collector_invited_count = (
                counts.get((event, "invited"), 0) + event.collector_accepted_count + event.collector_declined_count
            )

    def action_collector_invite(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_event_invite_action")
        action["context"] = {"default_event_id": self.id}
        return action
