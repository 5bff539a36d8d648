from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerTransfer(models.Model):
    """Hand customers over from one salesperson to another (a leaver, a new store...).

    It is also the reference example of the approval pattern of the suite: inherit
    ``tier.validation``, declare the state transition, list the model in
    ``tier.definition._get_tier_validation_model_names`` (see readme/USAGE.md).
    """

    _name = "customer.transfer"
    _description = "Customer Handover"
    _inherit = ["tier.validation", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    _state_field = "state"
    _state_from = ["draft"]
    _state_to = ["done"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    name = fields.Char("Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New"))
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    from_user_id = fields.Many2one("res.users", "From Salesperson", required=True, tracking=True)
    to_user_id = fields.Many2one("res.users", "To Salesperson", required=True, tracking=True)
    partner_ids = fields.Many2many("res.partner", string="Customers", domain="[('user_id', '=', from_user_id)]")
    include_leads = fields.Boolean("Include Open Leads", default=True)
    reason = fields.Text()
    company_id = fields.Many2one(
        "res.company", "Store", required=True, default=lambda self: self.env.company, index=True
    )
    customer_count = fields.Integer("Number of Customers", compute="_compute_customer_count", store=True)

    @api.depends("partner_ids")
    def _compute_customer_count(self):
        for transfer in self:
            transfer.customer_count = len(transfer.partner_ids)

    @api.constrains("from_user_id", "to_user_id")
    def _check_users(self):
        for transfer in self:
            if transfer.from_user_id == transfer.to_user_id:
                raise UserError(self.env._("A handover needs two different salespeople."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.transfer") or "/"
        return super().create(vals_list)

    def action_done(self):
        is_manager = self.env.user.has_group("customer_core.group_customer_manager")
        for transfer in self:
            if not transfer.partner_ids:
                raise UserError(self.env._("Add the customers to hand over."))
            # the handover moves customers past the user's rights (_apply): only the customers of
            # the salesperson handing over, and only by that salesperson, a manager or an approval
            others = transfer.sudo().partner_ids.filtered(lambda p, t=transfer: p.user_id != t.from_user_id)
            if others:
                raise UserError(
                    self.env._(
                        "%(customers)s are not customers of %(user)s: they cannot be handed over by them.",
                        customers=", ".join(others.mapped("display_name")),
                        user=transfer.from_user_id.name,
                    )
                )
            if not (is_manager or transfer.from_user_id == self.env.user or transfer.validation_status == "validated"):
                raise UserError(
                    self.env._(
                        "Only %(user)s, a customer manager or an approved handover can hand over their customers.",
                        user=transfer.from_user_id.name,
                    )
                )
        # tier.validation stops here with a clear message until the reviews are approved
        self.write({"state": "done"})
        for transfer in self:
            transfer._apply()
        return True

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_draft(self):
        self.write({"state": "draft"})

    def _apply(self):
        self.ensure_one()
        partners = self.partner_ids.sudo()
        partners.write({"user_id": self.to_user_id.id})
        if self.include_leads:
            leads = (
                self.env["crm.lead"]
                .sudo()
                .search(
                    [
                        ("partner_id", "in", partners.ids),
                        ("user_id", "=", self.from_user_id.id),
                        ("won_status", "=", "pending"),
                    ]
                )
            )
            leads.write({"user_id": self.to_user_id.id})
        self.message_post(
            body=self.env._(
                "%(count)s customers handed over from %(from_user)s to %(to_user)s.",
                count=len(partners),
                from_user=self.from_user_id.name,
                to_user=self.to_user_id.name,
            )
        )
