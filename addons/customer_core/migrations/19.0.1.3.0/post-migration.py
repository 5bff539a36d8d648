"""#17: the default pricelists made before get their Chinese name; the reviews still to do say who
must review in their requester's language."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._name_default_pricelists_in_chinese()
    reviews = env["tier.review"].search([("status", "in", ("waiting", "pending"))])
    for review in reviews:
        lang = review.requested_by.lang or "en_US"
        review.with_context(lang=lang)._compute_todo_by()
