"""Request signing of the two vendors' documented HTTP APIs (no SDK needed).

- Alibaba Cloud (Dysmsapi, RPC style): signature version 1.0, HMAC-SHA1 over
  ``METHOD&%2F&percent(canonical query)`` with the key ``AccessKeySecret + "&"``.
- Tencent Cloud (API 3.0): TC3-HMAC-SHA256 over the canonical request, with the key
  derived from ``"TC3" + SecretKey``, the UTC date, the service and ``tc3_request``.

The fake servers of the tests import these functions to CHECK what the client sent; the
functions follow the vendors' documentation step by step, so the fakes check the wire format
the vendors check.
"""

import base64
import hashlib
import hmac
import json
from urllib.parse import quote


def aliyun_percent_encode(value):
    """RFC 3986 encoding as Alibaba Cloud documents it: spaces as %20, ``*`` as %2A, ``~`` kept."""
    return quote(str(value), safe="~")


def aliyun_canonical_query(params):
    return "&".join(
        f"{aliyun_percent_encode(key)}={aliyun_percent_encode(params[key])}"
        for key in sorted(params)
        if key != "Signature"
    )


def aliyun_signature(params, access_key_secret, method="POST"):
    string_to_sign = "&".join(
        [
            method.upper(),
            aliyun_percent_encode("/"),
            aliyun_percent_encode(aliyun_canonical_query(params)),
        ]
    )
    digest = hmac.new((access_key_secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def _hmac_sha256(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


TENCENT_CONTENT_TYPE = "application/json; charset=utf-8"


def tencent_signature(secret_key, host, payload, timestamp, service="sms"):
    """The hex signature of a TC3-HMAC-SHA256 POST of ``payload`` (bytes) to ``host``."""
    date = _utc_date(timestamp)
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{TENCENT_CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            _sha256_hex(payload),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, _sha256_hex(canonical_request.encode())])
    secret_date = _hmac_sha256(("TC3" + secret_key).encode(), date)
    secret_service = _hmac_sha256(secret_date, service)
    secret_signing = _hmac_sha256(secret_service, "tc3_request")
    return hmac.new(secret_signing, string_to_sign.encode(), hashlib.sha256).hexdigest()


def tencent_authorization(secret_id, secret_key, host, payload, timestamp, service="sms"):
    date = _utc_date(timestamp)
    signature = tencent_signature(secret_key, host, payload, timestamp, service=service)
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{date}/{service}/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


def tencent_payload(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _utc_date(timestamp):
    import datetime

    return datetime.datetime.fromtimestamp(int(timestamp), datetime.UTC).strftime("%Y-%m-%d")
