from odoo import models


class StudioBookingRate(models.Model):
    """Requests to the public booking page per client address, kind and minute (the scheme of
    client_context_guard's ``client.public.rate.limit``), shared by every worker."""

    _name = "studio.booking.rate"
    _inherit = ["client.public.rate.limit"]
    _description = "Public Booking Page Rate Limit"
    _auto = False
