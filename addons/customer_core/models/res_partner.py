from odoo import api, fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.followup.mixin", "customer.pool.mixin", "customer.pinyin.mixin"]
    # Odoo's list, and the pinyin key: 张伟 is found by "zhangwei" or "zw" wherever a customer is searched
    _rec_names_search = ["complete_name", "email", "ref", "vat", "company_registry", "name_pinyin"]

    interaction_ids = fields.One2many(
        "customer.interaction",
        "partner_id",
        string="Interactions",
        domain=[],
        bypass_search_access=False,
        groups="customer_core.group_customer_user",
    )
    # the interaction log is the customer users': users of Odoo's own apps open these records without it
    interaction_count = fields.Integer(groups="customer_core.group_customer_user")
    last_contact_date = fields.Datetime(help="Moved forward by every interaction logged with this customer.")
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        index="btree_not_null",
        help="The team whose public pool the customer returns to when its salesperson stops following it up.",
    )
    pool_history_ids = fields.One2many(
        "customer.pool.history", "partner_id", groups="customer_core.group_customer_user"
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
    store_properties = fields.Properties(
        "Store Fields",
        definition="company_id.customer_properties_definition",
        copy=True,
        help="The custom fields the store (company) of the customer defines for all its customers.",
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

    def _customer_interaction_defaults(self):
        self.ensure_one()
        return {"default_partner_id": self.id}

    def _pool_label(self):
        return self.env._("customers")

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
