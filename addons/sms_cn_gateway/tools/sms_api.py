"""SmsApi classes of the two Chinese gateways, plugged into Odoo's ``sms`` framework the way
``sms_twilio`` plugs Twilio in: ``sms.sms._split_by_api()`` yields one of them per company,
``_send_sms_batch()`` returns one result per number, in the states Odoo's ``_send_with_api``
understands (``sent``; errors through ``PROVIDER_TO_SMS_FAILURE_TYPE``).

A Chinese carrier only delivers text sent as a registered template with a registered signature:
each body is matched against the company's ``sms.cn.template`` mappings, which give the template
code, the signature and the parameters (read back from the body).
"""

import json
import logging
import time
import uuid as uuid_lib
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests

from odoo.addons.sms.tools.sms_api import SmsApiBase

from .signing import (
    TENCENT_CONTENT_TYPE,
    aliyun_signature,
    tencent_authorization,
    tencent_payload,
)

_logger = logging.getLogger(__name__)

ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
TENCENT_ENDPOINT = "https://sms.tencentcloudapi.com/"
TIMEOUT = 10

# Vendor codes -> the state handed to Odoo's _send_with_api (see PROVIDER_TO_SMS_FAILURE_TYPE).
# "server_error" is transient: the SMS is retried through queue_job.
ALIYUN_CODE_TO_STATE = {
    "OK": "sent",
    "isv.MOBILE_NUMBER_ILLEGAL": "wrong_number_format",
    "isv.MOBILE_COUNT_OVER_LIMIT": "wrong_number_format",
    "isv.AMOUNT_NOT_ENOUGH": "insufficient_credit",
    "isv.OUT_OF_SERVICE": "insufficient_credit",
    "InvalidAccessKeyId.NotFound": "unregistered",
    "SignatureDoesNotMatch": "unregistered",
    "isv.ACCOUNT_NOT_EXISTS": "unregistered",
    "isv.ACCOUNT_ABNORMAL": "unregistered",
    "isp.RAM_PERMISSION_DENY": "unregistered",
    "isv.SMS_TEMPLATE_ILLEGAL": "registration_needed",
    "isv.SMS_SIGNATURE_ILLEGAL": "registration_needed",
    "isv.SMS_SIGN_ILLEGAL": "registration_needed",
    "isv.TEMPLATE_MISSING_PARAMETERS": "registration_needed",
    "isv.TEMPLATE_PARAMS_ILLEGAL": "registration_needed",
    "isv.INVALID_JSON_PARAM": "registration_needed",
    "isv.BLACK_KEY_CONTROL_LIMIT": "rejected",
    "isv.DENY_IP_RANGE": "rejected",
    "isv.PRODUCT_UN_SUBSCRIPT": "unregistered",
    "isv.BUSINESS_LIMIT_CONTROL": "server_error",
    "isv.DAY_LIMIT_CONTROL": "server_error",
    "isp.SYSTEM_ERROR": "server_error",
    "Throttling.User": "server_error",
    "ServiceUnavailable": "server_error",
}

