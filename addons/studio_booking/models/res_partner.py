from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    studio_reminder_channel = fields.Selection(
        [
            ("auto", "SMS if a mobile number is known, else e-mail"),
            ("sms", "SMS"),
            ("email", "E-mail"),
        ],
        string="Studio Reminders By",
        default="auto",  # not required: partners inserted in bulk by SQL elsewhere keep working
        help="Empty means automatic (SMS when a mobile number is known, else e-mail).",
    )
    studio_care_coupon_code = fields.Char(
        string="Care Offer Coupon",
        compute="_compute_studio_care_coupon_code",
        groups="studio_booking.group_studio_user",
        help="The code of the customer's care offer coupon still usable today.",
    )

    def _studio_reminder_channel(self):
        """How this customer gets studio reminders: 'sms', 'email' or 'none'."""
        self.ensure_one()
        has_phone = bool(self.phone_sanitized)
        has_email = bool(self.email_normalized)
        preference = self.studio_reminder_channel or "auto"
        if preference == "email" and has_email:
            return "email"
        if preference in ("sms", "auto") and has_phone:
            return "sms"
        if has_email:
            return "email"
        return "sms" if has_phone else "none"

    def _studio_care_coupons(self):
        """The customer's care offer coupons still usable today, newest first."""
        today = fields.Date.context_today(self)
        return (
            self.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids + self.ids),
                    ("program_id", "in", self.env["customer.care.rule"].sudo().search([]).studio_coupon_program_id.ids),
                    ("points", ">=", 1),
                    "|",
                    ("expiration_date", "=", False),
                    ("expiration_date", ">=", today),
                ],
                order="id desc",
            )
        )

    def _compute_studio_care_coupon_code(self):
        for partner in self:
            partner.studio_care_coupon_code = partner._studio_care_coupons()[:1].code
