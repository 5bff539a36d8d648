from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _visible_menu_ids(self, debug=False):
        """Odoo's base_install_request shows every employee the Apps menu, so that anyone may
        request a module. The lines' roles (a store cashier, a studio consultant, a registrar) have
        no work there: a user of the customer lines who is not a Settings administrator is not shown
        Apps. A user of Odoo's own apps alone keeps Odoo's behaviour (#23 point 5, #25)."""
        visible = super()._visible_menu_ids(debug)
        user = self.env.user
        if not user.has_group("customer_core.group_customer_user") or user.has_group("base.group_system"):
            return visible
        apps = self.env.ref("base.menu_management", raise_if_not_found=False)
        if not apps or apps.id not in visible:
            return visible
        hidden = self.sudo().with_context(active_test=False).search([("id", "child_of", apps.id)])
        return visible - frozenset(hidden.ids)
