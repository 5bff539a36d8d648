from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    """After-sales tickets (repair, exchange, complaint) of the stores: linked to the member, the
    order and the store (the ticket's company), with SLA deadlines and a rating after closing."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "customer.interaction.mixin"]

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Order",
        index="btree_not_null",
        tracking=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="The purchase this after-sales request is about.",
    )
    is_member = fields.Boolean(related="partner_id.commercial_partner_id.is_member", string="Member")
    member_tier_id = fields.Many2one(related="partner_id.commercial_partner_id.member_tier_id", string="Member Tier")

    @api.constrains("sale_order_id", "partner_id", "company_id")
    def _check_member_order(self):
        for ticket in self.filtered("sale_order_id"):
            # after-sales staff need not read sales orders: only the customer and store are compared
            order = ticket.sale_order_id.sudo()
            if ticket.partner_id and order.partner_id.commercial_partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s belongs to %(customer)s, not to %(partner)s.",
                        order=order.name,
                        customer=order.partner_id.display_name,
                        partner=ticket.partner_id.display_name,
                    )
                )
            if ticket.company_id and order.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s was sold by %(store)s: open the ticket in that store.",
                        order=order.name,
                        store=order.company_id.name,
                    )
                )

    @api.onchange("sale_order_id")
    def _onchange_member_sale_order(self):
        order = self.sale_order_id.sudo()
        if order:
            self.partner_id = order.partner_id
            self.company_id = order.company_id

    @api.model_create_multi
    def create(self, vals_list):
        Order = self.env["sale.order"].sudo()
        for vals in vals_list:
            if vals.get("sale_order_id"):
                order = Order.browse(vals["sale_order_id"])
                vals.setdefault("partner_id", order.partner_id.id)
                vals.setdefault("company_id", order.company_id.id)
        tickets = super().create(vals_list)
        tickets._member_log_interaction("opened")
        return tickets

    def write(self, vals):
        was_open = self.filtered(lambda ticket: not ticket.closed) if "stage_id" in vals else self.browse()
        result = super().write(vals)
        was_open.filtered("closed")._member_log_interaction("closed")
        return result

    def _member_log_interaction(self, event):
        """The member's timeline (customer_core interactions): a ticket opened, a ticket closed."""
        vals_list = []
        for ticket in self.filtered("partner_id"):
            if event == "opened":
                name = self.env._("Ticket %(number)s opened: %(title)s", number=ticket.number, title=ticket.name)
            else:
                name = self.env._(
                    "Ticket %(number)s closed (%(stage)s): %(title)s",
                    number=ticket.number,
                    stage=ticket.stage_id.name,
                    title=ticket.name,
                )
            vals_list.append(
                {
                    "name": name,
                    "partner_id": ticket.commercial_partner_id.id,
                    "interaction_type": "service",
                    "user_id": ticket.user_id.id or self.env.user.id,
                    "company_id": (ticket.company_id or self.env.company).id,
                    "summary": ticket.category_id.name or False,
                    "res_model": self._name,
                    "res_id": ticket.id,
                }
            )
        if vals_list:
            self.env["customer.interaction"].sudo().create(vals_list)

    def _customer_interaction_partner(self):
        self.ensure_one()
        return self.commercial_partner_id