TENCENT_CODE_TO_STATE = {
    "Ok": "sent",
    "InvalidParameterValue.IncorrectPhoneNumber": "wrong_number_format",
    "FailedOperation.InsufficientBalanceInSmsPackage": "insufficient_credit",
    "FailedOperation.MarketingSendTimeConstraint": "server_error",
    "FailedOperation.PhoneNumberInBlacklist": "rejected",
    "FailedOperation.ContainSensitiveWord": "rejected",
    "FailedOperation.SignatureIncorrectOrUnapproved": "registration_needed",
    "FailedOperation.TemplateIncorrectOrUnapproved": "registration_needed",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": "registration_needed",
    "InvalidParameterValue.TemplateParameterFormatError": "registration_needed",
    "InvalidParameterValue.TemplateParameterLengthLimit": "registration_needed",
    "UnsupportedOperation.UnsupportedRegion": "country_not_supported",
    "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": "country_not_supported",
    "AuthFailure.SecretIdNotFound": "unregistered",
    "AuthFailure.SignatureFailure": "unregistered",
    "AuthFailure.SignatureExpire": "server_error",
    "AuthFailure.UnauthorizedOperation": "unregistered",
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail": "unregistered",
    "UnauthorizedOperation.ServiceSuspendDueToArrears": "insufficient_credit",
    "LimitExceeded.PhoneNumberDailyLimit": "server_error",
    "LimitExceeded.PhoneNumberOneHourLimit": "server_error",
    "LimitExceeded.PhoneNumberThirtySecondLimit": "server_error",
    "LimitExceeded.PhoneNumberSameContentDailyLimit": "server_error",
    "RequestLimitExceeded": "server_error",
    "InternalError": "server_error",
    "InternalError.Timeout": "server_error",
    "InternalError.RequestTimeException": "server_error",
}

# Transient failures, retried through queue_job (timeouts, vendor errors, throttling).
RETRY_STATES = {"server_error"}


class SmsApiChinaBase(SmsApiBase):
    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        "insufficient_credit": "sms_credit",
        "unregistered": "sms_acc",
        "registration_needed": "sms_registration_needed",
        "country_not_supported": "sms_country_not_supported",
        # "rejected" is not listed: Odoo turns it into the delivery error sms_rejected (a bounce)
    }
    provider = None

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _company_sudo(self):
        return (self.company or self.env.company).sudo()

    def _endpoint(self, default):
        key = f"sms_cn_gateway.{self.provider}_endpoint"
        return self.env["ir.config_parameter"].sudo().get_param(key) or default

    def _format_number(self, number):
        """E.164 from Odoo (``+8613812345678``) -> what the vendor expects."""
        return number

    def _result(self, uuid, state, reason=False, vendor_id=False, code=False):
        values = {"uuid": uuid, "state": state, "failure_reason": reason or False}
        if vendor_id:
            values["sms_cn_vendor_id"] = vendor_id
        if state in RETRY_STATES:
            values["sms_cn_retry"] = True
        if code:
            values["sms_cn_code"] = code
        return values

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        templates = self.env["sms.cn.template"].sudo()
        company = self._company_sudo()
        session = requests.Session()
        results = []
        for message in messages:
            body = message.get("content") or ""
            template, params = templates._match(company, self.provider, body)
            for number_info in message.get("numbers") or []:
                uuid = number_info["uuid"]
                number = number_info.get("number")
                if not number:
                    results.append(self._result(uuid, "sms_number_missing"))
                    continue
                if not template:
                    results.append(
                        self._result(
                            uuid,
                            "registration_needed",
                            self.env._(
                                "No approved template of %(provider)s matches this text: "
                                "add it under SMS Gateway Templates.",
                                provider=self.provider_label(),
                            ),
                        )
                    )
                    continue
                results.append(self._send_one(session, template, params, number, uuid))
        return results

    def provider_label(self):
        return dict(self.env["res.company"]._fields["sms_provider"]._description_selection(self.env)).get(
            self.provider, self.provider
        )

    def _send_one(self, session, template, params, number, uuid):
        raise NotImplementedError()

    def _request_failed(self, uuid, error):
        _logger.info("SMS gateway %s: request failed: %s", self.provider, error)
        return self._result(
            uuid,
            "server_error",
            self.env._(
                "The SMS gateway could not be reached (%(error)s); the message will be retried.",
                error=str(error)[:200],
            ),
        )


