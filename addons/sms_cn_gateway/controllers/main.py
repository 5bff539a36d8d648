import hmac
import json
import logging

from odoo.http import Controller, request, route

from ..models.sms_tracker import receipt_error

_logger = logging.getLogger(__name__)


class SmsCnGatewayController(Controller):
    """Delivery receipts (状态报告) pushed by the gateways.

    Neither gateway signs its HTTP push, so the address carries the company's secret token
    (``res.company.sms_cn_callback_token``, shown to administrators in the settings): a receipt
    is taken only when the token is the company's, and only for a message that company sent with
    the gateway id the receipt names. Anything else is answered 404 and changes nothing.
    """

    def _company_from_token(self, provider, token):
        companies = (
            request.env["res.company"]
            .sudo()
            .search([("sms_provider", "=", provider), ("sms_cn_callback_token", "!=", False)])
        )
        for company in companies:
            if hmac.compare_digest(company.sms_cn_callback_token, token or ""):
                return company
        return None

    def _reports(self):
        try:
            reports = json.loads(request.httprequest.get_data() or b"[]")
        except ValueError:
            return None
        if isinstance(reports, dict):
            reports = [reports]
        return reports if isinstance(reports, list) else None

    def _apply(self, company, vendor_id, uuid, delivered, code, message):
        """Update the SMS and its tracker (notification, mailing trace) of one receipt."""
        if not vendor_id:
            return False
        sms_sudo = request.env["sms.sms"].sudo().search([("sms_cn_vendor_id", "=", vendor_id)])
        sms_sudo = sms_sudo.filtered(lambda s: s._get_sms_company() == company and (not uuid or s.uuid == uuid))
        tracker_sudo = (
            request.env["sms.tracker"]
            .sudo()
            .search([("sms_cn_vendor_id", "=", vendor_id), ("sms_cn_company_id", "=", company.id)])
        )
        if uuid:
            tracker_sudo = tracker_sudo.filtered(lambda t: t.sms_uuid == uuid)
        if not sms_sudo and not tracker_sudo:
            return False
        tracker_sudo._action_update_from_sms_cn_receipt(delivered, code, message)
        if delivered:
            sms_sudo.write({"state": "sent", "failure_type": False})
        else:
            error = receipt_error(code)
            failure_type = f"sms_{error}"
            if failure_type not in dict(sms_sudo._fields["failure_type"].selection):
                failure_type = "unknown"
            sms_sudo.write({"state": "error", "failure_type": failure_type})
        return True

    @route(
        "/sms_cn_gateway/aliyun/report/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def aliyun_report(self, token, **kwargs):
        company = self._company_from_token("aliyun", token)
        reports = self._reports()
        if not company or reports is None:
            raise request.not_found()
        for report in reports:
            if not isinstance(report, dict):
                continue
            self._apply(
                company,
                str(report.get("biz_id") or ""),
                report.get("out_id") or "",
                report.get("success") in (True, "true"),
                report.get("err_code") or "",
                report.get("err_msg") or "",
            )
        return request.make_json_response({"code": 0, "msg": "成功"})

    @route(
        "/sms_cn_gateway/tencent/report/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def tencent_report(self, token, **kwargs):
        company = self._company_from_token("tencent", token)
        reports = self._reports()
        if not company or reports is None:
            raise request.not_found()
        for report in reports:
            if not isinstance(report, dict):
                continue
            self._apply(
                company,
                str(report.get("sid") or ""),
                report.get("session_context") or "",
                report.get("report_status") == "SUCCESS",
                report.get("errmsg") or "",
                report.get("description") or "",
            )
        return request.make_json_response({"result": 0, "errmsg": "OK"})
