from odoo import api, fields, models
from odoo.tools import SQL

# the changes of an approved artwork that send it back to intake approval, unless a company chooses others
DEFAULT_REAPPROVAL_FIELDS = ("list_price", "artist_id")


class ResCompany(models.Model):
    _inherit = "res.company"

    art_reapproval_field_ids = fields.Many2many(
        "ir.model.fields",
        "res_company_art_reapproval_field_rel",
        "company_id",
        "field_id",
        string="Artwork Changes Needing Re-approval",
        domain=[("model", "=", "art.artwork"), ("store", "=", True), ("readonly", "=", False)],
        default=lambda self: self._art_default_reapproval_fields(),
        help="A gallery manager may change an approved artwork; a change of one of these fields sends it "
        "back to intake approval (empty: no change does).",
    )

    @api.model
    def _art_default_reapproval_fields(self):
        return (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", "art.artwork"), ("name", "in", DEFAULT_REAPPROVAL_FIELDS)])
        )

    @api.model
    def _art_init_reapproval_fields(self):
        """At install: the companies that exist get the default (a many2many default covers new ones only)."""
        default = self._art_default_reapproval_fields()
        self.sudo().with_context(active_test=False).search([]).write(
            {"art_reapproval_field_ids": [fields.Command.set(default.ids)]}
        )

    @api.model
    def _art_fill_missing_reapproval_fields(self):
        """On update (migrations/19.0.1.1.0): the companies that have no field needing re-approval get
        the default; a company that chose its own fields keeps them."""
        companies = self.sudo().with_context(active_test=False).search([("art_reapproval_field_ids", "=", False)])
        if companies:
            companies.write(
                {"art_reapproval_field_ids": [fields.Command.set(self._art_default_reapproval_fields().ids)]}
            )
        return companies

    # ------------------------------------------------------------------ a gallery's set-up
    @api.model
    def _art_setup_galleries(self):
        """At install and update (data/art_company_setup_data.xml): every company that holds artworks
        gets what a gallery needs (see _art_setup_gallery)."""
        self.env["art.artwork"].flush_model(["company_id"])
        self.env.cr.execute(SQL("SELECT DISTINCT company_id FROM art_artwork WHERE company_id IS NOT NULL"))
        companies = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        companies._art_setup_gallery()
        return companies

    def _art_setup_gallery(self):
        """What a gallery company needs for its artworks, made on first need (its first artwork, its
        warehouse) and at install, whichever comes first; idempotent:

        - the artworks' category costed FIFO in the company (landed costs and per-serial values need
          it; the data sets it for the company that installs the addon only: the category's costing is
          a per-company value). A company that chose another costing for the category keeps it.
        - a restoration studio (an internal location of "Restoration" use) in its warehouse: works
          sent there read "In restoration" and cannot be sold.
        """
        category = self.env.ref("artwork_provenance.product_category_artwork", raise_if_not_found=False)
        if category:
            category = category.sudo()
            category.flush_recordset(["property_cost_method"])
            self.env.cr.execute(SQL("SELECT property_cost_method FROM product_category WHERE id = %s", category.id))
            chosen = self.env.cr.fetchone()[0] or {}
            for company in self:
                if str(company.id) not in chosen:
                    category.with_company(company).property_cost_method = "fifo"
        for company in self:
            company._art_restoration_location()

    def _art_restoration_location(self):
        """The company's restoration studio: the first internal location of "Restoration" use in its
        warehouse, made in it when it has none (no warehouse: none yet, made with the warehouse)."""
        self.ensure_one()
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [("company_id", "=", self.id), ("usage", "=", "internal"), ("art_location_kind", "=", "restoration")],
            order="id",
            limit=1,
        )
        if location:
            return location
        warehouse = self.env["stock.warehouse"].sudo().search([("company_id", "=", self.id)], order="id", limit=1)
        if not warehouse:
            return Location
        return Location.create(
            {
                "name": self.env._("Restoration Studio"),
                "location_id": warehouse.lot_stock_id.id,
                "usage": "internal",
                "art_location_kind": "restoration",
                "company_id": self.id,
            }
        )
