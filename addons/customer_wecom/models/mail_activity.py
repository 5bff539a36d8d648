from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def action_notify(self):
        """Odoo notifies the user an activity was assigned to (by someone else): also on WeCom."""
        result = super().action_notify()
        Message = self.env["customer.wecom.message"]
        for activity in self.filtered(lambda a: a.user_id and a.res_model and a.res_id):
            record = self.env[activity.res_model].browse(activity.res_id)
            summary = activity.summary or activity.activity_type_id.name or ""

            def render(env, activity=activity, record=record, summary=summary):
                activity = activity.with_env(env)
                return (
                    env._("New activity: %(summary)s", summary=summary),
                    env._(
                        "%(type)s on %(record)s, due %(date)s. Assigned by %(user)s.",
                        type=activity.sudo().activity_type_id.name or "",
                        record=record.sudo().display_name,
                        date=activity.date_deadline,
                        user=env.user.name,
                    ),
                )

            Message._notify(activity.user_id, "activity", record, render)
        return result
