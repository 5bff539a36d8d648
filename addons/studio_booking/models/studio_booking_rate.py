from odoo import api, fields, models
from odoo.tools import SQL


class StudioBookingRate(models.Model):
    """Requests to the public booking page per client address, kind and minute, shared by every worker.

    The same scheme as the public verification page of the galleries (``art.verify.rate``): an
    UNLOGGED table with one row per client and minute, incremented by an upsert, the limit a sliding
    window over the current and the previous minute, times read from the clock."""

    _name = "studio.booking.rate"
    _description = "Public Booking Page Rate Limit"
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
                    INSERT INTO studio_booking_rate AS r (client, minute, hits)
                    SELECT %(client)s, date_trunc('minute', t), 1 FROM now
                    ON CONFLICT (client, minute) DO UPDATE SET hits = r.hits + 1
                    RETURNING r.hits
                )
                SELECT hit.hits
                       + COALESCE(prev.hits, 0) * (1 - EXTRACT(EPOCH FROM t - date_trunc('minute', t)) / 60.0)
                  FROM hit CROSS JOIN now
             LEFT JOIN studio_booking_rate prev
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
            "DELETE FROM studio_booking_rate "
            "WHERE minute < (clock_timestamp() AT TIME ZONE 'UTC') - interval '2 minutes'"
        )
