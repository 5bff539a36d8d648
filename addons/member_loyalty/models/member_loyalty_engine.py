import calendar
import logging
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def birthday_in_year(birth_date, year):
    """The birthday in `year`; 29 February becomes 28 February in common years."""
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, birth_date.month, birth_date.day)


class MemberLoyaltyEngine(models.AbstractModel):
    """Whole-table passes of the membership: each one is one SQL statement per head office,
    working on Odoo's loyalty cards (balance) and loyalty history (the ledger)."""

    _name = "member.loyalty.engine"
    _description = "Membership Engine"

    @api.model
    def _head_offices(self):
        return self.env["res.company"].sudo().search([("member_program_id", "!=", False), ("parent_id", "=", False)])

    # ------------------------------------------------------------------ points
    @api.model
    def _post_points(self, move_ids=None, today=None, lookback_days=90):
        """Post the points of paid customer invoices (and take them back for credit notes).

        Points = floor(sum over the invoice lines of price_total x category rate) x tier
        multiplier. Rates come from the member program's loyalty rules. An invoice is posted
        once per card (unique index); a credit note takes back at most what is left.
        Returns the ids of the partners whose points moved.
        """
        today = today or fields.Date.context_today(self)
        partners = set()
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
            move_filter = (
                SQL("m.id = ANY(%s)", list(move_ids))
                if move_ids is not None
                else SQL("m.date >= %s", fields.Date.subtract(today, days=lookback_days))
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
    SELECT m.id AS move_id, m.move_type, m.name AS move_name, m.company_id AS store_id,
           p.member_card_id AS card_id,
           SUM(l.price_total) AS spend,
           FLOOR(SUM(l.price_total * COALESCE(cr.rate, %(default_rate)s)) * COALESCE(t.multiplier, 1))
               AS points
      FROM account_move m
      JOIN res_company mc ON mc.id = m.company_id
      JOIN res_partner p ON p.id = m.partner_id AND p.is_member AND p.member_card_id IS NOT NULL
      LEFT JOIN member_tier t ON t.id = p.member_tier_id
      JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
                              AND l.price_total > 0
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      LEFT JOIN crate cr ON cr.categ_id = pt.categ_id
     WHERE %(move_filter)s%(more_filter)s
       AND m.state = 'posted'
       AND mc.parent_path LIKE %(head_path)s
       AND (m.move_type = 'out_refund'
            OR (m.move_type = 'out_invoice' AND m.payment_state IN ('paid', 'in_payment')))
       AND NOT EXISTS (SELECT 1 FROM loyalty_history h
                        WHERE h.card_id = p.member_card_id AND h.source_move_id = m.id)
  GROUP BY m.id, p.member_card_id, t.multiplier
),
sized AS (
    SELECT s.*,
           CASE WHEN s.move_type = 'out_invoice' THEN s.points ELSE 0 END AS issued,
           CASE WHEN s.move_type = 'out_refund' THEN
                LEAST(s.points, GREATEST(0, c.points
                    + SUM(CASE WHEN s.move_type = 'out_invoice' THEN s.points ELSE 0 END)
                          OVER (PARTITION BY s.card_id)
                    - COALESCE(SUM(CASE WHEN s.move_type = 'out_refund' THEN s.points ELSE 0 END)
                          OVER (PARTITION BY s.card_id ORDER BY s.move_id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)))
           ELSE 0 END AS used
      FROM src s JOIN loyalty_card c ON c.id = s.card_id
),
ins AS (
    INSERT INTO loyalty_history (card_id, description, issued, used, order_model, order_id,
                                 member_ledger, member_move_type, store_id, expiry_date,
                                 spend_amount, source_move_id, partner_id, member_date,
                                 create_uid, create_date, write_uid, write_date)
    SELECT s.card_id,
           CASE WHEN s.move_type = 'out_invoice' THEN %(earn_label)s ELSE %(refund_label)s END
               || ' ' || s.move_name,
           s.issued, s.used, 'account.move', s.move_id, TRUE,
           CASE WHEN s.move_type = 'out_invoice' THEN 'earn' ELSE 'reversal' END,
           s.store_id,
           CASE WHEN s.move_type = 'out_invoice' THEN %(expiry)s::date END,
           CASE WHEN s.move_type = 'out_invoice' THEN s.spend ELSE -s.spend END,
           s.move_id, c.partner_id, %(today)s, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
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
                    move_filter=move_filter,
                    more_filter=self._post_points_move_filter(),
                    head_path=f"{head.parent_path}%",
                    earn_label=self.env._("Points earned on"),
                    refund_label=self.env._("Points taken back for"),
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

    # ------------------------------------------------------------------ tiers
    @api.model
    def _review_tiers(self, partner_ids=None, today=None, upgrade_only=False):
        """Move members to the tier their rolling spend (or points) reaches.

        Upgrades happen at once; downgrades only once the review date plus the grace period
        has passed; a member keeping the tier at the review starts a new period.
        Returns the number of members whose tier (or review date) changed.
        """
        today = today or fields.Date.context_today(self)
        changed = 0
        self.env.flush_all()
        for head in self._head_offices():
            since = fields.Date.subtract(today, months=head.member_tier_period_months)
            partner_filter = SQL("AND p.id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()
            basis = SQL("h.spend_amount") if head.member_tier_basis == "spend" else SQL("(h.issued - h.used)")
            self.env.cr.execute(
                SQL(
                    """
WITH members AS (
    SELECT p.id, p.member_tier_id, p.member_tier_review_date, p.member_card_id, p.member_store_id,
           ot.threshold AS old_threshold
      FROM res_partner p
      JOIN member_tier ot ON ot.id = p.member_tier_id AND ot.company_id = %(head)s
     WHERE p.is_member %(partner_filter)s
),
basis AS (
    SELECT m.*, COALESCE((SELECT SUM(%(basis)s) FROM loyalty_history h
                           WHERE h.card_id = m.member_card_id AND h.member_ledger
                             AND (h.member_move_type = 'earn'
                                  OR (h.member_move_type = 'reversal' AND h.spend_amount <> 0))
                             AND h.member_date > %(since)s), 0) AS amount
      FROM members m
),
decision AS (
    SELECT b.*, nt.id AS new_tier, nt.threshold AS new_threshold,
           CASE WHEN nt.threshold > b.old_threshold THEN 'upgrade'
                WHEN NOT %(upgrade_only)s AND nt.threshold < b.old_threshold
                     AND b.member_tier_review_date + %(grace)s <= %(today)s THEN 'downgrade'
                WHEN NOT %(upgrade_only)s AND nt.threshold >= b.old_threshold
                     AND b.member_tier_review_date <= %(today)s THEN 'renewal'
           END AS reason
      FROM basis b
      CROSS JOIN LATERAL (SELECT t.id, t.threshold FROM member_tier t
                           WHERE t.company_id = %(head)s AND t.active AND t.threshold <= b.amount
                        ORDER BY t.threshold DESC LIMIT 1) nt
),
upd AS (
    UPDATE res_partner p
       SET member_tier_id = CASE WHEN d.reason = 'renewal' THEN p.member_tier_id
                                 ELSE d.new_tier END,
           member_tier_date = CASE WHEN d.reason = 'renewal' THEN p.member_tier_date
                                   ELSE %(today)s END,
           member_tier_review_date = %(next_review)s
      FROM decision d
     WHERE d.id = p.id AND d.reason IS NOT NULL
 RETURNING p.id, d.member_tier_id AS old_tier, p.member_tier_id AS new_tier, d.reason, d.amount,
           d.old_threshold, p.member_store_id
),
hist AS (
    INSERT INTO member_tier_history (partner_id, old_tier_id, new_tier_id, date, reason,
                                     basis_amount, company_id, user_id,
                                     create_uid, create_date, write_uid, write_date)
    SELECT id, old_tier, new_tier, now() AT TIME ZONE 'UTC', reason, amount, member_store_id,
           %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
      FROM upd
     WHERE reason <> 'renewal' OR old_threshold > 0
)
SELECT count(*) FROM upd
                    """,
                    head=head.id,
                    partner_filter=partner_filter,
                    basis=basis,
                    since=since,
                    upgrade_only=upgrade_only,
                    grace=head.member_tier_grace_days,
                    today=today,
                    next_review=fields.Date.add(today, months=head.member_tier_period_months),
                    uid=self.env.uid,
                )
            )
            changed += self.env.cr.fetchone()[0]
        self.env["res.partner"].invalidate_model(["member_tier_id", "member_tier_date", "member_tier_review_date"])
        self.env["member.tier.history"].invalidate_model()
        return changed

    # ------------------------------------------------------------------ expiry
    @api.model
    def _expire_points(self, today=None, since=None):
        """Expire, first in first out, the points whose lots reached their expiry date.

        Only cards with a lot expiring after `since` (the last run) are looked at.
        Returns the total of points expired.
        """
        today = today or fields.Date.context_today(self)
        params = self.env["ir.config_parameter"].sudo()
        if since is None:
            last = params.get_param("member_loyalty.expiry_last_run")
            since = fields.Date.to_date(last) if last else date(1970, 1, 1)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
WITH candidates AS (
    SELECT DISTINCT card_id FROM loyalty_history
     WHERE member_ledger AND expiry_date > %(since)s AND expiry_date <= %(today)s
),
due AS (
    SELECT h.card_id, MAX(h.partner_id) AS partner_id,
           GREATEST(0, SUM(CASE WHEN h.expiry_date <= %(today)s THEN h.issued ELSE 0 END)
                       - GREATEST(0, SUM(CASE WHEN h.expiry_date IS NULL THEN h.used - h.issued
                                              ELSE h.used END))) AS amount
      FROM loyalty_history h JOIN candidates c ON c.card_id = h.card_id
     WHERE h.member_ledger
  GROUP BY h.card_id
),
ins AS (
    INSERT INTO loyalty_history (card_id, description, issued, used, member_ledger,
                                 member_move_type, partner_id, member_date,
                                 create_uid, create_date, write_uid, write_date)
    SELECT card_id, %(label)s, 0, amount, TRUE, 'expire', partner_id, %(today)s,
           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
      FROM due WHERE amount > 0
    RETURNING card_id, used
)
-- the database moves the cards' balances by the entries inserted (loyalty.history trigger)
SELECT COALESCE(SUM(used), 0) FROM ins
                """,
                since=since,
                today=today,
                label=self.env._("Points expired"),
                uid=self.env.uid,
            )
        )
        total = self.env.cr.fetchone()[0]
        params.set_param("member_loyalty.expiry_last_run", fields.Date.to_string(today))
        self.env["loyalty.card"].invalidate_model(["points"])
        self.env["loyalty.history"].invalidate_model()
        return total

    @api.model
    def _remind_expiring_points(self, today=None):
        """E-mail the members whose points expire within the reminder period (once a period)."""
        today = today or fields.Date.context_today(self)
        template = self.env.ref("member_loyalty.mail_template_points_expiring", raise_if_not_found=False)
        reminded = self.env["loyalty.card"]
        self.env.flush_all()
        for head in self._head_offices():
            until = fields.Date.add(today, days=head.member_points_reminder_days)
            window_start = fields.Date.subtract(today, days=head.member_points_reminder_days)
            self.env.cr.execute(
                SQL(
                    """
SELECT DISTINCT h.card_id FROM loyalty_history h JOIN loyalty_card c ON c.id = h.card_id
 WHERE h.member_ledger AND h.expiry_date > %(today)s AND h.expiry_date <= %(until)s
   AND c.program_id = %(program)s AND c.points > 0
   AND (c.member_expiry_reminder_date IS NULL OR c.member_expiry_reminder_date <= %(start)s)
                    """,
                    today=today,
                    until=until,
                    program=head.member_program_id.id,
                    start=window_start,
                )
            )
            cards = self.env["loyalty.card"].browse([r[0] for r in self.env.cr.fetchall()])
            data = cards._member_expiring(until)
            cards = cards.filtered(lambda c, data=data: data.get(c.id, (0, 0))[0] > 0)
            if not cards:
                continue
            if template:
                for card in cards.filtered(lambda c: c.partner_id.email):
                    template.send_mail(card.id, email_layout_xmlid="mail.mail_notification_light")
            cards.write({"member_expiry_reminder_date": today})
            reminded |= cards
        return reminded

    # ------------------------------------------------------------------ birthdays
    @api.model
    def _issue_birthday_coupons(self, today=None):
        """Issue each member's birthday coupon N days before the birthday, once a year."""
        today = today or fields.Date.context_today(self)
        birthday_type = self.env.ref("customer_core.date_type_birthday")
        issued = self.env["member.birthday.coupon"]
        for head in self._head_offices():
            days = head.member_birthday_days_before
            key_dates = (
                self.env["customer.key.date"]
                .sudo()
                .search(
                    [
                        ("date_type_id", "=", birthday_type.id),
                        ("partner_id.is_member", "=", True),
                        ("partner_id.member_tier_id.company_id", "=", head.id),
                    ]
                )
            )
            todo = []
            for key_date in key_dates:
                birthday = birthday_in_year(key_date.date, today.year)
                if birthday < today:
                    birthday = birthday_in_year(key_date.date, today.year + 1)
                if (birthday - today).days > days:
                    continue
                todo.append((key_date.partner_id, birthday))
            if not todo:
                continue
            done = set(
                self.env["member.birthday.coupon"]
                .sudo()
                .search_fetch(
                    [
                        ("partner_id", "in", [p.id for p, _b in todo]),
                        ("year", "in", list({b.year for _p, b in todo})),
                    ],
                    ["partner_id", "year"],
                )
                .mapped(lambda r: (r.partner_id.id, r.year))
            )
            for partner, birthday in todo:
                if (partner.id, birthday.year) in done:
                    continue
                program = partner.member_tier_id.birthday_program_id or head.member_birthday_program_id
                if not program:
                    continue
                done.add((partner.id, birthday.year))
                issued |= self._issue_birthday_coupon(partner, program, birthday, head)
        return issued

    @api.model
    def _issue_birthday_coupon(self, partner, program, birthday, head):
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": program.id,
                    "partner_id": partner.id,
                    "points": 1,
                    "expiration_date": fields.Date.add(birthday, days=head.member_birthday_validity_days),
                }
            )
        )
        return (
            self.env["member.birthday.coupon"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "year": birthday.year,
                    "birthday": birthday,
                    "card_id": card.id,
                    "company_id": partner.member_store_id.id,
                }
            )
        )

    # ------------------------------------------------------------------ crons
    @api.model
    def _cron_post_points(self):
        self._post_points()

    @api.model
    def _cron_nightly(self):
        self._enqueue_rfm_refresh()
        self._expire_points()
        self._review_tiers()
        self._remind_expiring_points()
        self._issue_birthday_coupons()

    # ------------------------------------------------------------------ RFM
    @api.model
    def _refresh_rfm(self, today=None, window_months=36, head_ids=None):
        """Recency, frequency and monetary value of every member from the paid sales of the
        last `window_months` (the ledger's points-earning entries, less refunds), scored 1-5
        by quintiles per head office (cume_dist: equal values get equal scores), and the RFM
        segment, into `member.rfm.score` — one statement per head office (an upsert writing only
        the rows whose scores change, and the deletion of the rows of members no longer scored:
        no purchase in the window, or no longer a member). Returns the number of rows written.

        When the Point of Sale is installed, paid POS orders of members that were not invoiced
        (an invoiced one is already in the ledger) count as purchases too."""
        today = today or fields.Date.context_today(self)
        since = fields.Date.subtract(today, months=window_months)
        updated = 0
        self.env.flush_all()
        heads = self._head_offices()
        if head_ids is not None:
            heads = heads.filtered(lambda h: h.id in head_ids)
        pos_source = self._rfm_pos_sales(since, fields.Date.add(today, days=1))
        # the statement runs in a few seconds, but its cost estimate is far above PostgreSQL's JIT
        # thresholds: compiling it with inlining and optimisation would cost more than running it
        self.env.cr.execute("SET LOCAL jit = off")
        for head in heads:
            self.env.cr.execute(
                SQL(
                    """
WITH members AS (
    SELECT p.id, p.member_store_id AS store_id FROM res_partner p JOIN res_company c ON c.id = p.member_store_id
     WHERE p.is_member AND c.parent_path LIKE %(head_path)s
),
sales(partner_id, day, is_purchase, amount) AS (
    SELECT h.partner_id, h.member_date, h.member_move_type = 'earn', h.spend_amount
      FROM loyalty_history h
      JOIN members mb ON mb.id = h.partner_id
     WHERE h.member_ledger AND h.member_move_type IN ('earn', 'reversal')
       AND h.spend_amount <> 0
       AND h.member_date > %(since)s AND h.member_date <= %(today)s%(pos_source)s
),
src AS (
    SELECT partner_id,
           MAX(day) FILTER (WHERE is_purchase) AS last_date,
           COUNT(*) FILTER (WHERE is_purchase) AS frequency,
           SUM(amount) AS monetary
      FROM sales
  GROUP BY partner_id
),
scored AS (
    SELECT partner_id, %(today)s::date - last_date AS recency, frequency, monetary,
           CEIL(5 * cume_dist() OVER (ORDER BY %(today)s::date - last_date DESC))::int AS r,
           CEIL(5 * cume_dist() OVER (ORDER BY frequency))::int AS f,
           CEIL(5 * cume_dist() OVER (ORDER BY monetary))::int AS m
      FROM src WHERE frequency > 0
),
target AS (
    SELECT s.partner_id, mb.store_id, s.recency, s.frequency, s.monetary, s.r, s.f, s.m,
           (SELECT seg.id FROM member_rfm_segment seg
             WHERE seg.company_id = %(head)s
               AND s.r BETWEEN seg.r_min AND seg.r_max AND s.f BETWEEN seg.f_min AND seg.f_max
               AND s.m BETWEEN seg.m_min AND seg.m_max
          ORDER BY seg.sequence LIMIT 1) AS segment_id
      FROM scored s JOIN members mb ON mb.id = s.partner_id
),
upserted AS (
    INSERT INTO member_rfm_score AS sc (partner_id, company_id, recency_days, frequency, monetary, r, f, m,
                                        r_band, f_band, m_band, member_count, average_spend,
                                        segment_id, date, create_uid, create_date, write_uid, write_date)
    SELECT partner_id, store_id, recency, frequency, monetary, r, f, m,
           r::varchar, f::varchar, m::varchar, 1, monetary, segment_id, %(today)s::date,
           %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM target
        ON CONFLICT (partner_id) DO UPDATE
       SET company_id = EXCLUDED.company_id, recency_days = EXCLUDED.recency_days,
           frequency = EXCLUDED.frequency, monetary = EXCLUDED.monetary, r = EXCLUDED.r, f = EXCLUDED.f,
           m = EXCLUDED.m, r_band = EXCLUDED.r_band, f_band = EXCLUDED.f_band, m_band = EXCLUDED.m_band,
           member_count = 1, average_spend = EXCLUDED.average_spend,
           segment_id = EXCLUDED.segment_id, date = EXCLUDED.date,
           write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
     -- only rows whose scores change are written
     WHERE (sc.company_id, sc.recency_days, sc.frequency, sc.monetary, sc.r, sc.f, sc.m, sc.segment_id, sc.date)
           IS DISTINCT FROM (EXCLUDED.company_id, EXCLUDED.recency_days, EXCLUDED.frequency, EXCLUDED.monetary,
                             EXCLUDED.r, EXCLUDED.f, EXCLUDED.m, EXCLUDED.segment_id, EXCLUDED.date)
 RETURNING 1
),
dropped AS (
    -- members of this head office no longer scored (no purchase in the window, no longer members)
    DELETE FROM member_rfm_score sc USING res_company c
     WHERE c.id = sc.company_id AND c.parent_path LIKE %(head_path)s
       AND NOT EXISTS (SELECT 1 FROM scored s WHERE s.partner_id = sc.partner_id)
 RETURNING 1
)
SELECT (SELECT COUNT(*) FROM upserted) + (SELECT COUNT(*) FROM dropped)
                    """,
                    head_path=f"{head.parent_path}%",
                    head=head.id,
                    since=since,
                    today=today,
                    pos_source=pos_source,
                    uid=self.env.uid,
                    now=fields.Datetime.now(),
                )
            )
            updated += self.env.cr.fetchone()[0]
        self.env.cr.execute("RESET jit")
        self.env["member.rfm.score"].invalidate_model()
        partner_fields = self.env["res.partner"]._fields
        self.env["res.partner"].invalidate_model([name for name in partner_fields if name.startswith("rfm_")])
        return updated

    @api.model
    def _rfm_pos_sales(self, since, until):
        """The purchases of the Point of Sale that are not in the ledger, as rows (partner_id,
        day, is_purchase, amount) to add to the RFM's sales (``UNION ALL ...``): when the Point
        of Sale is installed, the paid POS orders of members that were not invoiced (an invoiced
        one is already in the ledger)."""
        if "pos.order" not in self.env:
            return SQL()
        return SQL(
            """
    UNION ALL
    SELECT o.partner_id, (o.date_order AT TIME ZONE 'UTC')::date, o.amount_total > 0, o.amount_total
      FROM pos_order o JOIN members mb ON mb.id = o.partner_id
     WHERE o.state IN ('paid', 'done') AND o.account_move IS NULL AND o.amount_total <> 0
       AND o.date_order >= %(since)s AND o.date_order < %(until)s%(more)s""",
            since=since,
            until=until,
            more=self._rfm_pos_sales_filter(),
        )

    @api.model
    def _rfm_pos_sales_filter(self):
        """More conditions on the POS orders of `_rfm_pos_sales` (``AND ...`` on ``o``)."""
        return SQL()

    @api.model
    def _post_points_move_filter(self):
        """More conditions on the invoices whose points `_post_points` posts (``AND ...`` on
        ``m``): an addon that posts the points of some sales another way leaves them out."""
        return SQL()

    @api.model
    def _enqueue_rfm_refresh(self, today=None):
        """One queue_job job per head office (channel root.member_loyalty), visible under Jobs;
        runs at once with the context key ``queue_job__no_delay``."""
        jobs = []
        for head in self._head_offices():
            jobs.append(
                self.with_delay(
                    description=self.env._("RFM refresh of %(company)s", company=head.name),
                    identity_key=f"member_rfm_refresh_{head.id}_{today or ''}",
                )._refresh_rfm(today=today, head_ids=[head.id])
            )
        return jobs
