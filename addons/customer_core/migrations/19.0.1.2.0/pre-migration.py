"""Lunar key dates and pinyin search (#24): create the new stored computed columns before the module
loads, so that Odoo does not recompute every key date, partner and lead in Python; the existing
key dates are all Gregorian (their lunar parts stay empty) and post-migration fills the pinyin keys
in SQL batches."""

from odoo.tools import sql

from odoo.addons.customer_core.tools.schema import add_pinyin_columns


def migrate(cr, version):
    add_pinyin_columns(cr)
    for column, column_type in (("lunar_month", "int4"), ("lunar_day", "int4"), ("lunar_leap", "bool")):
        if not sql.column_exists(cr, "customer_key_date", column):
            sql.create_column(cr, "customer_key_date", column, column_type)
