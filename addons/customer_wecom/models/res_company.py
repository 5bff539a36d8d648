from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wecom_corp_id = fields.Char("WeCom Corp ID", groups="base.group_system")
    wecom_agent_id = fields.Char("WeCom AgentId", groups="base.group_system")
    wecom_secret = fields.Char("WeCom Application Secret", groups="base.group_system")

    def _wecom_configured(self):
        self.ensure_one()
        company = self.sudo()
        return bool(company.wecom_corp_id and company.wecom_agent_id and company.wecom_secret)
