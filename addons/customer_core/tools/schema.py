from odoo.tools import sql


def add_pinyin_columns(cr):
    """The pinyin key columns of customer.pinyin.mixin, created empty before the module loads."""
    for table in ("res_partner", "crm_lead"):
        if sql.table_exists(cr, table) and not sql.column_exists(cr, table, "name_pinyin"):
            sql.create_column(cr, table, "name_pinyin", "varchar")
