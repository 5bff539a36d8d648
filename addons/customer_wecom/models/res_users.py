from odoo import fields, models

WECOM_FIELDS = [
    "wecom_userid",
    "wecom_notify_activity",
    "wecom_notify_pool",
    "wecom_notify_approval",
]


class ResUsers(models.Model):
    _inherit = "res.users"

    wecom_userid = fields.Char(
        "WeCom User ID",
        copy=False,
        help="Your account (帐号) in the company's WeCom address book: messages for you go there.",
    )
    wecom_notify_activity = fields.Boolean("WeCom: activities assigned to me", default=True)
    wecom_notify_pool = fields.Boolean("WeCom: pool claims and returns", default=True)
    wecom_notify_approval = fields.Boolean("WeCom: approvals waiting for me", default=True)

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + WECOM_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + WECOM_FIELDS
