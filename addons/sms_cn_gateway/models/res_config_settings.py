from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_aliyun_access_key_id = fields.Char(
        related="company_id.sms_aliyun_access_key_id", readonly=False, groups="base.group_system"
    )
    sms_aliyun_access_key_secret = fields.Char(
        related="company_id.sms_aliyun_access_key_secret",
        readonly=False,
        groups="base.group_system",
    )
    sms_aliyun_region = fields.Char(related="company_id.sms_aliyun_region", readonly=False, groups="base.group_system")
    sms_tencent_secret_id = fields.Char(
        related="company_id.sms_tencent_secret_id", readonly=False, groups="base.group_system"
    )
    sms_tencent_secret_key = fields.Char(
        related="company_id.sms_tencent_secret_key", readonly=False, groups="base.group_system"
    )
    sms_tencent_sdk_app_id = fields.Char(
        related="company_id.sms_tencent_sdk_app_id", readonly=False, groups="base.group_system"
    )
    sms_tencent_region = fields.Char(
        related="company_id.sms_tencent_region", readonly=False, groups="base.group_system"
    )
    sms_cn_callback_url = fields.Char(
        "Delivery Receipt Address", compute="_compute_sms_cn_callback_url", groups="base.group_system"
    )

    @api.depends("company_id", "sms_provider")
    def _compute_sms_cn_callback_url(self):
        for settings in self:
            settings.sms_cn_callback_url = (
                settings.company_id._sms_cn_callback_url(settings.sms_provider)
                if settings.sms_provider in ("aliyun", "tencent")
                else False
            )
