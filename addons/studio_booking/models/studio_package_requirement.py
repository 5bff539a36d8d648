from odoo import api, fields, models

from .resource_resource import STUDIO_LEVELS, STUDIO_PEOPLE_ROLES, STUDIO_ROLES


class StudioPackageRequirement(models.Model):
    _name = "studio.package.requirement"
    _description = "Resource Needed by a Studio Package"
    _order = "product_tmpl_id, sequence, id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Package",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    role = fields.Selection(STUDIO_ROLES, required=True)
    quantity = fields.Integer(default=1, required=True)
    min_level = fields.Selection(STUDIO_LEVELS, string="Minimum Level")
    room_type_id = fields.Many2one("studio.room.type")

    _quantity_positive = models.Constraint(
        "CHECK (quantity > 0)",
        "A package needs at least one resource of each kind it lists.",
    )

    @api.onchange("role")
    def _onchange_role(self):
        if self.role not in STUDIO_PEOPLE_ROLES:
            self.min_level = False
        if self.role not in ("room", "outdoor"):
            self.room_type_id = False

    def _as_requirement(self):
        self.ensure_one()
        return {
            "role": self.role,
            "quantity": self.quantity,
            "min_level": self.min_level,
            "room_type_id": self.room_type_id.id,
        }
