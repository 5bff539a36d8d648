from odoo import api, models


class CustomerPoolHistory(models.Model):
    _inherit = "customer.pool.history"

    @api.model_create_multi
    def create(self, vals_list):
        histories = super().create(vals_list)
        histories._wecom_notify()
        return histories

    def _wecom_notify(self):
        """A claim tells the team leader; a return tells who held the record (unless it is the
        one returning it)."""
        Message = self.env["customer.wecom.message"]
        actor = self.env.user
        for history in self.sudo():
            record = history.lead_id or history.partner_id
            if not record:
                continue
            team = history.team_id
            if history.action == "claim":
                users = team.user_id - history.user_id

                def render(env, history=history, record=record, team=team):
                    return (
                        env._("Claimed from the pool: %(record)s", record=record.display_name),
                        env._(
                            "%(user)s claimed %(record)s from the pool of %(team)s.",
                            user=history.user_id.name,
                            record=record.display_name,
                            team=team.with_env(env).name or "",
                        ),
                    )

            else:
                users = history.user_id - actor

                def render(env, history=history, record=record, team=team):
                    reasons = dict(history._fields["reason"]._description_selection(env))
                    return (
                        env._("Returned to the pool: %(record)s", record=record.display_name),
                        env._(
                            "%(record)s went back to the pool of %(team)s (%(reason)s).",
                            record=record.display_name,
                            team=team.with_env(env).name or "",
                            reason=reasons.get(history.reason, history.reason or ""),
                        ),
                    )

            if users:
                Message._notify(users, "pool", record, render)
