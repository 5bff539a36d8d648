from collections import defaultdict

from odoo import fields, models

from odoo.addons.queue_job.exception import RetryableJobError

from .res_company import CN_PROVIDERS

RETRY_MAX = 5


class SmsSms(models.Model):
    _inherit = "sms.sms"

    sms_cn_vendor_id = fields.Char(
        "Gateway Message ID",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="BizId (Alibaba Cloud) or SerialNo (Tencent Cloud) of the sent message.",
    )

    def _split_by_api(self):
        # the companies that send through a Chinese gateway; the others go on as before
        # (Odoo's IAP, or Twilio through sms_twilio's own _split_by_api)
        by_company = defaultdict(lambda: self.browse())
        others = self.browse()
        for sms in self:
            company = sms._get_sms_company()
            if company.sms_provider in CN_PROVIDERS:
                by_company[company] += sms
            else:
                others += sms
        for company, company_sms in by_company.items():
            sms_api = company._get_sms_api_class()(self.env)
            sms_api._set_company(company)
            yield sms_api, company_sms
        if others:
            yield from super(SmsSms, others)._split_by_api()

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        # the queue's cron calls _send() on a batch of any companies without an API: Odoo would
        # take the API of "the" company of the batch (and fail on a batch of several); give each
        # message its own company's gateway, as send() does
        if self.env.context.get("sms_api"):
            return super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception)
        for sms_api, records in self._split_by_api():
            super(SmsSms, records.with_context(sms_api=sms_api))._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )

    def _handle_call_result_hook(self, results):
        """Keep the gateway's message id (for delivery receipts) and retry transient failures."""
        by_uuid = self.grouped("uuid")
        to_retry = self.browse()
        for result in results:
            sms = by_uuid.get(result.get("uuid"))
            if not sms:
                continue
            if vendor_id := result.get("sms_cn_vendor_id"):
                sms.sms_cn_vendor_id = vendor_id
                if sms.sms_tracker_id:
                    sms.sms_tracker_id.write(
                        {
                            "sms_cn_vendor_id": vendor_id,
                            "sms_cn_company_id": sms._get_sms_company().id,
                        }
                    )
            if result.get("sms_cn_retry"):
                to_retry += sms
        to_retry._sms_cn_enqueue_retry()
        return super()._handle_call_result_hook(results)

    def _sms_cn_enqueue_retry(self):
        for sms in self:
            sms.with_delay(
                max_retries=RETRY_MAX,
                eta=60,
                description=self.env._("Retry SMS to %(number)s", number=sms.number),
            )._sms_cn_retry()

    def _sms_cn_retry(self):
        """queue_job: send again an SMS the gateway refused for a transient reason (its server,
        a timeout, throttling). Still refused: RetryableJobError, queue_job tries again later
        (its retry pattern) until RETRY_MAX; the SMS stays in error meanwhile."""
        sms = self.exists().filtered(
            lambda s: s.state == "error" and s.failure_type == "sms_server" and not s.to_delete
        )
        if not sms:
            return "Nothing to retry"
        sms.action_set_outgoing()
        sms._send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        failed = sms.exists().filtered(lambda s: s.state == "error" and s.failure_type == "sms_server")
        if failed:
            raise RetryableJobError(f"SMS {failed.ids} still refused by the gateway: {failed[0].failure_type}")
        return "Sent"
