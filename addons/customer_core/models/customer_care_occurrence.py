from odoo import api, fields, models
from odoo.tools import SQL


class CustomerCareOccurrence(models.Model):
    """One row per (rule, key date, occurrence): the unique index is what makes the care job
    create each activity exactly once, however often or late it runs."""

    _name = "customer.care.occurrence"
    _description = "Customer Care Occurrence"
    _order = "occurrence_date desc, id desc"

    rule_id = fields.Many2one("customer.care.rule", required=True, index=True, ondelete="cascade")
    key_date_id = fields.Many2one("customer.key.date", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Customer", index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", "Salesperson", ondelete="set null")
    occurrence_date = fields.Date(required=True)
    activity_id = fields.Many2one("mail.activity", ondelete="set null")
    mail_sent = fields.Boolean()

    _occurrence_uniq = models.Constraint(
        "UNIQUE(rule_id, key_date_id, occurrence_date)",
        "A care rule runs once per occurrence of a date.",
    )

    @api.depends("rule_id.name", "partner_id.name", "occurrence_date")
    def _compute_display_name(self):
        for occurrence in self:
            parts = (occurrence.rule_id.name, occurrence.partner_id.name, str(occurrence.occurrence_date or ""))
            occurrence.display_name = " · ".join(part or "" for part in parts)

    def _create_activities(self):
        """Create the activities (and e-mails) of freshly inserted occurrences, in one batch."""
        if not self:
            return self.env["mail.activity"]
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for occurrence in self:
            rule = occurrence.rule_id
            key_date = occurrence.key_date_id
            vals_list.append(
                {
                    "res_model_id": partner_model_id,
                    "res_id": occurrence.partner_id.id,
                    "activity_type_id": rule.activity_type_id.id,
                    "user_id": occurrence.user_id.id,
                    "date_deadline": occurrence.occurrence_date,
                    "summary": self.env._(
                        "%(date_type)s of %(customer)s",
                        date_type=key_date.date_type_id.name,
                        customer=occurrence.partner_id.name,
                    ),
                    "note": rule.activity_note or False,
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True, customer_care_job=True)
            .create(vals_list)
        )
        # link each occurrence to its activity in one statement
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_care_occurrence o SET activity_id = v.activity_id
                  FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS activity_id) v
                 WHERE o.id = v.id
                """,
                self.ids,
                activities.ids,
            )
        )
        self.invalidate_recordset(["activity_id"])
        for occurrence in self.filtered(lambda o: o.rule_id.mail_template_id):
            occurrence.rule_id.mail_template_id.send_mail(occurrence.partner_id.id)
            occurrence.mail_sent = True
        return activities
