from odoo import api, models


class ResPartnerRelationType(models.Model):
    _inherit = "res.partner.relation.type"

    @api.model
    def get_partner_types(self):
        """partner_multi_relation's labels, translated here: its own code terms have no zh_CN, and
        only a module's own .po translates the `env._` of its code."""
        organisation = self.env._("Organisation")
        person = self.env._("Person")
        return [("c", organisation), ("p", person)]
