"""Fill the pinyin keys of the partners and leads that existed before #24, in SQL batches."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._pinyin_backfill()
    env["crm.lead"]._pinyin_backfill()
