from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

FOLLOWUP_MODELS = ("res.partner", "crm.lead")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._sync_next_followup({(a.res_model, a.res_id) for a in activities if a.res_model in FOLLOWUP_MODELS})
        return activities

    def write(self, vals):
        res = super().write(vals)
        if "date_deadline" in vals or "res_id" in vals:
            self._sync_next_followup({(a.res_model, a.res_id) for a in self if a.res_model in FOLLOWUP_MODELS})
        return res

    def action_feedback(self, feedback=False, attachment_ids=None):
        """Closing the last follow-up of a customer or an open lead of a team that requires the next
        one is refused: "Done & Schedule Next" (action_feedback_schedule_next) does not come through
        here. Trusted server code that closes activities calls ``_action_done`` directly."""
        self._check_next_followup_scheduled()
        return super().action_feedback(feedback=feedback, attachment_ids=attachment_ids)

    def _check_next_followup_scheduled(self):
        """The discipline applies to the customers and leads of the teams that opt into it
        (``crm.team.customer_followup_required``), and to nothing else."""
        for activity in self.filtered(lambda a: a.res_model in FOLLOWUP_MODELS and a.res_id):
            if activity.chaining_type == "trigger" and activity.activity_type_id.triggered_next_type_id:
                continue
            # the record and its team are read past the user's rights: the check must not depend on
            # what the user may read
            record = self.env[activity.res_model].sudo().browse(activity.res_id).exists()
            if not record or not record.team_id.customer_followup_required:
                continue
            if activity.res_model == "crm.lead" and (
                not record.active or record.won_status != "pending" or record.in_pool
            ):
                continue
            if activity.res_model == "res.partner" and not record.user_id:
                continue
            remaining = record.activity_ids - self
            if not remaining:
                raise UserError(
                    self.env._(
                        '%(record)s has no other follow-up planned: use "Done & Schedule Next" to plan the next one.',
                        record=record.display_name,
                    )
                )

    def _action_done(self, feedback=False, attachment_ids=None):
        records = {(a.res_model, a.res_id) for a in self if a.res_model in FOLLOWUP_MODELS}
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        self._sync_next_followup(records)
        return res

    def _sync_next_followup(self, records):
        """Next follow-up = the earliest open activity (one UPDATE per model)."""
        for model in FOLLOWUP_MODELS:
            ids = tuple({res_id for res_model, res_id in records if res_model == model and res_id})
            if not ids:
                continue
            self.flush_model(["date_deadline", "res_id", "res_model", "active"])
            table = SQL.identifier(self.env[model]._table)
            self.env.cr.execute(
                SQL(
                    """
                UPDATE %(table)s t
                   SET next_followup_date = (
                       SELECT MIN(a.date_deadline) FROM mail_activity a
                        WHERE a.res_model = %(model)s AND a.res_id = t.id AND a.active)
                 WHERE t.id IN %(ids)s
                """,
                    table=table,
                    model=model,
                    ids=ids,
                )
            )
            self.env[model].invalidate_model(["next_followup_date"])
