from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class StudioAvailabilityWizard(models.TransientModel):
    _name = "studio.availability.wizard"
    _description = "Why Not Available / Who Else Is Free"

    resource_id = fields.Many2one("resource.resource", required=True)
    booking_id = fields.Many2one("studio.booking")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(string="End", required=True)
    is_free = fields.Boolean(string="Free", compute="_compute_availability")
    reasons = fields.Text(string="Why Not Available", compute="_compute_availability")
    alternative_ids = fields.Many2many(
        "resource.resource",
        string="Who Else Is Free",
        compute="_compute_availability",
    )
    replacement_id = fields.Many2one(
        "resource.resource",
        string="Use Instead",
        domain="[('id', 'in', alternative_ids)]",
    )

    def _window(self):
        booking = self.booking_id
        setup = timedelta(minutes=booking.setup_minutes if booking else 0)
        cleanup = timedelta(minutes=booking.cleanup_minutes if booking else 0)
        return self.start - setup, self.stop + cleanup

    @api.depends("resource_id", "start", "stop", "booking_id")
    def _compute_availability(self):
        for wizard in self:
            if not (wizard.resource_id and wizard.start and wizard.stop) or (wizard.stop <= wizard.start):
                wizard.is_free = False
                wizard.reasons = False
                wizard.alternative_ids = False
                continue
            start, stop = wizard._window()
            exclude = wizard.booking_id.ids
            reasons = wizard.resource_id._studio_unavailability_reasons(start, stop, exclude_booking_ids=exclude)
            wizard.is_free = not reasons
            wizard.reasons = "\n".join(reasons) or self.env._(
                "%(resource)s is free at this time.", resource=wizard.resource_id.name
            )
            wizard.alternative_ids = wizard.resource_id._studio_alternatives(
                start,
                stop,
                company=wizard.booking_id.company_id or None,
                exclude_booking_ids=exclude,
            )

    def action_replace(self):
        self.ensure_one()
        if not (self.booking_id and self.replacement_id):
            raise UserError(self.env._("Choose the booking and who to use instead."))
        line = self.booking_id.line_ids.filtered(lambda line: line.resource_id == self.resource_id)
        if not line:
            raise UserError(
                self.env._(
                    "%(resource)s is not on booking %(booking)s.",
                    resource=self.resource_id.name,
                    booking=self.booking_id.name,
                )
            )
        line.resource_id = self.replacement_id
        return {"type": "ir.actions.act_window_close"}
