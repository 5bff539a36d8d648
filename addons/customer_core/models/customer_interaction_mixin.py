from odoo import api, fields, models


class CustomerInteractionMixin(models.AbstractModel):
    """Inherit on any model an interaction can be about (an artwork, a booking...)."""

    _name = "customer.interaction.mixin"
    _description = "Customer Interaction Mixin"

    interaction_ids = fields.One2many(
        "customer.interaction",
        "res_id",
        string="Interactions",
        domain=lambda self: [("res_model", "=", self._name)],
        bypass_search_access=True,
    )
    interaction_count = fields.Integer(compute="_compute_interaction_count")

    @api.depends("interaction_ids")
    def _compute_interaction_count(self):
        counts = dict(
            self.env["customer.interaction"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for record in self:
            record.interaction_count = counts.get(record.id, 0)

    def _customer_interaction_partner(self):
        """The customer an interaction about this record is logged for (override freely)."""
        self.ensure_one()
        return self["partner_id"] if "partner_id" in self._fields else self.env["res.partner"]

    def _customer_interaction_domain(self):
        return [("res_model", "=", self._name), ("res_id", "in", self.ids)]

    def _customer_interaction_defaults(self):
        self.ensure_one()
        partner = self._customer_interaction_partner()
        return {
            "default_res_model": self._name,
            "default_res_id": self.id,
            "default_partner_id": partner.id,
        }

    def action_view_interactions(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_core.customer_interaction_action")
        action["domain"] = self._customer_interaction_domain()
        action["context"] = self._customer_interaction_defaults() if len(self) == 1 else {}
        return action

    def action_log_interaction(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log an Interaction"),
            "res_model": "customer.interaction.log",
            "view_mode": "form",
            "target": "new",
            "context": self._customer_interaction_defaults(),
        }
