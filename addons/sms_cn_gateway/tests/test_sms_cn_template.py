from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SmsCnCommon


@tagged("post_install", "-at_install")
class TestSmsCnTemplate(SmsCnCommon):
    def test_match_reads_the_variables_back(self):
        templates = self.env["sms.cn.template"]
        template, params = templates._match(
            self.store, "aliyun", "李娜您好，您预约的明天 9:30拍摄已确认，请提前15分钟到店。"
        )
        self.assertEqual(template.template_code, "SMS_465800001")
        self.assertEqual(params, {"name": "李娜", "time": "明天 9:30"})
        template, params = templates._match(self.store, "aliyun", "您好，请到店。")
        self.assertFalse(template)
        # another store's templates are not used
        other = self.env["res.company"].create({"name": "锦华影像 徐汇店"})
        self.assertFalse(templates._match(other, "aliyun", "李娜您好，您预约的明天拍摄已确认，请提前15分钟到店。")[0])

    def test_tencent_variables_are_numbered_without_gaps(self):
        with self.assertRaises(ValidationError):
            self.env["sms.cn.template"].create(
                {
                    "name": "Gap",
                    "company_id": self.store.id,
                    "provider": "tencent",
                    "sign_name": "锦华影像",
                    "template_code": "1880009",
                    "content": "{1}您好，{3}",
                }
            )

    def test_text_proposed_from_the_sms_template(self):
        sms_template = self.env["sms.template"].create(
            {
                "name": "Reminder",
                "model_id": self.env.ref("base.model_res_partner").id,
                "body": "{{ object.name }}您好，明天{{ object.ref }}见。",
            }
        )
        form = Form(self.env["sms.cn.template"].with_company(self.store))
        form.provider = "tencent"
        form.sign_name = "锦华影像"
        form.template_code = "1880002"
        form.sms_template_id = sms_template
        self.assertEqual(form.content, "{1}您好，明天{2}见。")
        self.assertEqual(form.name, "Reminder")
        template = form.save()
        self.assertEqual(template.param_names, "1, 2")

    def test_administrator_sets_the_gateway_in_settings(self):
        admin = new_test_user(
            self.env,
            login="sms_cn_admin",
            groups="base.group_user,base.group_system",
            company_id=self.store.id,
            company_ids=[Command.set(self.store.ids)],
        )
        settings = Form(self.env["res.config.settings"].with_user(admin).with_company(self.store))
        settings.sms_provider = "tencent"
        settings.sms_tencent_secret_id = "AKIDnew"
        settings.sms_tencent_secret_key = "new-key"
        settings.sms_tencent_sdk_app_id = "1400999999"
        self.assertIn("/sms_cn_gateway/tencent/report/", settings.sms_cn_callback_url)
        settings.save().execute()
        self.assertEqual(self.store.sms_provider, "tencent")
        self.assertEqual(self.store.sms_tencent_secret_key, "new-key")

    def test_only_administrators_see_secrets_and_templates(self):
        store = self.store.with_user(self.clerk)
        with self.assertRaises(AccessError):
            store.read(["sms_aliyun_access_key_secret"])
        with self.assertRaises(AccessError):
            self.env["sms.cn.template"].with_user(self.clerk).search([])
        with self.assertRaises(AccessError):
            store.write({"sms_tencent_secret_key": "x"})
