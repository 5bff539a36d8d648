from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Databases installed before the re-approval setting existed: its default was set at install only
    (data/artwork_provenance_data.xml), so their companies have none and a price change of an approved
    artwork would ask no re-approval. Give the companies without any the default."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._art_fill_missing_reapproval_fields()
