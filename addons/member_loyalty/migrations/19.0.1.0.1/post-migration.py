"""The counter finds members on Odoo's normalised phone (`phone_sanitized`, #24): a member without
a country now has the number of their store's country (+86 at a Chinese store). Numbers stored
before were read in the country of whoever saved them (not a phone at all when that company was
elsewhere): normalise again the phones of members who have no country."""

from odoo import SUPERUSER_ID, api
from odoo.tools import split_every


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Partner = env["res.partner"].with_context(active_test=False)
    ids = Partner.search([("is_member", "=", True), ("phone", "!=", False), ("country_id", "=", False)]).ids
    for batch in split_every(1000, ids, Partner.browse):
        env.add_to_compute(Partner._fields["phone_sanitized"], batch)
        batch.flush_recordset(["phone_sanitized"])
        env.invalidate_all()
