import logging
from collections import defaultdict
from datetime import timedelta

import requests

from odoo import api, fields, models

from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

from ..tools import wecom_api

_logger = logging.getLogger(__name__)

EVENT_PREFERENCE = {
    "activity": "wecom_notify_activity",
    "pool": "wecom_notify_pool",
    "approval": "wecom_notify_approval",
}
RETRY_MAX = 5
TITLE_BYTES = 128
DESCRIPTION_BYTES = 512


def _cut(text, size):
    data = (text or "").encode()
    if len(data) <= size:
        return text or ""
    return data[: size - 3].decode(errors="ignore") + "…"


class CustomerWecomMessage(models.AbstractModel):
    """Application messages (text cards) to staff through their company's WeCom application.

    ``_notify(users, event, record, render)`` keeps the users who have a WeCom account and want
    that event, groups them per company (the company's WeCom application) and language, and
    enqueues one job per group: the sending happens after the commit, retried by queue_job.
    """

    _name = "customer.wecom.message"
    _description = "WeCom Message"

    @api.model
    def _api(self):
        return (
            self.env["ir.config_parameter"].sudo().get_param("customer_wecom.api_base") or wecom_api.DEFAULT_API
        ).rstrip("/")

    @api.model
    def _notify(self, users, event, record, render):
        """``render(env)`` -> (title, description) in the language of ``env``."""
        users = users.sudo().filtered(
            lambda u: u.active and u.wecom_userid and u[EVENT_PREFERENCE[event]] and u.company_id._wecom_configured()
        )
        groups = defaultdict(list)
        for user in users:
            groups[(user.company_id, user.lang or "en_US")].append(user.wecom_userid)
        url = f"{record.get_base_url()}/odoo/{record._name}/{record.id}"
        jobs = []
        for (company, lang), touser in groups.items():
            title, description = render(self.with_context(lang=lang).env)
            card = {
                "title": _cut(title, TITLE_BYTES),
                "description": _cut(description, DESCRIPTION_BYTES),
                "url": url,
                "btntxt": self.with_context(lang=lang).env._("Open"),
            }
            jobs.append(
                self.sudo()
                .with_delay(
                    max_retries=RETRY_MAX,
                    description=self.env._("WeCom: %(title)s", title=card["title"]),
                )
                ._send_card(company, sorted(set(touser)), card)
            )
        return jobs

    # ------------------------------------------------------------
    # queue_job
    # ------------------------------------------------------------

    @api.model
    def _get_token(self, company, force=False):
        """The company's cached token, fetched again when it expired (or ``force``)."""
        company = company.sudo()
        Token = self.env["customer.wecom.token"].sudo()
        cached = Token.search([("company_id", "=", company.id)], limit=1)
        if cached and not force and cached.expires_at > fields.Datetime.now():
            return cached.access_token
        token, expires_in = wecom_api.get_token(self._api(), company.wecom_corp_id, company.wecom_secret)
        values = {
            "access_token": token,
            # refreshed 5 minutes before WeCom lets it expire
            "expires_at": fields.Datetime.now() + timedelta(seconds=max(expires_in - 300, 60)),
        }
        if cached:
            cached.write(values)
        else:
            Token.create(dict(values, company_id=company.id))
        return token

    @api.model
    def _send_card(self, company, touser, card):
        """Job: send ``card`` to the WeCom ids ``touser`` through ``company``'s application.
        A token WeCom says expired or invalid (42001, 40014) is fetched again once; WeCom busy or
        unreachable: RetryableJobError (queue_job tries again); any other refusal fails the job
        with WeCom's error."""
        company = company.sudo()
        if not company._wecom_configured():
            return "WeCom is not configured for this company any more"
        api = self._api()
        try:
            token = self._get_token(company)
            try:
                answer = wecom_api.send_textcard(api, token, company.wecom_agent_id, touser, card)
            except wecom_api.WecomError as error:
                if error.errcode not in wecom_api.TOKEN_ERRORS:
                    raise
                token = self._get_token(company, force=True)
                answer = wecom_api.send_textcard(api, token, company.wecom_agent_id, touser, card)
        except requests.exceptions.RequestException as error:
            raise RetryableJobError(f"WeCom unreachable: {error}") from error
        except wecom_api.WecomError as error:
            if error.errcode in wecom_api.TRANSIENT_ERRORS:
                raise RetryableJobError(f"WeCom busy: {error}") from error
            raise FailedJobError(f"WeCom refused the message: {error}") from error
        invalid = answer.get("invaliduser")
        if invalid:
            _logger.info("WeCom: unknown user ids %s in company %s", invalid, company.id)
            return f"Sent; unknown WeCom users: {invalid}"
        return "Sent"
