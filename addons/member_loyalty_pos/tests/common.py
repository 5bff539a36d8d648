import uuid

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.member_loyalty.tests.test_roles_store import StoreRolesCommon


class MemberPosCommon(StoreRolesCommon):
    """Store A's till: a cashier with a POS user's groups and the store's cashier role, allowed
    store A only, a session opened by them, cash and stored value payment methods."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref("point_of_sale.group_pos_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pos_cashier = new_test_user(
            cls.env,
            login="mlp_cashier_a",
            groups="point_of_sale.group_pos_user,member_loyalty.group_member_cashier,account.group_account_invoice",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        # a store of a chain that keeps its books: Odoo's till opens for a company with accounting
        cls.store_a.chart_template = cls.head.chart_template
        cls.store_a.account_default_pos_receivable_account_id = cls.head.account_default_pos_receivable_account_id
        Method = cls.env["pos.payment.method"]
        cls.cash_method = Method.create(
            {"name": "Cash A", "journal_id": cls.company_data["default_journal_cash"].id, "company_id": cls.store_a.id}
        )
        cls.wallet_method = Method.create(
            {"name": "Stored value A", "split_transactions": True, "member_wallet": True, "company_id": cls.store_a.id}
        )
        cls.config = (
            cls.env["pos.config"]
            .with_company(cls.store_a)
            .create(
                {
                    "name": "Till A",
                    "company_id": cls.store_a.id,
                    "payment_method_ids": [Command.set((cls.cash_method | cls.wallet_method).ids)],
                }
            )
        )
        (cls.product_art | cls.product_frame).write({"available_in_pos": True})
        (cls.product_art | cls.product_frame).with_company(cls.store_a).property_account_income_id = cls.company_data[
            "default_account_revenue"
        ]
        cls.redeem_product = cls.env.ref("member_loyalty_pos.product_member_points_redeem")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.store_a.ids))
        cls.config.with_user(cls.pos_cashier).with_company(cls.store_a).open_ui()
        cls.pos_session = cls.config.current_session_id
        cls.pos_session.with_user(cls.pos_cashier).set_opening_control(0, None)

    def _till(self):
        """The till's environment: store A's cashier, store A only."""
        return self.env(user=self.pos_cashier, context=dict(self.env.context, allowed_company_ids=self.store_a.ids))

    def _order_data(self, lines, payments, partner=None, uid=None, refunded=None):
        """What the till sends for a paid order. lines: [(product, qty, price_unit)],
        payments: [(method, amount)]."""
        uid = uid or str(uuid.uuid4())
        order_lines = []
        for product, qty, price in lines:
            vals = {
                "product_id": product.id,
                "qty": qty,
                "price_unit": price,
                "price_subtotal": qty * price,
                "price_subtotal_incl": qty * price,
                "tax_ids": [],
                "uuid": str(uuid.uuid4()),
            }
            if refunded:
                vals["refunded_orderline_id"] = refunded.lines.filtered(lambda line, p=product: line.product_id == p)[
                    :1
                ].id
            order_lines.append(Command.create(vals))
        total = sum(qty * price for _p, qty, price in lines)
        return {
            "amount_paid": sum(amount for _m, amount in payments),
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": total,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "fiscal_position_id": False,
            "pricelist_id": self.config.pricelist_id.id,
            "name": f"Order {uid}",
            "last_order_preparation_change": "{}",
            "lines": order_lines,
            "partner_id": partner and partner.id,
            "session_id": self.pos_session.id,
            "payment_ids": [
                Command.create({"amount": amount, "name": fields.Datetime.now(), "payment_method_id": method.id})
                for method, amount in payments
            ],
            "uuid": uid,
            "user_id": self.pos_cashier.id,
            "to_invoice": False,
            "state": "paid",
        }

    def _sync(self, *orders):
        result = self._till()["pos.order"].sync_from_ui(list(orders))
        return self.env["pos.order"].browse([order["id"] for order in result["pos.order"]])

    def _entries(self, order_uuid, card=None):
        domain = [("pos_order_uuid", "=", order_uuid)]
        if card:
            domain.append(("card_id", "=", card.id))
        return self.env["loyalty.history"].sudo().search(domain, order="id")
