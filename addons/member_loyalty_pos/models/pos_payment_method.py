from odoo import api, fields, models


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    member_wallet = fields.Boolean(
        string="Member Stored Value",
        help="Paying with this method takes the amount from the member's stored value card, "
        "under the card's row lock, never below zero (as a payment at the counter does). It has "
        "no journal: the session books it on the member's receivable, which the stored value "
        "journal entry settles.",
    )

    _member_wallet_no_journal = models.Constraint(
        "CHECK(member_wallet IS NOT TRUE OR (journal_id IS NULL AND split_transactions))",
        "A stored value payment method has no journal and books on the customer's account: "
        "the stored value entry settles it.",
    )

    @api.model
    def _load_pos_data_fields(self, config):
        return [*super()._load_pos_data_fields(config), "member_wallet"]
