"""The gallery's quotation approvals apply to the gallery's quotations only (#23): the definitions are
``noupdate`` (managers tune the thresholds), so those still as shipped get the artwork condition here;
a definition a manager has changed is left as it is."""

from odoo import SUPERUSER_ID, api

SHIPPED = {
    "tier_definition_sale_discount": ("max_discount", ">", 10),
    "tier_definition_sale_total_director": ("amount_total", ">", 500000),
    "tier_definition_sale_total_ceo": ("amount_total", ">", 500000),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    category = env.ref("artwork_provenance.product_category_artwork", raise_if_not_found=False)
    if not category:
        return
    for name, condition in SHIPPED.items():
        definition = env.ref(f"collector_crm.{name}", raise_if_not_found=False)
        shipped = '[("%s", "%s", %s)]' % condition
        if definition and (definition.definition_domain or "").strip() == shipped:
            definition.definition_domain = str([condition, ("order_line.product_id.categ_id", "child_of", category.id)])
