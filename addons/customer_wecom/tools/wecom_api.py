"""WeCom (企业微信) server API, as documented: ``GET /cgi-bin/gettoken`` and
``POST /cgi-bin/message/send`` (application message, ``textcard``)."""

import requests

DEFAULT_API = "https://qyapi.weixin.qq.com"
TIMEOUT = 10

# The access token expired or is not (or no longer) valid: fetch a new one and send again.
TOKEN_ERRORS = {40014, 42001, 40082}
# WeCom is busy or throttles: try again later (queue_job's retry pattern).
TRANSIENT_ERRORS = {-1, 45009, 45033, 45011}


class WecomError(Exception):
    def __init__(self, errcode, errmsg):
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


def get_token(api, corp_id, secret, session=None):
    """-> (access_token, expires_in); WecomError on an answer with an errcode."""
    response = (session or requests).get(
        f"{api}/cgi-bin/gettoken",
        params={"corpid": corp_id, "corpsecret": secret},
        timeout=TIMEOUT,
    )
    answer = response.json()
    if answer.get("errcode"):
        raise WecomError(answer["errcode"], answer.get("errmsg"))
    return answer["access_token"], int(answer.get("expires_in") or 7200)


def send_textcard(api, token, agent_id, touser, card, session=None):
    """Send a text card to the WeCom user ids ``touser``; -> the answer (errcode 0).
    WecomError on an answer with an errcode."""
    response = (session or requests).post(
        f"{api}/cgi-bin/message/send",
        params={"access_token": token},
        json={
            "touser": "|".join(touser),
            "msgtype": "textcard",
            "agentid": int(agent_id),
            "textcard": card,
            "enable_duplicate_check": 0,
        },
        timeout=TIMEOUT,
    )
    answer = response.json()
    if answer.get("errcode"):
        raise WecomError(answer["errcode"], answer.get("errmsg"))
    return answer
