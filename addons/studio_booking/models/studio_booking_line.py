from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class StudioBookingLine(models.Model):
    _name = "studio.booking.line"
    _description = "Resource Reserved by a Studio Booking"
    _order = "start, booking_id, id"
    _rec_name = "resource_id"

    booking_id = fields.Many2one("studio.booking", required=True, ondelete="cascade", index=True)
    resource_id = fields.Many2one("resource.resource", required=True, ondelete="restrict")
    role = fields.Selection(related="resource_id.studio_role", store=True, string="Role")
    company_id = fields.Many2one(related="booking_id.company_id", store=True, index=True, string="Store")
    resource_company_id = fields.Many2one(related="resource_id.company_id", string="Resource Store")
    partner_id = fields.Many2one(related="booking_id.partner_id", string="Customer", store=True)
    package_id = fields.Many2one(related="booking_id.package_id", store=True)
    state = fields.Selection(related="booking_id.state", store=True)
    start = fields.Datetime(related="booking_id.start", store=True, readonly=False)
    stop = fields.Datetime(related="booking_id.stop", store=True, readonly=False)
    buffer_start = fields.Datetime(compute="_compute_buffers", store=True, string="Held From")
    buffer_stop = fields.Datetime(compute="_compute_buffers", store=True, string="Held Until")
    blocking = fields.Boolean(compute="_compute_blocking", store=True)
    # a person's line (photographer, make-up artist: a resource with a user) in that person's calendar
    calendar_event_id = fields.Many2one(
        "calendar.event",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    _company_start_idx = models.Index("(company_id, start, stop) WHERE blocking")
    _resource_start_idx = models.Index("(resource_id, buffer_start, buffer_stop) WHERE blocking")

    _resource_once_per_booking = models.Constraint(
        "UNIQUE (booking_id, resource_id)",
        "A resource can be listed only once on a booking.",
    )

    @api.depends(
        "booking_id.start",
        "booking_id.stop",
        "booking_id.setup_minutes",
        "booking_id.cleanup_minutes",
    )
    def _compute_buffers(self):
        for line in self:
            booking = line.booking_id
            if booking.start and booking.stop:
                line.buffer_start = booking.start - timedelta(minutes=booking.setup_minutes or 0)
                line.buffer_stop = booking.stop + timedelta(minutes=booking.cleanup_minutes or 0)
            else:
                line.buffer_start = line.buffer_stop = False

    @api.depends("booking_id.state")
    def _compute_blocking(self):
        for line in self:
            line.blocking = line.booking_id.state != "cancelled"

    def init(self):
        cr = self.env.cr
        cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conname = %s",
            ["studio_booking_line_no_overlap"],
        )
        if not cr.fetchone():
            cr.execute(
                SQL(
                    """ALTER TABLE studio_booking_line
                       ADD CONSTRAINT studio_booking_line_no_overlap
                       EXCLUDE USING gist (
                           resource_id WITH =,
                           tstzrange(buffer_start AT TIME ZONE 'UTC',
                                     buffer_stop AT TIME ZONE 'UTC', '[)') WITH &&,
                           booking_id WITH <>
                       ) WHERE (blocking)"""
                )
            )

    @api.constrains("resource_id", "booking_id")
    def _check_resource_store(self):
        for line in self:
            resource_company = line.resource_id.company_id
            if resource_company and resource_company != line.booking_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(resource)s belongs to the store %(resource_store)s and cannot be booked for %(store)s.",
                        resource=line.resource_id.name,
                        resource_store=resource_company.name,
                        store=line.booking_id.company_id.name,
                    )
                )
            twins = line.booking_id.line_ids.filtered(lambda other, line=line: other.resource_id == line.resource_id)
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "%(resource)s is listed twice on booking %(booking)s.",
                        resource=line.resource_id.name,
                        booking=line.booking_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        with self.env["studio.booking"]._studio_explain_integrity():
            lines = super().create(vals_list)
        lines._studio_sync_calendar()
        return lines

    def unlink(self):
        self.sudo().calendar_event_id.with_context(no_mail_to_attendees=True).unlink()
        return super().unlink()

    def write(self, vals):
        if {"start", "stop"} & set(vals) and "booking_id" not in vals:
            # start/stop are the booking's: move the booking in one write, as the resource calendar
            # sends both at once (the related inverse would write them one after the other, and a
            # move past the old end would meet the "ends after it starts" check half-way)
            vals = dict(vals)
            times = {name: vals.pop(name) for name in ("start", "stop") if name in vals}
            with self.env["studio.booking"]._studio_explain_integrity():
                self.booking_id.write(times)
                if vals:
                    super().write(vals)
            return True
        if {"start", "stop", "resource_id", "booking_id"} & set(vals):
            with self.env["studio.booking"]._studio_explain_integrity():
                result = super().write(vals)
            self._studio_sync_calendar()
            return result
        return super().write(vals)

    # ------------------------------------------------------------------
    # the staff's calendars
    # ------------------------------------------------------------------
    def _studio_calendar_values(self, user):
        booking = self.booking_id
        return {
            "name": booking.with_context(lang=user.lang or "en_US").display_name,
            "start": booking.start,
            "stop": booking.stop,
            "allday": False,
            "user_id": user.id,
            "partner_ids": [fields.Command.set(user.partner_id.ids)],
            "res_model_id": self.env["ir.model"]._get_id("studio.booking"),
            "res_id": booking.id,
        }

    def _studio_sync_calendar(self):
        """Keep the calendar event of each person's line as the booking is: created when the shoot
        is booked (not while merely held online), moved with it, removed when it is cancelled or the
        person is taken off it. Rooms and costumes (no user) stay in the resource calendar only.
        Server code: the consultant who moves a shoot writes the photographer's event."""
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True, dont_notify=True)
        for line in self.sudo().exists():
            user = line.resource_id.user_id
            wanted = user and not user.share and line.booking_id.state in ("reserved", "confirmed", "done")
            event = line.calendar_event_id
            if not wanted:
                if event:
                    line.calendar_event_id = False
                    event.with_context(no_mail_to_attendees=True).unlink()
                continue
            values = line._studio_calendar_values(user)
            if not event:
                line.calendar_event_id = Event.create(values)
                continue
            current = {
                "name": event.name,
                "start": event.start,
                "stop": event.stop,
                "allday": event.allday,
                "user_id": event.user_id.id,
                "res_id": event.res_id,
            }
            changed = {key: values[key] for key, value in current.items() if values[key] != value}
            if user.partner_id not in event.partner_ids:
                changed["partner_ids"] = values["partner_ids"]
            if changed:
                Event.browse(event.id).write(changed)

    def action_open_availability(self):
        self.ensure_one()
        return self.booking_id.with_context(default_resource_id=self.resource_id.id).action_open_availability()
