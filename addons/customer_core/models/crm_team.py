from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _get_lead_to_assign_domain(self):
        # leads in the public pool are claimed by people, not handed out by the engine
        return super()._get_lead_to_assign_domain() + [("in_pool", "=", False)]
