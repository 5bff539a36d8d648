from odoo import fields, models

# Delivery report codes (the carriers' SMPP stat/err, passed on by both gateways) -> Odoo's
# delivery errors (sms.sms DELIVERY_ERRORS without their "sms_" prefix).
RECEIPT_CODE_TO_ERROR = {
    "EXPIRED": "expired",
    "REJECTD": "rejected",
    "REJECTED": "rejected",
    "BLACK": "rejected",
    "UNDELIV": "not_delivered",
    "DELETED": "not_delivered",
    "MN:0001": "invalid_destination",  # 空号 number does not exist
    "MN:0011": "invalid_destination",  # 停机 line suspended
    "IC:0001": "invalid_destination",
    "MI:0013": "not_allowed",  # 用户拒收
}


def receipt_error(code):
    code = (code or "").upper()
    if code in RECEIPT_CODE_TO_ERROR:
        return RECEIPT_CODE_TO_ERROR[code]
    for key, error in RECEIPT_CODE_TO_ERROR.items():
        if key in code:
            return error
    return "not_delivered"


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    sms_cn_vendor_id = fields.Char("Gateway Message ID", readonly=True, index="btree_not_null")
    sms_cn_company_id = fields.Many2one("res.company", "Gateway Company", readonly=True)

    def _action_update_from_sms_cn_receipt(self, delivered, code, message):
        if delivered:
            return self._action_update_from_sms_state("sent")
        return self.with_context(
            sms_known_failure_reason=f"{code}: {message}" if message else code
        )._action_update_from_provider_error(receipt_error(code))
