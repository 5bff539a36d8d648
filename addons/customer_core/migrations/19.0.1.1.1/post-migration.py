"""Give Odoo's Apps menu back the groups Odoo gave it: up to 19.0.1.1.0 customer_core restricted
it to Settings administrators for every user; the lines' users are now left out of it by
``ir.ui.menu._visible_menu_ids`` only (#25)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    apps = env.ref("base.menu_management", raise_if_not_found=False)
    if apps and env["ir.module.module"]._get("base_install_request").state == "installed":
        # base_install_request's own value: every employee may open Apps to request a module
        apps.group_ids = [(5, 0, 0)]
