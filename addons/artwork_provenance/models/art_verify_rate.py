from odoo import api, fields, models
from odoo.tools import SQL


class ArtVerifyRate(models.Model):
    """Requests to the public verification page per client address and minute, shared by every worker.

    An UNLOGGED table (no WAL: the counts are worthless after a crash) with one row per address and
    minute, incremented by an upsert. The limit is a sliding window estimated from the current and the
    previous minute, so that it does not reset at the turn of a minute. Times are read from the clock
    (``clock_timestamp()``), not from the start of the transaction.
    """

    _name = "art.verify.rate"
    _description = "Public Verification Rate Limit"
    _auto = False
    _log_access = False
    _order = "minute desc"

    client = fields.Char(readonly=True)
    minute = fields.Datetime(readonly=True)
    hits = fields.Integer(readonly=True)

    def init(self):
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
                    INSERT INTO art_verify_rate AS r (client, minute, hits)
                    SELECT %(client)s, date_trunc('minute', t), 1 FROM now
                    ON CONFLICT (client, minute) DO UPDATE SET hits = r.hits + 1
                    RETURNING r.hits
                )
                SELECT hit.hits
                       + COALESCE(prev.hits, 0) * (1 - EXTRACT(EPOCH FROM t - date_trunc('minute', t)) / 60.0)
                  FROM hit CROSS JOIN now
             LEFT JOIN art_verify_rate prev
                    ON prev.client = %(client)s AND prev.minute = date_trunc('minute', t) - interval '1 minute'
                """,
                client=client or "",
            )
        )
        return self.env.cr.fetchone()[0] > limit

    @api.model
    def _gc(self):
        """Drop the counts older than two minutes (hourly job)."""
        self.env.cr.execute(
            "DELETE FROM art_verify_rate WHERE minute < (clock_timestamp() AT TIME ZONE 'UTC') - interval '2 minutes'"
        )
