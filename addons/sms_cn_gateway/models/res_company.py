import secrets

from odoo import fields, models

from ..tools.sms_api import SmsApiAliyun, SmsApiTencent

CN_PROVIDERS = {"aliyun": SmsApiAliyun, "tencent": SmsApiTencent}


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_provider = fields.Selection(
        selection_add=[
            ("aliyun", "Send via Alibaba Cloud SMS"),
            ("tencent", "Send via Tencent Cloud SMS"),
        ],
        ondelete={"aliyun": "set default", "tencent": "set default"},
    )
    sms_aliyun_access_key_id = fields.Char("AccessKey ID", groups="base.group_system")
    sms_aliyun_access_key_secret = fields.Char("AccessKey Secret", groups="base.group_system")
    sms_aliyun_region = fields.Char("Alibaba Cloud Region", default="cn-hangzhou", groups="base.group_system")
    sms_tencent_secret_id = fields.Char("SecretId", groups="base.group_system")
    sms_tencent_secret_key = fields.Char("SecretKey", groups="base.group_system")
    sms_tencent_sdk_app_id = fields.Char("SMS SdkAppId", groups="base.group_system")
    sms_tencent_region = fields.Char("Tencent Cloud Region", default="ap-guangzhou", groups="base.group_system")
    sms_cn_callback_token = fields.Char(
        "Delivery Receipt Token",
        copy=False,
        groups="base.group_system",
        help="Secret part of the delivery receipt address given to the SMS gateway.",
    )

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.sms_provider in CN_PROVIDERS:
            return CN_PROVIDERS[self.sms_provider]
        return super()._get_sms_api_class()

    def _sms_cn_callback_url(self, provider=None):
        """The delivery receipt address to enter in the gateway's console (one per company)."""
        self.ensure_one()
        company = self.sudo()
        if not company.sms_cn_callback_token:
            company.sms_cn_callback_token = secrets.token_urlsafe(32)
        provider = provider or company.sms_provider
        provider = provider if provider in CN_PROVIDERS else "aliyun"
        return f"{company.get_base_url()}/sms_cn_gateway/{provider}/report/{company.sms_cn_callback_token}"
