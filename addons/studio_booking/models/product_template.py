from odoo import api, fields, models

STUDIO_SHOOT_TYPES = [
    ("wedding", "Wedding"),
    ("baby", "Baby"),
    ("family", "Family"),
    ("portrait", "Portrait"),
    ("maternity", "Maternity"),
    ("other", "Other"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_studio_package = fields.Boolean(string="Studio Package")
    studio_shoot_type = fields.Selection(STUDIO_SHOOT_TYPES, string="Shoot Type")
    studio_looks = fields.Integer(string="Looks / Costumes")
    studio_hours = fields.Float(string="Shoot Hours", default=2.0)
    studio_setup_minutes = fields.Integer(string="Set-up (min)", default=30)
    studio_cleanup_minutes = fields.Integer(string="Clean-up (min)", default=15)
    studio_photos_delivered = fields.Integer(string="Photos Delivered")
    studio_retouched_photos = fields.Integer(string="Retouched Photos")
    studio_album_pages = fields.Integer(string="Album Pages")
    studio_album_material = fields.Selection(
        [
            ("crystal", "Crystal"),
            ("leather", "Leather"),
            ("wood", "Wood"),
            ("silk", "Silk"),
            ("paper", "Art Paper"),
        ],
        string="Album Material",
    )
    studio_frames = fields.Integer(string="Frames")
    studio_makeup_sessions = fields.Integer(string="Make-up Sessions")
    studio_online_booking = fields.Boolean(
        string="Bookable Online",
        help="Customers can choose a time for this package on the public booking page of each store.",
    )
    studio_requirement_ids = fields.One2many(
        "studio.package.requirement", "product_tmpl_id", string="Required Resources"
    )
    studio_component_ids = fields.One2many("studio.package.component", "product_tmpl_id", string="Parts")
    studio_parts_price = fields.Monetary(string="Price of Parts", compute="_compute_studio_parts", compute_sudo=True)
    studio_parts_cost = fields.Monetary(string="Cost of Parts", compute="_compute_studio_parts", compute_sudo=True)

    _studio_hours_positive = models.Constraint(
        "CHECK (studio_hours IS NULL OR studio_hours >= 0)",
        "The shoot hours of a package cannot be negative.",
    )

    @api.depends("studio_component_ids.price_subtotal", "studio_component_ids.cost_subtotal")
    def _compute_studio_parts(self):
        for template in self:
            template.studio_parts_price = sum(template.studio_component_ids.mapped("price_subtotal"))
            template.studio_parts_cost = sum(template.studio_component_ids.mapped("cost_subtotal"))

    @api.onchange("studio_component_ids")
    def _onchange_studio_component_ids(self):
        if self.is_studio_package and self.studio_component_ids:
            self.list_price = self.studio_parts_price
            self.standard_price = self.studio_parts_cost

    def action_studio_apply_parts_price(self):
        """Set the sales price and the cost of the packages from their parts."""
        for template in self.filtered("studio_component_ids"):
            template.write(
                {
                    "list_price": template.studio_parts_price,
                    "standard_price": template.studio_parts_cost,
                }
            )
        return True

    def _studio_requirements(self):
        self.ensure_one()
        return [req._as_requirement() for req in self.studio_requirement_ids]
