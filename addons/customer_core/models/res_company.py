from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_properties_definition = fields.PropertiesDefinition(
        "Customer Store Fields",
        help="Custom fields every customer of this store has (besides those of its customer category).",
    )
    interaction_properties_definition = fields.PropertiesDefinition(
        "Interaction Store Fields",
        help="Custom fields every interaction logged in this store has.",
    )
    lead_store_properties_definition = fields.PropertiesDefinition(
        "Lead Store Fields",
        help="Custom fields every lead of this store has (besides those of its sales team).",
    )

    def _activate_or_create_pricelists(self):
        result = super()._activate_or_create_pricelists()
        self._name_default_pricelists_in_chinese()
        return result

    def _name_default_pricelists_in_chinese(self):
        """The default pricelist Odoo's product makes for each company is named in the language of
        whoever triggered it (the installer's English: a Chinese cashier reads "Default (CNY)"):
        give the untouched ones their Chinese name where the database has Chinese."""
        if not self.env["res.lang"]._get_code("zh_CN"):
            return
        companies = self or self.env["res.company"].search([])
        pricelists = (
            self.env["product.pricelist"]
            .sudo()
            .with_context(active_test=False, lang="en_US")
            .search([("company_id", "in", companies.ids), ("name", "=", "Default")])
        )
        untouched = pricelists.filtered(lambda pricelist: pricelist.with_context(lang="zh_CN").name == "Default")
        if untouched:
            name = self.with_context(lang="zh_CN").env._("Default pricelist")
            for pricelist in untouched:
                pricelist.update_field_translations("name", {"zh_CN": name})
