from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The balance no longer falls due before the shoot: stores on the old rule pay on the shoot day."""
    cr.execute("SELECT id FROM res_company WHERE studio_balance_due_mode = 'before_shoot'")
    company_ids = [row[0] for row in cr.fetchall()]
    if company_ids:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.company"].browse(company_ids).write(
            {"studio_balance_due_mode": "after_shoot", "studio_balance_due_days": 0}
        )
