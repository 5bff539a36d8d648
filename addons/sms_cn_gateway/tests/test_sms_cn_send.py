import json

from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import BODY, SmsCnCommon


@tagged("post_install", "-at_install")
class TestSmsAliyun(SmsCnCommon):
    provider = "aliyun"

    def test_send_as_registered_template(self):
        message = self.send_as_clerk()
        sms = self.sms_of(message)
        self.assertEqual(len(self.fake_aliyun.requests), 1, self.fake_aliyun.refused)
        sent = self.fake_aliyun.requests[0]
        self.assertEqual(sent["PhoneNumbers"], "13800138000")
        self.assertEqual(sent["SignName"], "锦华影像")
        self.assertEqual(sent["TemplateCode"], "SMS_465800001")
        self.assertEqual(json.loads(sent["TemplateParam"]), {"name": "张伟", "time": "12月20日 14:00"})
        self.assertEqual(sent["OutId"], sms.uuid)
        self.assertEqual(sms.state, "pending")
        self.assertTrue(sms.sms_cn_vendor_id.startswith("900619"))
        notification = message.notification_ids
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(notification.sms_tracker_ids.sms_cn_vendor_id, sms.sms_cn_vendor_id)

    def test_vendor_codes_become_odoo_failure_types(self):
        cases = {
            "isv.AMOUNT_NOT_ENOUGH": "sms_credit",
            "isv.SMS_TEMPLATE_ILLEGAL": "sms_registration_needed",
            "isp.RAM_PERMISSION_DENY": "sms_acc",
        }
        for code, failure_type in cases.items():
            with self.subTest(code=code):
                self.fake_aliyun.errors["13800138000"] = code
                with trap_jobs() as trap:
                    sms = self.sms_of(self.send_as_clerk())
                    trap.assert_jobs_count(0)
                self.assertEqual(sms.state, "error")
                self.assertEqual(sms.failure_type, failure_type)
                self.assertIn(code, sms.sms_tracker_id.mail_notification_id.failure_reason)
                self.assertEqual(sms.sms_tracker_id.mail_notification_id.failure_type, failure_type)

    def test_wrong_number_is_refused_by_the_gateway(self):
        self.customer.phone = "+86 21 6234 5678"  # a landline: no SMS
        sms = self.sms_of(self.send_as_clerk())
        self.assertEqual(sms.failure_type, "sms_number_format")
        self.assertEqual(self.fake_aliyun.refused[-1][0], "isv.MOBILE_NUMBER_ILLEGAL")

    def test_wrong_secret_fails_the_signature(self):
        self.store.sms_aliyun_access_key_secret = "not-the-secret"
        sms = self.sms_of(self.send_as_clerk())
        self.assertEqual(self.fake_aliyun.refused[-1][0], "SignatureDoesNotMatch")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertFalse(self.fake_aliyun.requests)

    def test_text_without_template_is_not_sent(self):
        sms = self.sms_of(self.send_as_clerk(body="双十一全场五折！"))
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_registration_needed")
        self.assertFalse(self.fake_aliyun.requests)
        self.assertFalse(self.fake_aliyun.refused, "nothing may reach the gateway")

    def test_transient_error_is_retried_through_queue_job(self):
        self.fake_aliyun.errors["13800138000"] = "isp.SYSTEM_ERROR"
        with trap_jobs() as trap:
            sms = self.sms_of(self.send_as_clerk())
            self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
            trap.assert_jobs_count(1, only=sms._sms_cn_retry)
            job = trap.enqueued_jobs[0]
            # still refused: the job asks queue_job for another try, the SMS stays in error
            with self.assertRaises(RetryableJobError):
                job.perform()
            # the gateway recovers: the next try sends it
            del self.fake_aliyun.errors["13800138000"]
            self.assertEqual(job.perform(), "Sent")
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self.fake_aliyun.requests), 1)
        self.assertEqual(sms.sms_tracker_id.mail_notification_id.notification_status, "pending")

    def test_queue_cron_sends_through_each_company_gateway(self):
        """SMS queued without a message (a reminder job, a campaign run) go out with the cron in
        batches of any companies: each through the gateway of the company it was queued for."""
        SmsSudo = self.env["sms.sms"].sudo()
        store_sms = SmsSudo.with_company(self.store).create({"number": "+8613800138000", "body": BODY})
        other_sms = SmsSudo.create({"number": "+8613800138001", "body": BODY})
        self.assertEqual(store_sms.record_company_id, self.store)
        self.assertNotEqual(other_sms.record_company_id, self.store)
        # what sms.sms._process_queue() does with a batch (it then commits, which a test may not)
        (store_sms | other_sms)._send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        self.assertEqual(store_sms.state, "pending")
        self.assertEqual([r["OutId"] for r in self.fake_aliyun.requests], [store_sms.uuid])

    def test_other_companies_keep_their_provider(self):
        """A company on Odoo's IAP is not sent through the store's gateway."""
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create({"number": "+8613800138000", "body": BODY, "record_company_id": self.env.company.id})
        )
        apis = [api for api, _records in sms._split_by_api()]
        self.assertEqual(type(apis[0]).__name__, "SmsApi")


@tagged("post_install", "-at_install")
class TestSmsTencent(SmsCnCommon):
    provider = "tencent"

    def test_send_as_registered_template(self):
        message = self.send_as_clerk()
        sms = self.sms_of(message)
        self.assertEqual(len(self.fake_tencent.requests), 1, self.fake_tencent.refused)
        sent = self.fake_tencent.requests[0]
        self.assertEqual(sent["PhoneNumberSet"], ["+8613800138000"])
        self.assertEqual(sent["TemplateId"], "1880001")
        self.assertEqual(sent["TemplateParamSet"], ["张伟", "12月20日 14:00"])
        self.assertEqual(sent["SessionContext"], sms.uuid)
        self.assertEqual(sms.state, "pending")
        self.assertTrue(sms.sms_cn_vendor_id.startswith("2433:"))

    def test_vendor_codes_become_odoo_failure_types(self):
        cases = {
            "FailedOperation.InsufficientBalanceInSmsPackage": "sms_credit",
            "FailedOperation.SignatureIncorrectOrUnapproved": "sms_registration_needed",
        }
        for code, failure_type in cases.items():
            with self.subTest(code=code):
                self.fake_tencent.errors["+8613800138000"] = code
                sms = self.sms_of(self.send_as_clerk())
                self.assertEqual((sms.state, sms.failure_type), ("error", failure_type))

    def test_blacklisted_number_bounces(self):
        self.fake_tencent.errors["+8613800138000"] = "FailedOperation.PhoneNumberInBlacklist"
        sms = self.sms_of(self.send_as_clerk())
        self.assertEqual(sms.state, "error")
        notification = sms.sms_tracker_id.mail_notification_id
        self.assertEqual(notification.failure_type, "sms_rejected")
        self.assertEqual(notification.notification_status, "bounce")

    def test_wrong_secret_fails_the_signature(self):
        self.store.sms_tencent_secret_key = "not-the-secret"
        sms = self.sms_of(self.send_as_clerk())
        self.assertEqual(self.fake_tencent.refused[-1][0], "AuthFailure.SignatureFailure")
        self.assertEqual(sms.failure_type, "sms_acc")

    def test_limit_exceeded_is_retried(self):
        self.fake_tencent.errors["+8613800138000"] = "LimitExceeded.PhoneNumberOneHourLimit"
        with trap_jobs() as trap:
            sms = self.sms_of(self.send_as_clerk())
            trap.assert_jobs_count(1, only=sms._sms_cn_retry)
