from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.customer_interaction import INTERACTION_TYPES


class CustomerInteractionLog(models.TransientModel):
    """The two-click dialog of the partner and lead forms: log what happened, plan what's next."""

    _name = "customer.interaction.log"
    _description = "Log an Interaction"

    interaction_type = fields.Selection(INTERACTION_TYPES, "Type", required=True, default="call")
    name = fields.Char("Subject")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    duration = fields.Float("Duration (hours)")
    summary = fields.Text()
    partner_id = fields.Many2one("res.partner", "Customer", required=True)
    lead_id = fields.Many2one("crm.lead", "Lead/Opportunity")
    res_model = fields.Char("Related Model")
    res_id = fields.Many2oneReference("Related Record", model_field="res_model")
    next_followup_date = fields.Date("Next Follow-up")
    next_activity_type_id = fields.Many2one(
        "mail.activity.type",
        "Next Activity",
        domain="[('res_model', 'in', (False, 'res.partner', 'crm.lead'))]",
    )
    next_activity_summary = fields.Char("Next Step")

    @api.onchange("next_activity_type_id")
    def _onchange_next_activity_type_id(self):
        if self.next_activity_type_id and not self.next_followup_date:
            self.next_followup_date = self.next_activity_type_id._get_date_deadline()

    def action_log(self):
        self.ensure_one()
        if self.next_activity_type_id and not self.next_followup_date:
            raise UserError(self.env._("Set the date of the next follow-up."))
        type_label = dict(self._fields["interaction_type"]._description_selection(self.env))[self.interaction_type]
        interaction = self.env["customer.interaction"].create(
            {
                "name": self.name or type_label,
                "interaction_type": self.interaction_type,
                "date": self.date,
                "duration": self.duration,
                "summary": self.summary,
                "partner_id": self.partner_id.id,
                "lead_id": self.lead_id.id,
                "res_model": self.res_model or False,
                "res_id": self.res_id or False,
            }
        )
        target = self.lead_id or self.partner_id
        if self.next_activity_type_id:
            target.activity_schedule(
                activity_type_id=self.next_activity_type_id.id,
                date_deadline=self.next_followup_date,
                summary=self.next_activity_summary or False,
                user_id=(target.user_id or self.env.user).id,
            )
        elif self.next_followup_date:
            target.next_followup_date = self.next_followup_date
        return {"type": "ir.actions.act_window_close", "infos": {"interaction_id": interaction.id}}
