from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def write(self, vals):
        result = super().write(vals)
        if {"start", "stop"} & set(vals):
            self._studio_move_bookings()
        return result

    def _studio_move_bookings(self):
        """A shoot's event moved in a staff calendar moves the shoot (and so every resource's line
        and the other people's events), with the rights of the user who moved it: a user who may not
        change the booking cannot move it this way either, and the database refuses an overlap."""
        lines = self.env["studio.booking.line"].sudo().search([("calendar_event_id", "in", self.ids)])
        for line in lines:
            event = line.calendar_event_id
            booking = line.booking_id
            if (event.start, event.stop) != (booking.start, booking.stop):
                self.env["studio.booking"].browse(booking.id).write({"start": event.start, "stop": event.stop})
