from datetime import timedelta

import babel
import babel.dates

from odoo import api, fields, models
from odoo.exceptions import UserError


class StudioSlotWizard(models.TransientModel):
    _name = "studio.slot.wizard"
    _description = "Find a Free Slot for a Shoot"

    company_id = fields.Many2one(
        "res.company",
        string="Store",
        required=True,
        default=lambda self: self.env.company,
    )
    package_id = fields.Many2one(
        "product.product",
        required=True,
        domain="[('is_studio_package', '=', True)]",
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    sale_order_id = fields.Many2one("sale.order", string="Order")
    date_from = fields.Datetime(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Datetime(
        string="To",
        required=True,
        default=lambda self: self._default_date_from() + timedelta(days=14),
    )
    duration = fields.Float(string="Hours", compute="_compute_from_package", store=True, readonly=False)
    setup_minutes = fields.Integer(string="Set-up (min)", compute="_compute_from_package", store=True, readonly=False)
    cleanup_minutes = fields.Integer(
        string="Clean-up (min)",
        compute="_compute_from_package",
        store=True,
        readonly=False,
    )
    count = fields.Integer(string="Suggestions", default=5)
    step_minutes = fields.Integer(string="Every (min)", default=60)
    suggestion_ids = fields.One2many("studio.slot.suggestion", "wizard_id", string="Free Slots")
    searched = fields.Boolean()

    @api.model
    def _default_date_from(self):
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        return now + timedelta(hours=1)

    @api.depends("package_id")
    def _compute_from_package(self):
        for wizard in self:
            package = wizard.package_id
            wizard.duration = package.studio_hours or 2.0
            wizard.setup_minutes = package.studio_setup_minutes if package else 30
            wizard.cleanup_minutes = package.studio_cleanup_minutes if package else 15

    def _requirements(self):
        self.ensure_one()
        requirements = self.package_id.product_tmpl_id._studio_requirements()
        if not requirements:
            raise UserError(
                self.env._(
                    "The package %(package)s lists no required resources: add them on the package first.",
                    package=self.package_id.display_name,
                )
            )
        return requirements

    def action_search(self):
        self.ensure_one()
        if self.date_to <= self.date_from:
            raise UserError(self.env._("The search must end after it starts."))
        if self.count <= 0 or self.duration <= 0:
            raise UserError(self.env._("Ask for at least one suggestion of a positive length."))
        slots = self.env["resource.resource"]._studio_find_slots(
            self._requirements(),
            self.company_id,
            self.date_from,
            self.date_to,
            self.duration,
            setup=self.setup_minutes,
            cleanup=self.cleanup_minutes,
            limit=self.count,
            step=self.step_minutes or 60,
        )
        self.suggestion_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "start": slot["start"],
                    "stop": slot["stop"],
                    "resource_ids": [fields.Command.set(slot["resource_ids"])],
                }
            )
            for slot in slots
        ]
        self.searched = True
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find a Free Slot"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class StudioSlotSuggestion(models.TransientModel):
    _name = "studio.slot.suggestion"
    _description = "Free Slot Suggestion"
    _order = "start"

    wizard_id = fields.Many2one("studio.slot.wizard", required=True, ondelete="cascade")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(string="End", required=True)
    resource_ids = fields.Many2many("resource.resource", string="Team and Rooms")
    label = fields.Char(string="When", compute="_compute_label")

    @api.depends("start", "stop")
    def _compute_label(self):
        """The day as the user's language writes it (12月9日周三, Wed, Dec 9) and the hours."""
        locale = babel.Locale.parse(self.env["res.lang"]._get_data(code=self.env.lang or "en_US").iso_code or "en")
        for suggestion in self:
            if not suggestion.start or not suggestion.stop:
                suggestion.label = False
                continue
            start = fields.Datetime.context_timestamp(self, suggestion.start)
            stop = fields.Datetime.context_timestamp(self, suggestion.stop)
            day = babel.dates.format_skeleton("MMMEd", start, locale=locale)
            suggestion.label = f"{day} {start:%H:%M}–{stop:%H:%M}"

    def action_book(self):
        self.ensure_one()
        wizard = self.wizard_id
        if not wizard.partner_id:
            raise UserError(self.env._("Choose the customer before booking."))
        booking = self.env["studio.booking"].create(
            {
                "company_id": wizard.company_id.id,
                "partner_id": wizard.partner_id.id,
                "sale_order_id": wizard.sale_order_id.id,
                "package_id": wizard.package_id.id,
                "start": self.start,
                "stop": self.stop,
                "setup_minutes": wizard.setup_minutes,
                "cleanup_minutes": wizard.cleanup_minutes,
                "line_ids": [fields.Command.create({"resource_id": resource.id}) for resource in self.resource_ids],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "studio.booking",
            "res_id": booking.id,
            "view_mode": "form",
            "target": "current",
        }
