from odoo import api, fields, models
from odoo.tools import SQL

INTERACTION_TYPES = [
    ("call", "Call"),
    ("wechat", "WeChat"),
    ("meeting", "Meeting"),
    ("email", "E-mail"),
    ("visit", "Visit"),
    ("event", "Event attended"),
    ("other", "Other"),
]


class CustomerInteraction(models.Model):
    _name = "customer.interaction"
    _description = "Customer Interaction"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "name"

    name = fields.Char("Subject", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        "Lead/Opportunity",
        index="btree_not_null",
        ondelete="set null",
    )
    user_id = fields.Many2one(
        "res.users",
        "Logged by",
        default=lambda self: self.env.user,
        index=True,
        required=True,
    )
    company_id = fields.Many2one(
        "res.company",
        "Store",
        default=lambda self: self.env.company,
        index=True,
        required=True,
    )
    store_properties = fields.Properties(
        "Store Fields",
        definition="company_id.interaction_properties_definition",
        copy=True,
        help="The custom fields the store (company) defines for all its interactions.",
    )
    interaction_type = fields.Selection(INTERACTION_TYPES, "Type", required=True, default="call", tracking=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, tracking=True)
    duration = fields.Float("Duration (hours)")
    summary = fields.Text()
    res_model = fields.Char("Related Model", index=True)
    res_id = fields.Many2oneReference("Related Record", model_field="res_model")
    res_name = fields.Char("About", compute="_compute_res_name")
    # where the customer lives, for the stores' reports by province, city and district
    partner_state_id = fields.Many2one(
        "res.country.state", "Province", related="partner_id.state_id", store=True, index="btree_not_null"
    )
    partner_city = fields.Char("City", related="partner_id.city", store=True)
    partner_district = fields.Char("District", related="partner_id.district", store=True)
    partner_user_id = fields.Many2one(
        "res.users",
        "Salesperson",
        related="partner_id.user_id",
        store=True,
        index=True,
    )

    _duration_positive = models.Constraint("CHECK(duration >= 0)", "The duration of an interaction cannot be negative.")

    @api.depends("res_model", "res_id")
    def _compute_res_name(self):
        for interaction in self:
            name = False
            if interaction.res_model and interaction.res_id and interaction.res_model in self.env:
                record = self.env[interaction.res_model].browse(interaction.res_id).exists()
                # only name what the reader may read (an artwork of another store stays hidden)
                name = record.display_name if record and record.has_access("read") else False
            interaction.res_name = name

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions._update_last_contact()
        return interactions

    def write(self, vals):
        res = super().write(vals)
        if {"date", "partner_id", "lead_id"} & set(vals):
            self._update_last_contact()
        return res

    def _update_last_contact(self):
        """Move the last contact date of the customers and leads forward (one statement each)."""
        if not self:
            return
        self.flush_model(["date", "partner_id", "lead_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET last_contact_date = i.max_date
                  FROM (SELECT partner_id, MAX(date) AS max_date
                          FROM customer_interaction
                         WHERE id IN %(ids)s GROUP BY partner_id) i
                 WHERE p.id = i.partner_id
                   AND (p.last_contact_date IS NULL OR p.last_contact_date < i.max_date)
                """,
                ids=tuple(self.ids),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead l
                   SET last_contact_date = i.max_date
                  FROM (SELECT lead_id, MAX(date) AS max_date
                          FROM customer_interaction
                         WHERE id IN %(ids)s AND lead_id IS NOT NULL GROUP BY lead_id) i
                 WHERE l.id = i.lead_id
                   AND (l.last_contact_date IS NULL OR l.last_contact_date < i.max_date)
                """,
                ids=tuple(self.ids),
            )
        )
        self.env["res.partner"].invalidate_model(["last_contact_date"])
        self.env["crm.lead"].invalidate_model(["last_contact_date"])

    def action_open_related(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
