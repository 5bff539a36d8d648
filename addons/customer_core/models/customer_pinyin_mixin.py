from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.pinyin import HAN_SQL, search_key

# rows converted per statement when a whole table is filled (install, upgrade)
BACKFILL_BATCH = 5000


class CustomerPinyinMixin(models.AbstractModel):
    """A stored, trigram-indexed pinyin key of the names listed in ``_pinyin_fields``: "zhangwei zw"
    for 张伟. A model adds ``name_pinyin`` to its ``_rec_names_search`` (name search, many2one
    fields, the search view's ``display_name`` filter) and its search views' name filters; ``ilike``
    then finds 张伟 by "zhangwei", "zhang" or "zw" through the index, nothing computed per search."""

    _name = "customer.pinyin.mixin"
    _description = "Pinyin Search"
    _pinyin_fields = ("name",)

    name_pinyin = fields.Char(
        "Pinyin",
        compute="_compute_name_pinyin",
        store=True,
        index="trigram",
        help="Full pinyin and initials of the name (zhangwei zw for 张伟), kept for searching.",
    )

    @api.depends(lambda self: self._pinyin_fields)
    def _compute_name_pinyin(self):
        for record in self:
            record.name_pinyin = search_key(*(record[fname] for fname in self._pinyin_fields))

    @api.model
    def _pinyin_backfill(self, batch=BACKFILL_BATCH):
        """Fill the key of the rows that have none, ``batch`` rows per statement, in SQL: the rows
        of a table that existed before the column (install and upgrade create the column before
        the module loads, so Odoo does not recompute millions of rows one by one). Returns the
        number of rows filled."""
        cr = self.env.cr
        table = SQL.identifier(self._table)
        columns = [SQL.identifier(fname) for fname in self._pinyin_fields]
        has_han = SQL(" OR ").join(SQL("%s ~ %s", column, HAN_SQL) for column in columns)
        last_id, filled = 0, 0
        while True:
            cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE id > %s AND name_pinyin IS NULL AND (%s) ORDER BY id LIMIT %s",
                    SQL(", ").join(columns),
                    table,
                    last_id,
                    has_han,
                    batch,
                )
            )
            rows = cr.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            ids = [row[0] for row in rows]
            keys = [search_key(*row[1:]) for row in rows]
            cr.execute(
                SQL(
                    """
                    UPDATE %s t SET name_pinyin = v.key
                      FROM unnest(%s::int[], %s::varchar[]) AS v(id, key)
                     WHERE t.id = v.id
                    """,
                    table,
                    ids,
                    keys,
                )
            )
            filled += len(rows)
        self.invalidate_model(["name_pinyin"])
        return filled
