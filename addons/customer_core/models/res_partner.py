from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.interaction.mixin"]

    interaction_ids = fields.One2many(
        "customer.interaction", "partner_id", string="Interactions", domain=[], bypass_search_access=False
    )
    last_contact_date = fields.Datetime(
        "Last Contact",
        index=True,
        copy=False,
        help="Moved forward by every interaction logged with this customer.",
    )
    next_followup_date = fields.Date("Next Follow-up", index=True, copy=False)
    followup_overdue = fields.Boolean(
        "Follow-up Overdue", compute="_compute_followup_overdue", search="_search_followup_overdue"
    )
    key_date_ids = fields.One2many("customer.key.date", "partner_id", string="Key Dates")
    customer_category_id = fields.Many2one(
        "customer.category",
        index="btree_not_null",
        help="Decides which custom fields (properties) the customer has.",
    )
    customer_properties = fields.Properties(
        "Custom Fields",
        definition="customer_category_id.properties_definition",
        copy=True,
    )
    # sensitive data: only the group "private customer data" ever receives these fields
    private_phone = fields.Char(groups="customer_core.group_customer_sensitive")
    private_address = fields.Text(groups="customer_core.group_customer_sensitive")
    birthday = fields.Date(
        compute="_compute_birthday",
        inverse="_inverse_birthday",
        store=True,
        groups="customer_core.group_customer_sensitive",
    )
    customer_budget = fields.Monetary(
        "Budget",
        currency_field="customer_currency_id",
        groups="customer_core.group_customer_sensitive",
    )
    customer_currency_id = fields.Many2one(
        "res.currency",
        "Budget Currency",
        default=lambda self: self.env.company.currency_id,
    )

    @api.depends("key_date_ids.date", "key_date_ids.date_type_id")
    def _compute_birthday(self):
        birthday_type = self.env.ref("customer_core.date_type_birthday", raise_if_not_found=False)
        for partner in self:
            dates = partner.key_date_ids.filtered(lambda d: d.date_type_id == birthday_type)
            partner.birthday = dates[:1].date

    def _inverse_birthday(self):
        birthday_type = self.env.ref("customer_core.date_type_birthday")
        for partner in self:
            dates = partner.sudo().key_date_ids.filtered(lambda d: d.date_type_id == birthday_type)
            if partner.birthday and dates:
                dates[:1].date = partner.birthday
            elif partner.birthday:
                self.env["customer.key.date"].sudo().create(
                    {
                        "partner_id": partner.id,
                        "date_type_id": birthday_type.id,
                        "date": partner.birthday,
                    }
                )
            elif dates:
                dates.unlink()

    @api.depends("next_followup_date")
    @api.depends_context("tz")
    def _compute_followup_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.followup_overdue = bool(partner.next_followup_date and partner.next_followup_date < today)

    def _search_followup_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("next_followup_date", "<", fields.Date.context_today(self))
        return domain if operator == "in" and True in value else ~domain

    def _compute_interaction_count(self):
        counts = dict(
            self.env["customer.interaction"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.interaction_count = counts.get(partner, 0)

    def _customer_interaction_domain(self):
        return [("partner_id", "in", self.ids)]

    def _customer_interaction_defaults(self):
        self.ensure_one()
        return {"default_partner_id": self.id}

    def action_view_key_dates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Key Dates"),
            "res_model": "customer.key.date",
            "view_mode": "list,calendar,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
        }
