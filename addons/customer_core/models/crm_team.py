from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    customer_followup_required = fields.Boolean(
        "Require Next Follow-up",
        help="A salesperson of this team who marks the last follow-up activity of one of the team's "
        "customers or open leads as done must schedule the next one. Other teams' activities, and "
        "those of other models, are not affected.",
    )

    def _get_lead_to_assign_domain(self):
        # leads in the public pool are claimed by people, not handed out by the engine
        return super()._get_lead_to_assign_domain() + [("in_pool", "=", False)]
