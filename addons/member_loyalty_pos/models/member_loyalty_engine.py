from odoo import api, fields, models
from odoo.tools import SQL


class MemberLoyaltyEngine(models.AbstractModel):
    _inherit = "member.loyalty.engine"

    @api.model
    def _post_points_move_filter(self):
        # the points of a till order are posted from the order (_post_pos_points), also when
        # the order is invoiced: its invoice earns nothing a second time
        return SQL(
            "%s AND NOT EXISTS (SELECT 1 FROM pos_order po WHERE po.account_move = m.id)",
            super()._post_points_move_filter(),
        )

    @api.model
    def _rfm_pos_sales_filter(self):
        # a till order posted to the ledger is counted there (one source of truth for a purchase)
        return SQL(
            "%s AND NOT EXISTS (SELECT 1 FROM loyalty_history h WHERE h.pos_order_uuid = o.uuid)",
            super()._rfm_pos_sales_filter(),
        )

    @api.model
    def _post_pos_points(self, order_ids, today=None):
        """Post the points of paid till orders (and take them back for refund orders), in one
        statement per head office, as `_post_points` does for invoices.

        Points = floor(sum over the order's lines of price incl. taxes x category rate) x tier
        multiplier; the lines that redeem points (the redemption product) earn nothing. A refund
        order takes back at most what is left on the card. Each order posts once per card: the
        unique index on (card, order uuid, movement) refuses a second posting (ON CONFLICT DO
        NOTHING), whether the order is synced twice, late, or at two tills at once.
        Returns the ids of the partners whose points moved."""
        today = today or fields.Date.context_today(self)
        partners = set()
        if not order_ids:
            return []
        self.env.flush_all()
        for head in self._head_offices():
            program = head.member_program_id
            rates = program._member_rates()
            if not rates:
                continue
            default_rate = rates.pop(False, 0.0)
            rate_values = (
                SQL(", ").join(SQL("(%s, %s::numeric)", categ, rate) for categ, rate in rates.items())
                if rates
                else SQL("(NULL::int, 0::numeric)")
            )
            expiry = fields.Date.add(today, months=head.member_points_expiry_months)
            self.env.cr.execute(
                SQL(
                    """
WITH rates(categ_id, rate) AS (VALUES %(rate_values)s),
crate AS (
    SELECT c.id AS categ_id,
           COALESCE((SELECT r.rate FROM rates r JOIN product_category rc ON rc.id = r.categ_id
                      WHERE c.parent_path LIKE rc.parent_path || '%%'
                   ORDER BY length(rc.parent_path) DESC LIMIT 1), %(default_rate)s) AS rate
      FROM product_category c
),
src AS (
    SELECT o.id AS order_id, o.uuid, o.name AS order_name, o.company_id AS store_id,
           o.amount_total < 0 AS is_refund, p.member_card_id AS card_id,
           SUM(l.price_subtotal_incl) AS spend,
           FLOOR(ABS(SUM(l.price_subtotal_incl * COALESCE(cr.rate, %(default_rate)s)))
                 * COALESCE(t.multiplier, 1)) AS points
      FROM pos_order o
      JOIN res_company mc ON mc.id = o.company_id
      JOIN res_partner p ON p.id = o.partner_id AND p.is_member AND p.member_card_id IS NOT NULL
      LEFT JOIN member_tier t ON t.id = p.member_tier_id
      JOIN pos_order_line l ON l.order_id = o.id
                           AND SIGN(l.price_subtotal_incl) = SIGN(o.amount_total)
                           AND l.product_id IS DISTINCT FROM %(redeem_product)s
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      LEFT JOIN crate cr ON cr.categ_id = pt.categ_id
     WHERE o.id = ANY(%(order_ids)s)
       AND o.state IN ('paid', 'done', 'invoiced')
       AND o.amount_total <> 0
       AND mc.parent_path LIKE %(head_path)s
  GROUP BY o.id, p.member_card_id, t.multiplier
),
sized AS (
    SELECT s.*,
           CASE WHEN NOT s.is_refund THEN s.points ELSE 0 END AS issued,
           CASE WHEN s.is_refund THEN
                LEAST(s.points, GREATEST(0, c.points
                    + SUM(CASE WHEN NOT s.is_refund THEN s.points ELSE 0 END) OVER (PARTITION BY s.card_id)
                    - COALESCE(SUM(CASE WHEN s.is_refund THEN s.points ELSE 0 END)
                          OVER (PARTITION BY s.card_id ORDER BY s.order_id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)))
           ELSE 0 END AS used
      FROM src s JOIN loyalty_card c ON c.id = s.card_id
),
ins AS (
    INSERT INTO loyalty_history (card_id, description, issued, used, order_model, order_id,
                                 member_ledger, member_move_type, store_id, expiry_date,
                                 spend_amount, pos_order_uuid, partner_id, member_date,
                                 create_uid, create_date, write_uid, write_date)
    SELECT s.card_id,
           CASE WHEN s.is_refund THEN %(refund_label)s ELSE %(earn_label)s END || ' ' || s.order_name,
           s.issued, s.used, 'pos.order', s.order_id, TRUE,
           CASE WHEN s.is_refund THEN 'reversal' ELSE 'earn' END,
           s.store_id,
           CASE WHEN NOT s.is_refund THEN %(expiry)s::date END,
           s.spend, s.uuid, c.partner_id, %(today)s, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
           now() AT TIME ZONE 'UTC'
      FROM sized s JOIN loyalty_card c ON c.id = s.card_id
    ON CONFLICT DO NOTHING
    RETURNING card_id, partner_id
)
-- the database moves the cards' balances by the entries inserted (loyalty.history trigger)
SELECT DISTINCT ins.partner_id FROM ins
                    """,
                    rate_values=rate_values,
                    default_rate=default_rate,
                    order_ids=list(order_ids),
                    redeem_product=self.env["pos.order"]._member_pos_redeem_product().id or None,
                    head_path=f"{head.parent_path}%",
                    earn_label=self.env._("Points earned at the till on"),
                    refund_label=self.env._("Points taken back for the till refund"),
                    expiry=expiry,
                    today=today,
                    uid=self.env.uid,
                )
            )
            partners.update(row[0] for row in self.env.cr.fetchall())
        self.env["loyalty.card"].invalidate_model(["points"])
        self.env["loyalty.history"].invalidate_model()
        if partners:
            self._review_tiers(partner_ids=list(partners), today=today, upgrade_only=True)
        return list(partners)
