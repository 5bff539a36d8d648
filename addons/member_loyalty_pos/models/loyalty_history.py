from odoo import fields, models


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    pos_order_uuid = fields.Char(
        string="Till Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Uuid of the Point of Sale order this ledger entry was posted for: an order synced "
        "twice or late (offline till) posts each of its movements once.",
    )

    # the database, not Python, keeps a till order from posting a movement twice: a second
    # sync of the same order (offline till, retry) inserts nothing (ON CONFLICT DO NOTHING) or
    # is refused. The sign tells a refund's points taken back from its redeemed points given back.
    _pos_once_per_order = models.UniqueIndex(
        "(card_id, pos_order_uuid, member_move_type, (issued > used)) WHERE pos_order_uuid IS NOT NULL",
        "A till order posts each movement of a member card once.",
    )
