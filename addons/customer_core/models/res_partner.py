from odoo import api, fields, models
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition
from odoo.tools import SQL

from ..tools.pinyin import is_selective_pinyin

# the columns Odoo's partner name search ORs with the pinyin key (``_rec_names_search``), each
# given a trigram index so that the whole OR is served by indexes (partial: most are empty)
NAME_SEARCH_TRIGRAM_COLUMNS = ("complete_name", "email", "ref", "vat", "company_registry")
# fields whose ``ilike`` the trigram indexes serve
TRIGRAM_SEARCH_FIELDS = ("display_name", "complete_name", "name_pinyin")
# set by ``_search`` for ``_order_field_to_sql`` (a plan choice, never what is found)
ORDER_BY_VALUE = "customer_core_order_by_value"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.followup.mixin", "customer.pool.mixin", "customer.pinyin.mixin"]
    # Odoo's list, and the pinyin key: 张伟 is found by "zhangwei" or "zw" wherever a customer is searched
    _rec_names_search = ["complete_name", "email", "ref", "vat", "company_registry", "name_pinyin"]

    # the third level of a Chinese address (区/县) under Odoo's province (state_id) and city
    district = fields.Char(help="District or county (区/县) of the address, under its city.")
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

    def init(self):
        """Trigram indexes (GIN) on the columns Odoo's name search ORs with the pinyin key, and no
        pending list on them or on the key's: a search reads the index as it is, not a list of
        the latest writes scanned one by one (4 MB of them took 80 to 160 ms per search over
        1,000,000 customers, against 15 ms once merged)."""
        super().init()
        if not self.env.registry.has_trigram:
            return
        cr = self.env.cr
        for column in NAME_SEARCH_TRIGRAM_COLUMNS:
            index = f"res_partner__{column}_trgm_index"
            cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON res_partner USING gin (%s gin_trgm_ops) "
                    "WITH (fastupdate = off) WHERE %s IS NOT NULL",
                    SQL.identifier(index),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
        # the key's own index, under the name Odoo gives it (on a new database this runs before
        # Odoo creates the fields' indexes, which then finds it there)
        cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner__name_pinyin_index ON res_partner "
            "USING gin (name_pinyin gin_trgm_ops) WITH (fastupdate = off)"
        )
        cr.execute(
            "SELECT 1 FROM pg_class WHERE relname = 'res_partner__name_pinyin_index' "
            "AND NOT coalesce('fastupdate=off' = ANY(reloptions), false)"
        )
        if cr.rowcount:
            cr.execute("ALTER INDEX res_partner__name_pinyin_index SET (fastupdate = off)")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False):
        """A name search by pinyin that few names contain ("zhangwei", "zwm") sorts its matches by
        value, not along the ``complete_name`` index. Along the index, PostgreSQL reads the
        customers in name order until it has ``limit`` matches: those of 张伟 come after most of
        the table (3 s over 1,000,000 customers); by value, it takes the matches from the trigram
        indexes and sorts them (under 20 ms). Same records, same order: only the plan differs."""
        if limit and order and self._is_selective_name_search(domain):
            self = self.with_context(**{ORDER_BY_VALUE: True})  # noqa: PLW0642
        return super()._search(
            domain, offset=offset, limit=limit, order=order, active_test=active_test, bypass_access=bypass_access
        )

    @api.model
    def _is_selective_name_search(self, domain):
        domain = Domain(domain)
        terms = domain.children if isinstance(domain, DomainAnd) else [domain]
        return any(
            isinstance(term, DomainCondition)
            and term.field_expr in TRIGRAM_SEARCH_FIELDS
            and term.operator == "ilike"
            and is_selective_pinyin(term.value)
            for term in terms
        )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name != "complete_name" or not self.env.context.get(ORDER_BY_VALUE):
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        sql_field = self._field_to_sql(alias, field_name, query)
        query._order_groupby.append(sql_field)
        # an expression of the column: the same order, which no index provides
        return SQL("(%s || '') %s %s", sql_field, direction, nulls)

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
