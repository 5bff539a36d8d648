from odoo import fields, models


class MemberLookupLog(models.Model):
    """Who found which member of the chain at which counter, and when.

    Store staff read their own store's members only; at the counter they find any member
    of the chain by an exact card code, member number or phone number
    (`res.partner._member_counter_find`), and each of those look-ups is written here, in
    sudo, by the server. Nobody writes or deletes a line; membership managers read the
    look-ups of their stores and of their stores' members.
    """

    _name = "member.lookup.log"
    _description = "Member Look-up at the Counter"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Looked Up By", required=True, readonly=True, index=True)
    store_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, readonly=True, index=True, ondelete="cascade"
    )
    member_store_id = fields.Many2one(related="partner_id.member_store_id", string="Member's Store", store=True)
    match = fields.Selection(
        [("card", "Card code"), ("number", "Member number"), ("phone", "Phone number")],
        string="Found By",
        required=True,
        readonly=True,
    )
