from odoo import api, fields, models
from odoo.tools import SQL

REMINDER_KINDS = [
    ("shoot", "Before the Shoot"),
    ("balance", "Balance Due"),
    ("selection", "Selection Not Made"),
    ("selection_link", "Selection Link"),
    ("review_link", "First Retouch Review Link"),
    ("pickup", "Ready for Pickup"),
    ("confirmed", "Booking Confirmed (E-mail)"),
    ("confirmed_sms", "Booking Confirmed (SMS)"),
]


class StudioReminder(models.Model):
    """One row per reminder sent: the unique key makes a second sending impossible,
    whichever job, button or worker tries it."""

    _name = "studio.reminder"
    _description = "Studio Reminder Sent"
    _order = "id desc"

    kind = fields.Selection(REMINDER_KINDS, required=True, readonly=True)
    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, readonly=True)
    occurrence = fields.Integer(
        default=0, readonly=True, help="Distinguishes reminders that may go out again (a new selection version)."
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True, index=True)
    channel = fields.Selection([("sms", "SMS"), ("email", "E-mail"), ("none", "No Contact")], readonly=True)
    sms_id = fields.Many2one("sms.sms", string="SMS", readonly=True, ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    create_date = fields.Datetime(string="Sent On", readonly=True)

    _once = models.UniqueIndex("(kind, res_model, res_id, occurrence)")

    @api.model
    def _claim(self, kind, record, occurrence=0):
        """Reserve the right to send this reminder; an empty recordset when it went out already.

        ON CONFLICT DO NOTHING: a second job (or a concurrent one, once the first commits)
        gets nothing back and sends nothing."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO studio_reminder (kind, res_model, res_id, occurrence, partner_id, company_id,
                                             create_uid, create_date, write_uid, write_date)
                VALUES (%(kind)s, %(model)s, %(res_id)s, %(occurrence)s, %(partner)s, %(company)s,
                        %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc')
                ON CONFLICT (kind, res_model, res_id, occurrence) DO NOTHING
                RETURNING id
                """,
                kind=kind,
                model=record._name,
                res_id=record.id,
                occurrence=occurrence,
                partner=record.partner_id.id or None,
                company=record.company_id.id or None,
                uid=self.env.uid,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _send(self, kind, record, mail_template=None, sms_template=None, occurrence=0):
        """Send one reminder about record to its customer, by SMS or e-mail as the customer
        prefers (or can be reached), at most once. Returns the reminder row or an empty set."""
        reminder = self._claim(kind, record, occurrence)
        if not reminder:
            return reminder
        partner = record.partner_id
        channel = partner._studio_reminder_channel() if partner else "none"
        if channel == "sms" and not sms_template:
            channel = "email" if partner.email else "none"
        if channel == "email" and not mail_template:
            channel = "none"
        # mail_template may be a function posting the e-mail itself (a chatter message to the customer)
        values = {"channel": channel}
        if channel == "sms":
            message = record._message_sms_with_template(
                template=sms_template, partner_ids=partner.ids, put_in_queue=True
            )
            values["sms_id"] = self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)], limit=1).id
        elif channel == "email" and callable(mail_template):
            mail_template(record)
        elif channel == "email":
            values["mail_id"] = mail_template.send_mail(record.id)
        reminder.write(values)
        return reminder
