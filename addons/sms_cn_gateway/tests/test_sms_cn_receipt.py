import json

from odoo.tests import HttpCase, tagged

from .common import SmsCnCommon


@tagged("post_install", "-at_install")
class TestSmsCnReceipt(SmsCnCommon, HttpCase):
    """Delivery receipts pushed by the gateways (through the real HTTP route)."""

    provider = "aliyun"

    def push(self, provider, token, reports):
        return self.url_open(
            f"/sms_cn_gateway/{provider}/report/{token}",
            data=json.dumps(reports),
            headers={"Content-Type": "application/json"},
        )

    def aliyun_report(self, sms, success=True, err_code="DELIVERED"):
        return {
            "phone_number": "13800138000",
            "send_time": "2026-12-08 10:00:00",
            "report_time": "2026-12-08 10:00:05",
            "success": success,
            "err_code": err_code,
            "err_msg": "用户接收成功" if success else "失败",
            "sms_size": "1",
            "biz_id": sms.sms_cn_vendor_id,
            "out_id": sms.uuid,
        }

    def test_delivered_receipt_updates_sms_and_notification(self):
        sms = self.sms_of(self.send_as_clerk())
        token = self.store._sms_cn_callback_url().rsplit("/", 1)[1]
        response = self.push("aliyun", token, [self.aliyun_report(sms)])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"code": 0, "msg": "成功"})
        self.assertEqual(sms.state, "sent")
        self.assertEqual(sms.sms_tracker_id.mail_notification_id.notification_status, "sent")

    def test_failed_receipt_maps_the_carrier_code(self):
        sms = self.sms_of(self.send_as_clerk())
        token = self.store._sms_cn_callback_url().rsplit("/", 1)[1]
        self.push("aliyun", token, [self.aliyun_report(sms, success=False, err_code="MN:0001")])
        self.assertEqual((sms.state, sms.failure_type), ("error", "unknown"))
        notification = sms.sms_tracker_id.mail_notification_id
        self.assertEqual(notification.failure_type, "sms_invalid_destination")
        self.assertEqual(notification.notification_status, "bounce")

    def test_receipt_with_a_wrong_token_changes_nothing(self):
        sms = self.sms_of(self.send_as_clerk())
        self.store._sms_cn_callback_url()
        response = self.push("aliyun", "forged-token", [self.aliyun_report(sms, False, "UNDELIV")])
        self.assertEqual(response.status_code, 404)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.sms_tracker_id.mail_notification_id.notification_status, "pending")

    def test_receipt_for_another_message_changes_nothing(self):
        sms = self.sms_of(self.send_as_clerk())
        token = self.store._sms_cn_callback_url().rsplit("/", 1)[1]
        report = dict(self.aliyun_report(sms, False, "UNDELIV"), biz_id="900619999999")
        self.assertEqual(self.push("aliyun", token, [report]).status_code, 200)
        report = dict(self.aliyun_report(sms, False, "UNDELIV"), out_id="0" * 32)
        self.assertEqual(self.push("aliyun", token, [report]).status_code, 200)
        self.assertEqual(sms.state, "pending")

    def test_tencent_receipt(self):
        self.store.sms_provider = "tencent"
        sms = self.sms_of(self.send_as_clerk())
        token = self.store._sms_cn_callback_url().rsplit("/", 1)[1]
        # the other gateway's address with this token is refused
        self.assertEqual(self.push("aliyun", token, []).status_code, 404)
        report = {
            "user_receive_time": "2026-12-08 10:00:05",
            "nationcode": "86",
            "mobile": "13800138000",
            "report_status": "FAIL",
            "errmsg": "REJECTD",
            "description": "用户拒收",
            "sid": sms.sms_cn_vendor_id,
        }
        response = self.push("tencent", token, [report])
        self.assertEqual(response.json(), {"result": 0, "errmsg": "OK"})
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.sms_tracker_id.mail_notification_id.failure_type, "sms_rejected")