class SmsApiAliyun(SmsApiChinaBase):
    """Alibaba Cloud SMS, ``SendSms`` of Dysmsapi 2017-05-25 (RPC style, HMAC-SHA1)."""

    provider = "aliyun"

    def _format_number(self, number):
        # mainland numbers without the country code, others as 00 + country code + number
        digits = number.lstrip("+")
        if number.startswith("+86"):
            return digits[2:]
        return "00" + digits if number.startswith("+") else number

    def _signed_params(self, company, params):
        params = dict(
            params,
            AccessKeyId=company.sms_aliyun_access_key_id or "",
            Format="JSON",
            RegionId=company.sms_aliyun_region or "cn-hangzhou",
            SignatureMethod="HMAC-SHA1",
            SignatureNonce=uuid_lib.uuid4().hex,
            SignatureVersion="1.0",
            Timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            Version="2017-05-25",
        )
        params["Signature"] = aliyun_signature(params, company.sms_aliyun_access_key_secret or "", method="POST")
        return params

    def _send_one(self, session, template, params, number, uuid):
        company = self._company_sudo()
        data = self._signed_params(
            company,
            {
                "Action": "SendSms",
                "PhoneNumbers": self._format_number(number),
                "SignName": template.sign_name,
                "TemplateCode": template.template_code,
                "TemplateParam": json.dumps(params, ensure_ascii=False),
                "OutId": uuid,
            },
        )
        try:
            response = session.post(self._endpoint(ALIYUN_ENDPOINT), data=data, timeout=TIMEOUT)
            answer = response.json()
        except (requests.exceptions.RequestException, ValueError) as error:
            return self._request_failed(uuid, error)
        code = answer.get("Code") or ""
        state = ALIYUN_CODE_TO_STATE.get(code, "unknown")
        if state == "sent":
            return self._result(uuid, "sent", vendor_id=answer.get("BizId"))
        if state == "unknown":
            _logger.info("Alibaba Cloud SMS: unknown code %s (%s)", code, answer.get("Message"))
        reason = f"{code}: {answer.get('Message') or ''}"
        return self._result(uuid, state, reason, code=code)


class SmsApiTencent(SmsApiChinaBase):
    """Tencent Cloud SMS, ``SendSms`` of API 2021-01-11 (TC3-HMAC-SHA256)."""

    provider = "tencent"

    def _send_one(self, session, template, params, number, uuid):
        company = self._company_sudo()
        endpoint = self._endpoint(TENCENT_ENDPOINT)
        host = urlsplit(endpoint).netloc
        payload = tencent_payload(
            {
                "PhoneNumberSet": [number],
                "SmsSdkAppId": company.sms_tencent_sdk_app_id or "",
                "SignName": template.sign_name,
                "TemplateId": template.template_code,
                "TemplateParamSet": list(params.values()),
                "SessionContext": uuid,
            }
        )
        timestamp = int(time.time())
        headers = {
            "Authorization": tencent_authorization(
                company.sms_tencent_secret_id or "",
                company.sms_tencent_secret_key or "",
                host,
                payload,
                timestamp,
            ),
            "Content-Type": TENCENT_CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Version": "2021-01-11",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": company.sms_tencent_region or "ap-guangzhou",
        }
        try:
            response = session.post(endpoint, data=payload, headers=headers, timeout=TIMEOUT)
            answer = response.json().get("Response") or {}
        except (requests.exceptions.RequestException, ValueError) as error:
            return self._request_failed(uuid, error)
        error = answer.get("Error")
        if error:
            status = {"Code": error.get("Code"), "Message": error.get("Message")}
        else:
            status = (answer.get("SendStatusSet") or [{}])[0]
        code = status.get("Code") or ""
        state = TENCENT_CODE_TO_STATE.get(code)
        if state is None:
            # families of codes: InternalError.*, LimitExceeded.* are transient
            family = code.split(".")[0]
            state = {"InternalError": "server_error", "LimitExceeded": "server_error"}.get(family, "unknown")
        if state == "sent":
            return self._result(uuid, "sent", vendor_id=status.get("SerialNo"))
        if state == "unknown":
            _logger.info("Tencent Cloud SMS: unknown code %s (%s)", code, status.get("Message"))
        reason = f"{code}: {status.get('Message') or ''}"
        return self._result(uuid, state, reason, code=code)
