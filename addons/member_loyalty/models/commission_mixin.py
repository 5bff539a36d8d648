from odoo import api, models


class CommissionMixin(models.AbstractModel):
    """The commission column of order and invoice lines in the reader's language. OCA's
    commission_oca writes it in its Python code ("No commission agents"), whose terms only its own
    .po can translate (Odoo reads a module's code terms from that module's i18n folders, never
    from another addon's i18n_extra): the same statuses, as terms of this addon."""

    _inherit = "commission.mixin"

    @api.depends("commission_free", "agent_ids")
    def _compute_commission_status(self):
        for line in self:
            count = len(line.agent_ids)
            if line.commission_free:
                line.commission_status = self.env._("Comm. free")
            elif not count:
                line.commission_status = self.env._("No commission agents")
            elif count == 1:
                line.commission_status = self.env._("1 commission agent")
            else:
                line.commission_status = self.env._("%(count)s commission agents", count=count)
