from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

from .fake_gateways import FakeAliyun, FakeTencent

ALIYUN_TEXT = "${name}您好，您预约的${time}拍摄已确认，请提前15分钟到店。"
TENCENT_TEXT = "{1}您好，您预约的{2}拍摄已确认，请提前15分钟到店。"
BODY = "张伟您好，您预约的12月20日 14:00拍摄已确认，请提前15分钟到店。"


class SmsCnCommon(BaseCommon):
    """A store (company) sending through a fake gateway, and its clerk (an internal user of that
    store only, with no administration right) who sends SMS from a customer's form."""

    provider = "aliyun"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake_aliyun = FakeAliyun("aliyun-secret", {"SMS_465800001": ["name", "time"]}, ["锦华影像"]).start()
        cls.addClassCleanup(cls.fake_aliyun.stop)
        cls.fake_tencent = FakeTencent("tencent-secret", {"1880001": 2}, ["锦华影像"]).start()
        cls.addClassCleanup(cls.fake_tencent.stop)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("sms_cn_gateway.aliyun_endpoint", cls.fake_aliyun.url)
        params.set_param("sms_cn_gateway.tencent_endpoint", cls.fake_tencent.url)

        cls.store = cls.env["res.company"].create(
            {
                "name": "锦华影像 静安店",
                "country_id": cls.env.ref("base.cn").id,
                "sms_provider": cls.provider,
                "sms_aliyun_access_key_id": "LTAI-test-key",
                "sms_aliyun_access_key_secret": "aliyun-secret",
                "sms_tencent_secret_id": "tc-secret-id",
                "sms_tencent_secret_key": "tencent-secret",
                "sms_tencent_sdk_app_id": "1400123456",
            }
        )
        cls.clerk = new_test_user(
            cls.env,
            login="sms_cn_clerk",
            groups="base.group_user,base.group_partner_manager",
            company_id=cls.store.id,
            company_ids=[(6, 0, cls.store.ids)],
        )
        cls.env["sms.cn.template"].create(
            [
                {
                    "name": "Booking confirmed",
                    "company_id": cls.store.id,
                    "provider": "aliyun",
                    "sign_name": "锦华影像",
                    "template_code": "SMS_465800001",
                    "content": ALIYUN_TEXT,
                },
                {
                    "name": "Booking confirmed",
                    "company_id": cls.store.id,
                    "provider": "tencent",
                    "sign_name": "锦华影像",
                    "template_code": "1880001",
                    "content": TENCENT_TEXT,
                },
            ]
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "张伟",
                "phone": "+86 138 0013 8000",
                "country_id": cls.env.ref("base.cn").id,
                "company_id": cls.store.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.fake_aliyun.reset()
        self.fake_tencent.reset()

    def send_as_clerk(self, body=BODY, partner=None):
        """The clerk sends an SMS from the customer's form (the composer of the chatter)."""
        partner = (partner or self.customer).with_user(self.clerk).with_company(self.store)
        composer = (
            self.env["sms.composer"]
            .with_user(self.clerk)
            .with_company(self.store)
            .with_context(active_model="res.partner", active_id=partner.id)
            .create({"body": body})
        )
        composer.action_send_sms()
        return partner.message_ids[0]

    def sms_of(self, message):
        return self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])
