from odoo import api, fields, models

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
