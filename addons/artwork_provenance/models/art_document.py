from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain


class ArtDocument(models.Model):
    _name = "art.document"
    _description = "Artwork Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Title", required=True)
    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="artwork_id.company_id", store=True, index=True)
    document_type = fields.Selection(
        [
            ("certificate", "Certificate of Authenticity"),
            ("invoice", "Invoice"),
            ("import", "Import / Customs Papers"),
            ("condition", "Condition Report"),
            ("insurance", "Insurance Policy"),
            ("loan_agreement", "Loan Agreement"),
            ("publication", "Publication"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="certificate",
    )
    date = fields.Date(default=fields.Date.context_today)
    issuer_id = fields.Many2one("res.partner")
    reference = fields.Char()
    expiry_date = fields.Date(string="Expires On", tracking=True)
    file = fields.Binary(attachment=True)
    file_name = fields.Char()
    expiry_warned = fields.Boolean(copy=False, readonly=True)
    expiry_state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_expiry_state",
        search="_search_expiry_state",
    )

    _dates_check = models.Constraint(
        "CHECK(expiry_date IS NULL OR date IS NULL OR expiry_date >= date)",
        "A document cannot expire before its date.",
    )

    @api.model
    def _warning_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("artwork_provenance.expiry_warning_days", 30))

    @api.depends("expiry_date")
    def _compute_expiry_state(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._warning_days())
        for doc in self:
            if not doc.expiry_date or doc.expiry_date > soon:
                doc.expiry_state = "valid"
            elif doc.expiry_date < today:
                doc.expiry_state = "expired"
            else:
                doc.expiry_state = "expiring"

    def _search_expiry_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._warning_days())
        domains = []
        if "expired" in value:
            domains.append(Domain("expiry_date", "<", today))
        if "expiring" in value:
            domains.append(Domain("expiry_date", ">=", today) & Domain("expiry_date", "<=", soon))
        if "valid" in value:
            domains.append(Domain("expiry_date", "=", False) | Domain("expiry_date", ">", soon))
        return Domain.OR(domains) if domains else Domain.FALSE

    def write(self, vals):
        if "expiry_date" in vals:
            vals["expiry_warned"] = False
        return super().write(vals)

    @api.model
    def _cron_warn_expiring(self):
        """Schedule an activity on each document that expires soon (once per expiry date)."""
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._warning_days())
        docs = self.search([("expiry_date", "!=", False), ("expiry_date", "<=", soon), ("expiry_warned", "=", False)])
        for doc in docs:
            doc.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=max(min(doc.expiry_date, soon), today),
                summary=self.env._("%(document)s expires on %(date)s", document=doc.name, date=doc.expiry_date),
                user_id=doc.create_uid.id or self.env.user.id,
            )
        docs.write({"expiry_warned": True})
        return docs
