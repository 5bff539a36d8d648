from odoo import api, fields, models
from odoo.exceptions import UserError


class MemberWalletOperation(models.TransientModel):
    _name = "member.wallet.operation"
    _description = "Stored Value Top-up, Spend or Refund"

    partner_id = fields.Many2one("res.partner", string="Member", required=True)
    card_id = fields.Many2one("loyalty.card", related="partner_id.member_wallet_id", string="Stored Value Card")
    balance = fields.Float(related="card_id.points", string="Balance")
    refundable = fields.Float(related="card_id.member_refundable_amount")
    operation = fields.Selection(
        [("topup", "Top up"), ("spend", "Pay with stored value"), ("refund", "Refund")],
        required=True,
        default="topup",
    )
    amount = fields.Float(required=True)
    bonus = fields.Float(compute="_compute_bonus")
    journal_id = fields.Many2one(
        "account.journal",
        string="Cash / Bank Journal",
        domain="[('type', 'in', ('cash', 'bank'))]",
        default=lambda self: self._default_journal(),
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice Paid",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial')), "
        "('commercial_partner_id', '=', partner_id)]",
    )
    description = fields.Char()

    @api.model
    def _default_journal(self):
        journal = self.env.company._member_settings().member_wallet_journal_id
        if journal and journal.company_id in self.env.companies:
            return journal.with_env(self.env)
        return self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.env.company), ("type", "in", ("cash", "bank"))],
            order="type desc, id",
            limit=1,
        )

    @api.depends("amount", "operation", "partner_id")
    def _compute_bonus(self):
        for wizard in self:
            wizard.bonus = 0.0
            if wizard.operation == "topup" and wizard.amount > 0:
                wizard.bonus = (
                    self.env["member.topup.bonus"]
                    .sudo()
                    ._bonus_for(self.env.company, wizard.amount, fields.Date.context_today(self))
                )

    def action_confirm(self):
        self.ensure_one()
        # a member of another store, found at the counter, is served in sudo (see res.partner)
        partner = self.partner_id._member_counter_serve()
        card = partner.member_wallet_id
        if not card:
            raise UserError(self.env._("%(member)s has no stored value card.", member=partner.name))
        if self.amount <= 0:
            raise UserError(self.env._("The amount must be positive."))
        if self.operation == "topup":
            card._member_wallet_topup(self.amount, self.journal_id, self.description)
        elif self.operation == "spend":
            card._member_wallet_spend(self.amount, self.description, invoice=self.invoice_id)
        else:
            card._member_wallet_refund(self.amount, self.journal_id, self.description)
        return {"type": "ir.actions.act_window_close"}
