from odoo import models


class ArtVerifyRate(models.Model):
    """Requests to the public verification page per client address and minute (the scheme of
    client_context_guard's ``client.public.rate.limit``), shared by every worker."""

    _name = "art.verify.rate"
    _inherit = ["client.public.rate.limit"]
    _description = "Public Verification Rate Limit"
    _auto = False
