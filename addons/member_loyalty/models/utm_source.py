from odoo import fields, models

LEAD_CHANNELS = [
    ("mini_program", "Mini-program"),
    ("website", "Website"),
    ("counter", "Store counter"),
    ("event", "Event"),
]


class UtmSource(models.Model):
    _inherit = "utm.source"

    member_lead_channel = fields.Selection(
        LEAD_CHANNELS,
        string="Store Lead Channel",
        help="Leads from this source are store leads of this channel (mini-program, website, counter, event).",
    )
