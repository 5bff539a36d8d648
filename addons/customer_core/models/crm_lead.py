from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "customer.followup.mixin", "customer.pool.mixin", "customer.pinyin.mixin"]
    # the lead's title and the names the search view searches with it: 张伟 by "zhangwei" or "zw"
    _rec_names_search = ["name", "name_pinyin"]
    _pinyin_fields = ("name", "contact_name", "partner_name")

    interaction_ids = fields.One2many(
        "customer.interaction",
        "lead_id",
        string="Interactions",
        domain=[],
        bypass_search_access=False,
        groups="customer_core.group_customer_user",
    )
    # the interaction log is the customer users': users of Odoo's own apps open these records without it
    interaction_count = fields.Integer(groups="customer_core.group_customer_user")
    district = fields.Char(
        compute="_compute_district",
        store=True,
        readonly=False,
        help="District or county (区/县) of the address, under its city; from the customer's address.",
    )
    last_contact_date = fields.Datetime(tracking=True, help="Moved forward by every interaction logged on this lead.")
    store_properties = fields.Properties(
        "Store Fields",
        definition="company_id.lead_store_properties_definition",
        copy=True,
        precompute=False,  # the lead's store is computed after create (from its team), not before
        help="The custom fields the store (company) defines for all its leads, beside those of the sales team.",
    )
    next_followup_date = fields.Date(tracking=True)
    product_category_id = fields.Many2one(
        "product.category",
        index="btree_not_null",
        help="What the customer is interested in; used by the assignment rules of the team members.",
    )
    # copied by copy_data() only for who may read it: Odoo's duplicate reads every copied field
    budget = fields.Monetary(
        "Customer Budget",
        currency_field="company_currency",
        groups="customer_core.group_customer_sensitive",
        copy=False,
    )
    # the history is the pool's: read by the customer users (a CRM salesperson of Odoo's own app
    # opens leads without it)
    pool_history_ids = fields.One2many("customer.pool.history", "lead_id", groups="customer_core.group_customer_user")

    _pool_team_idx = models.Index("(team_id, user_id) WHERE in_pool IS NOT TRUE AND active")

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if self._has_field_access(self._fields["budget"], "read"):
            for lead, vals in zip(self, vals_list, strict=True):
                vals.setdefault("budget", lead.budget)
        return vals_list

    # ------------------------------------------------------------------
    # interactions
    # ------------------------------------------------------------------
    def _customer_interaction_defaults(self):
        self.ensure_one()
        return {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_name": self.name,
        }

    # ------------------------------------------------------------------
    # public pool (customer.pool.mixin)
    # ------------------------------------------------------------------
    def _pool_label(self):
        return self.env._("leads")

    def _pool_held_domain(self, user, team):
        return super()._pool_held_domain(user, team) & Domain("won_status", "=", "pending")

    def _check_pool_claimable(self, user):
        """A lead taken from the pool still goes through the claimer's assignment rules."""
        res = super()._check_pool_claimable(user)
        for lead in self.filtered("team_id"):
            member = lead.team_id.sudo().crm_team_member_ids.filtered(lambda m: m.user_id == user)
            if not lead.sudo().filtered_domain(member._get_assignment_domain()):
                raise UserError(
                    self.env._(
                        "%(lead)s does not match your assignment rules in %(team)s.",
                        lead=lead.name,
                        team=lead.team_id.name,
                    )
                )
        return res

    def action_pool_assign(self):
        """Hand pool leads out through the team members' assignment rules (Odoo's own engine).

        A customer manager's action: it writes past the salespeople's rights and claim limits."""
        if not self.env.su and not self.env.user.has_group("customer_core.group_customer_manager"):
            raise AccessError(self.env._("Only a customer manager can hand pool leads out by the rules."))
        leads = self.filtered("in_pool")
        leads.sudo().write({"in_pool": False, "pool_reason": False, "pool_date": False, "date_open": False})
        teams = leads.team_id
        if teams:
            teams.sudo()._action_assign_leads(force_quota=True, creation_delta_days=0)
        for lead in leads.filtered("user_id"):
            self.env["customer.pool.history"].sudo().create(
                {
                    "lead_id": lead.id,
                    "user_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                    "action": "claim",
                    "note": self.env._("Assigned by rules"),
                }
            )
        return True

    @api.depends("partner_id")
    def _compute_district(self):
        for lead in self:
            # Odoo takes the customer's whole address or none of it: the district with it
            if lead.partner_id and any(lead.partner_id[fname] for fname in ("street", "city", "zip", "state_id")):
                lead.district = lead.partner_id.district
            else:
                lead.district = lead.district

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id)
        values["district"] = self.district
        return values
