from odoo import api, fields, models
from odoo.tools import SQL


class PublicRateLimit(models.AbstractModel):
    """Requests to a public page per client address and minute, shared by every worker.

    A model inheriting this one is its page's own table (``_auto = False``): UNLOGGED (no WAL: the
    counts are worthless after a crash), one row per address and minute, incremented by an upsert.
    The limit is a sliding window estimated from the current and the previous minute, so that it does
    not reset at the turn of a minute. Times are read from the clock (``clock_timestamp()``), not
    from the start of the transaction. An hourly job of the page's addon calls ``_gc``.
    """

    _name = "client.public.rate.limit"
    _description = "Public Page Rate Limit"
    _log_access = False
    _order = "minute desc"

    client = fields.Char(readonly=True)
    minute = fields.Datetime(readonly=True)
    hits = fields.Integer(readonly=True)

    def init(self):
        if self._abstract:
            return
        self.env.cr.execute(
            SQL(
                """
                CREATE UNLOGGED TABLE IF NOT EXISTS %s (
                    id serial PRIMARY KEY,
                    client varchar NOT NULL,
                    minute timestamp NOT NULL,
                    hits integer NOT NULL DEFAULT 1,
                    UNIQUE (client, minute)
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _hit(self, client, limit):
        """Count one request of ``client``; True when it exceeds ``limit`` requests per minute."""
        self.env.cr.execute(
            SQL(
                """
                WITH now AS (SELECT (clock_timestamp() AT TIME ZONE 'UTC') AS t),
                hit AS (
                    INSERT INTO %(table)s AS r (client, minute, hits)
                    SELECT %(client)s, date_trunc('minute', t), 1 FROM now
                    ON CONFLICT (client, minute) DO UPDATE SET hits = r.hits + 1
                    RETURNING r.hits
                )
                SELECT hit.hits
                       + COALESCE(prev.hits, 0) * (1 - EXTRACT(EPOCH FROM t - date_trunc('minute', t)) / 60.0)
                  FROM hit CROSS JOIN now
             LEFT JOIN %(table)s prev
                    ON prev.client = %(client)s AND prev.minute = date_trunc('minute', t) - interval '1 minute'
                """,
                table=SQL.identifier(self._table),
                client=client or "",
            )
        )
        return self.env.cr.fetchone()[0] > limit

    @api.model
    def _gc(self):
        """Drop the counts older than two minutes (hourly job)."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE minute < (clock_timestamp() AT TIME ZONE 'UTC') - interval '2 minutes'",
                SQL.identifier(self._table),
            )
        )
