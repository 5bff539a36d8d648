from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    art_location_kind = fields.Selection(
        [
            ("storage", "Storage / Showroom"),
            ("restoration", "Restoration"),
            ("loan_out", "On Loan (Borrower)"),
            ("consign_out", "Consigned Out"),
        ],
        string="Gallery Use",
        default="storage",
        help="Tells the artwork status what an artwork placed here is doing.",
    )
    art_partner_id = fields.Many2one("res.partner", string="Borrower / Consignee", index="btree_not_null")
