"""Local fakes of Alibaba Cloud SMS and Tencent Cloud SMS for the tests (127.0.0.1 only).

Each fake CHECKS what a real gateway checks before it sends: the request signature (recomputed
from the secret it was given), the registered signature and template, the template parameters
(names for Alibaba Cloud, count for Tencent Cloud) and the phone number; it answers with the
vendor's own JSON and error codes. ``errors`` scripts an error code per phone number.
"""

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from odoo.addons.sms_cn_gateway.tools.signing import aliyun_signature, tencent_signature


class FakeGateway:
    """A threaded HTTP server; ``url`` is where the client must be pointed."""

    def __init__(self, secret, templates, signs):
        self.secret = secret
        self.templates = dict(templates)  # code -> parameter names (aliyun) or count (tencent)
        self.signs = set(signs)
        self.errors = {}  # phone number -> vendor code to answer
        self.requests = []  # what was accepted: dicts of the parameters
        self.refused = []  # (code, reason) of what was refused
        self.nonces = set()
        self.counter = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = fake.handle(self.headers, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%s/" % self.server.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def reset(self):
        self.errors.clear()
        self.requests.clear()
        self.refused.clear()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def next_id(self):
        self.counter += 1
        return "%s%06d" % (self.prefix, self.counter)

    def refuse(self, code, reason):
        self.refused.append((code, reason))
        return code, reason


class FakeAliyun(FakeGateway):
    prefix = "900619"

    def handle(self, headers, body):
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
        code, message = self.check(params)
        request_id = "A1B2C3D4-%06d" % len(self.requests)
        if code != "OK":
            return 200 if "." in code else 400, {
                "Code": code,
                "Message": message,
                "RequestId": request_id,
            }
        self.requests.append(params)
        return 200, {"Code": "OK", "Message": "OK", "BizId": self.next_id(), "RequestId": request_id}

    def check(self, params):
        for key in (
            "AccessKeyId",
            "Action",
            "Format",
            "PhoneNumbers",
            "RegionId",
            "Signature",
            "SignatureMethod",
            "SignatureNonce",
            "SignatureVersion",
            "SignName",
            "TemplateCode",
            "Timestamp",
            "Version",
        ):
            if not params.get(key):
                return self.refuse("MissingParameter", key)
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return self.refuse("InvalidSignatureMethod", params["SignatureMethod"])
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return self.refuse("InvalidAction.NotFound", params["Action"])
        if params["AccessKeyId"] != "LTAI-test-key":
            return self.refuse("InvalidAccessKeyId.NotFound", params["AccessKeyId"])
        if aliyun_signature(params, self.secret) != params["Signature"]:
            return self.refuse("SignatureDoesNotMatch", "Specified signature is not matched")
        stamp = datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if abs(datetime.now(UTC) - stamp) > timedelta(minutes=15):
            return self.refuse("InvalidTimeStamp.Expired", params["Timestamp"])
        if params["SignatureNonce"] in self.nonces:
            return self.refuse("SignatureNonceUsed", params["SignatureNonce"])
        self.nonces.add(params["SignatureNonce"])
        number = params["PhoneNumbers"]
        if number in self.errors:
            return self.refuse(self.errors[number], "scripted")
        if not (number.isdigit() and len(number) == 11 and number.startswith("1")):
            return self.refuse("isv.MOBILE_NUMBER_ILLEGAL", number)
        if params["SignName"] not in self.signs:
            return self.refuse("isv.SMS_SIGNATURE_ILLEGAL", params["SignName"])
        if params["TemplateCode"] not in self.templates:
            return self.refuse("isv.SMS_TEMPLATE_ILLEGAL", params["TemplateCode"])
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return self.refuse("isv.INVALID_JSON_PARAM", params.get("TemplateParam"))
        if sorted(values) != sorted(self.templates[params["TemplateCode"]]):
            return self.refuse("isv.TEMPLATE_MISSING_PARAMETERS", sorted(values))
        return "OK", "OK"


class FakeTencent(FakeGateway):
    prefix = "2433:"

    def handle(self, headers, body):
        request_id = "tc-%06d" % len(self.requests)
        code, message, data = self.check(headers, body)
        if code != "Ok" and data is None:
            return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}
        number = data["PhoneNumberSet"][0]
        if code == "Ok":
            self.requests.append(data)
        status = {
            "SerialNo": self.next_id() if code == "Ok" else "",
            "PhoneNumber": number,
            "Fee": 1 if code == "Ok" else 0,
            "SessionContext": data.get("SessionContext", ""),
            "Code": code,
            "Message": message,
            "IsoCode": "CN",
        }
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}}

    def check(self, headers, body):
        authorization = headers.get("Authorization") or ""
        if not authorization.startswith("TC3-HMAC-SHA256 Credential=tc-secret-id/"):
            return (*self.refuse("AuthFailure.SecretIdNotFound", authorization), None)
        if headers.get("X-TC-Action") != "SendSms" or headers.get("X-TC-Version") != "2021-01-11":
            return (*self.refuse("InvalidAction", headers.get("X-TC-Action")), None)
        if headers.get("Content-Type") != "application/json; charset=utf-8":
            return (*self.refuse("InvalidParameter", headers.get("Content-Type")), None)
        timestamp = int(headers.get("X-TC-Timestamp") or 0)
        if abs(datetime.now(UTC).timestamp() - timestamp) > 300:
            return (*self.refuse("AuthFailure.SignatureExpire", timestamp), None)
        expected = tencent_signature(self.secret, headers.get("Host"), body, timestamp)
        if not authorization.endswith("Signature=" + expected):
            return (*self.refuse("AuthFailure.SignatureFailure", "signature"), None)
        data = json.loads(body)
        if data.get("SmsSdkAppId") != "1400123456":
            return (*self.refuse("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "app"), None)
        number = (data.get("PhoneNumberSet") or [""])[0]
        if number in self.errors:
            return (*self.refuse(self.errors[number], "scripted"), data)
        if not (number.startswith("+861") and len(number) == 14):
            return (*self.refuse("InvalidParameterValue.IncorrectPhoneNumber", number), data)
        if data.get("SignName") not in self.signs:
            return (*self.refuse("FailedOperation.SignatureIncorrectOrUnapproved", "sign"), data)
        count = self.templates.get(data.get("TemplateId"))
        if count is None:
            return (*self.refuse("FailedOperation.TemplateIncorrectOrUnapproved", "tpl"), data)
        if len(data.get("TemplateParamSet") or []) != count:
            return (
                *self.refuse("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "params"),
                data,
            )
        return "Ok", "send success", data
