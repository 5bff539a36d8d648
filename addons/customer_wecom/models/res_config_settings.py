from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wecom_corp_id = fields.Char(related="company_id.wecom_corp_id", readonly=False, groups="base.group_system")
    wecom_agent_id = fields.Char(related="company_id.wecom_agent_id", readonly=False, groups="base.group_system")
    wecom_secret = fields.Char(related="company_id.wecom_secret", readonly=False, groups="base.group_system")
