import secrets

from odoo import api, fields, models
from odoo.tools import consteq


class EventRegistration(models.Model):
    _inherit = "event.registration"

    rsvp_state = fields.Selection(
        [("invited", "Invited"), ("accepted", "Accepted"), ("declined", "Declined")],
        string="RSVP",
        copy=False,
        index="btree_not_null",
    )
    rsvp_token = fields.Char(copy=False, groups="base.group_system")
    rsvp_url = fields.Char(compute="_compute_rsvp_url", string="RSVP link")
    collector_feedback = fields.Text(string="Feedback")

    def _compute_rsvp_url(self):
        base = self.get_base_url()
        for registration in self:
            token = registration.sudo().rsvp_token
            registration.rsvp_url = token and f"{base}/collector/rsvp/{registration.id}/{token}"

    def _check_rsvp_token(self, token):
        self.ensure_one()
        return bool(self.sudo().rsvp_token and token and consteq(self.sudo().rsvp_token, token))

    def _read_format(self, fnames, load="_classic_read"):
        """The guest list: an anonymous collector under the alias, without the name, e-mail and
        phone the registration copied from the contact, for those who may not know who it is."""
        result = super()._read_format(fnames, load=load)
        copied = {"name", "display_name", "email", "phone", "company_name"}.intersection(result[0]) if result else None
        if not copied:
            return result
        registrations = self.browse([values["id"] for values in result]).sudo()
        names = copied & {"name", "display_name"}
        return self.env["res.partner"]._collector_mask_rows(
            result, [registration.partner_id.id for registration in registrations], names, copied - names
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("rsvp_state"):
                vals["rsvp_token"] = secrets.token_urlsafe(24)
        return super().create(vals_list)

    def write(self, vals):
        attended = self.browse()
        if vals.get("state") == "done":
            attended = self.filtered(lambda r: r.state != "done" and r.partner_id)
        res = super().write(vals)
        for registration in attended:
            registration._collector_log("attended")
        if "collector_feedback" in vals:
            for registration in self.filtered(lambda r: r.partner_id and r.collector_feedback):
                registration._collector_log("feedback")
        return res

    def _collector_log(self, what):
        """An event in the invitee's interaction history."""
        self.ensure_one()
        event = self.event_id
        env = self.with_context(lang=event.user_id.lang or self.env.lang).env
        subjects = {
            "invited": env._("Invited to %(event)s", event=event.name),
            "accepted": env._("Accepted the invitation to %(event)s", event=event.name),
            "declined": env._("Declined the invitation to %(event)s", event=event.name),
            "attended": env._("Attended %(event)s", event=event.name),
            "feedback": env._("Feedback on %(event)s", event=event.name),
        }
        return (
            self.env["customer.interaction"]
            .sudo()
            .create(
                {
                    "name": subjects[what],
                    "partner_id": self.partner_id.id,
                    "user_id": (event.user_id or self.env.user).id,
                    "interaction_type": "event",
                    "date": fields.Datetime.now(),
                    "summary": self.collector_feedback if what == "feedback" else False,
                    "res_model": "event.event",
                    "res_id": event.id,
                    "artwork_ids": [fields.Command.set(event.collector_artwork_ids.ids)],
                    "artwork_role": "shown" if what == "attended" and event.collector_artwork_ids else False,
                    "company_id": (event.company_id or self.env.company).id,
                }
            )
        )

    def _collector_answer(self, accept):
        """The invitee's answer from the RSVP page."""
        self.ensure_one()
        values = {"rsvp_state": "accepted" if accept else "declined"}
        values["state"] = "open" if accept else "cancel"
        self.sudo().write(values)
        self.sudo()._collector_log("accepted" if accept else "declined")
