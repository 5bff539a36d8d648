"""Benchmark of member_loyalty's RFM refresh, campaign ROI and repurchase analysis (issue 10).

Copies an installed database (BENCH_SOURCE_DB, default dev_member_loyalty) into bench_rfm and
generates in SQL 100,000 members and, over 3 years, 200,000 paid orders of 5 lines (1,000,000
order lines): each order is a paid customer invoice with 5 product lines (what the repurchase
analysis reads) and one ledger entry (points earned, amount paid: what the RFM reads).
Times, each in a transaction rolled back after (median of BENCH_RUNS):

- the RFM refresh (`member.loyalty.engine._refresh_rfm`, one upsert into member_rfm_score per head office) beside
  bare SQL of the same aggregate, scores and segment, and beside pandas on the exported rows
  (export included, and the pandas computation alone);
- the same refresh run again the same day (nothing changed: no row written);
- the ROI figures of a campaign sent to 20,000 members with a 10 % control group;
- the repurchase analysis by store and product category (`member.repurchase.report`, a view)
  beside bare SQL and pandas.

Environment (exported by ./scripts/bench): SUITE_ODOO_TREE, SUITE_ODOO_CONF; BENCH_SOURCE_DB,
BENCH_MEMBERS (100000), BENCH_ORDERS (200000), BENCH_RUNS (3), BENCH_KEEP_DB (reuse bench_rfm).
"""

import os
import sys
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl
import pandas as pd

from odoo import api

SOURCE = os.environ.get("BENCH_SOURCE_DB", "dev_member_loyalty")
DB = "bench_rfm"
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
ORDERS = int(os.environ.get("BENCH_ORDERS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TODAY = date.today()
SINCE = TODAY - timedelta(days=3 * 365 + 1)


def generate():
    with bl.registry(DB).cursor() as cr:
        cr.execute(
            "SELECT id, member_program_id, currency_id FROM res_company WHERE parent_id IS NULL "
            "AND member_program_id IS NOT NULL ORDER BY id LIMIT 1"
        )
        head, program, currency = cr.fetchone()
        cr.execute("SELECT id FROM res_company WHERE parent_id = %s", [head])
        stores = [r[0] for r in cr.fetchall()] or [head]
        cr.execute("SELECT id FROM member_tier WHERE company_id = %s ORDER BY threshold LIMIT 1", [head])
        tier = cr.fetchone()[0]
        cr.execute("SELECT id FROM account_journal WHERE type = 'sale' ORDER BY id LIMIT 1")
        journal = cr.fetchone()[0]
        cr.execute("SELECT id FROM account_account WHERE account_type = 'income' ORDER BY id LIMIT 1")
        account = cr.fetchone()[0]
        cr.execute(
            "SELECT pp.id FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id "
            "WHERE pt.categ_id IS NOT NULL ORDER BY pp.id LIMIT 40"
        )
        products = [r[0] for r in cr.fetchall()]
        bl.log(f"members: {MEMBERS}, paid orders over 3 years: {ORDERS} (x5 lines)")
        cr.execute(
            """
INSERT INTO res_partner (name, active, is_member, member_number, member_store_id, member_tier_id,
                         marketing_consent, autopost_bills, type, create_date, write_date)
SELECT 'RFM member ' || g, TRUE, TRUE, 'R' || lpad(g::text, 8, '0'),
       (%(stores)s::int[])[1 + g %% array_length(%(stores)s::int[], 1)], %(tier)s, TRUE, 'ask', 'contact',
       now(), now()
  FROM generate_series(1, %(n)s) g;
UPDATE res_partner SET commercial_partner_id = id WHERE member_number LIKE 'R0%%';
INSERT INTO loyalty_card (program_id, company_id, partner_id, points, code, active, balance_guard)
SELECT %(program)s, %(head)s, id, 0, 'RFMB' || id, TRUE, TRUE FROM res_partner WHERE member_number LIKE 'R0%%';
UPDATE res_partner p SET member_card_id = c.id FROM loyalty_card c
 WHERE c.partner_id = p.id AND c.code LIKE 'RFMB%%';
CREATE TEMP TABLE m AS SELECT row_number() OVER (ORDER BY id) AS n, id, member_card_id, member_store_id
  FROM res_partner WHERE member_number LIKE 'R0%%';
CREATE TEMP TABLE o AS
SELECT g, m.id AS partner_id, m.member_card_id, m.member_store_id,
       %(today)s::date - 1 - ((hashint4(g) & 2147483647) %% 1095) AS day, s.amount
  FROM generate_series(1, %(orders)s) g
  JOIN m ON m.n = 1 + (hashint4(g * 31) & 2147483647) %% %(n)s
  CROSS JOIN LATERAL (SELECT round((100 + (hashint4(g * 7) & 2147483647) %% 2400)::numeric, 2) AS amount) s;
INSERT INTO account_move (name, journal_id, currency_id, company_id, state, move_type, auto_post, date,
                          invoice_date, payment_state, partner_id, commercial_partner_id,
                          amount_untaxed_signed, amount_total_signed, ref, create_date, write_date)
SELECT 'RFMINV/' || g, %(journal)s, %(currency)s, member_store_id, 'posted', 'out_invoice', 'no', day, day,
       'paid', partner_id, partner_id, amount, amount, 'rfm-bench-' || g, now(), now()
  FROM o;
INSERT INTO account_move_line (move_id, currency_id, company_id, account_id, display_type, product_id,
                               partner_id, date, price_subtotal, price_total, balance, amount_currency,
                               debit, credit, quantity)
SELECT am.id, %(currency)s, am.company_id, %(account)s, 'product',
       (%(products)s::int[])[1 + (hashint4(am.id * 11 + k) & 2147483647) %% array_length(%(products)s::int[], 1)],
       am.partner_id, am.date, am.amount_untaxed_signed / 5, am.amount_untaxed_signed / 5,
       -am.amount_untaxed_signed / 5, -am.amount_untaxed_signed / 5, 0, am.amount_untaxed_signed / 5, 1
  FROM account_move am CROSS JOIN generate_series(1, 5) k
 WHERE am.ref LIKE 'rfm-bench-%%';
INSERT INTO loyalty_history (card_id, partner_id, store_id, description, issued, used, member_ledger,
                             member_move_type, member_date, spend_amount, create_date, write_date)
SELECT member_card_id, partner_id, member_store_id, 'rfm bench', amount, 0, TRUE, 'earn', day, amount,
       now(), now()
  FROM o;
            """,
            {
                "stores": stores,
                "tier": tier,
                "n": MEMBERS,
                "program": program,
                "head": head,
                "orders": ORDERS,
                "today": TODAY,
                "journal": journal,
                "account": account,
                "currency": currency,
                "products": products,
            },
        )
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


BARE_RFM = """
WITH src AS (
    SELECT h.partner_id, MAX(h.member_date) AS last_date, COUNT(*) AS frequency, SUM(h.spend_amount) AS monetary
      FROM loyalty_history h JOIN res_partner p ON p.id = h.partner_id AND p.is_member
     WHERE h.member_ledger AND h.member_move_type = 'earn' AND h.member_date > %(since)s
  GROUP BY h.partner_id
), scored AS (
    SELECT partner_id, %(today)s::date - last_date AS recency, frequency, monetary,
           CEIL(5 * cume_dist() OVER (ORDER BY %(today)s::date - last_date DESC))::int AS r,
           CEIL(5 * cume_dist() OVER (ORDER BY frequency))::int AS f,
           CEIL(5 * cume_dist() OVER (ORDER BY monetary))::int AS m
      FROM src
), upserted AS (
    INSERT INTO member_rfm_score AS sc (partner_id, company_id, recency_days, frequency, monetary, r, f, m,
                                        segment_id, date)
    SELECT s.partner_id, p.member_store_id, s.recency, s.frequency, s.monetary, s.r, s.f, s.m,
           (SELECT seg.id FROM member_rfm_segment seg
             WHERE s.r BETWEEN seg.r_min AND seg.r_max AND s.f BETWEEN seg.f_min AND seg.f_max
               AND s.m BETWEEN seg.m_min AND seg.m_max ORDER BY seg.sequence LIMIT 1), %(today)s
      FROM scored s JOIN res_partner p ON p.id = s.partner_id
        ON CONFLICT (partner_id) DO UPDATE
       SET company_id = EXCLUDED.company_id, recency_days = EXCLUDED.recency_days, frequency = EXCLUDED.frequency,
           monetary = EXCLUDED.monetary, r = EXCLUDED.r, f = EXCLUDED.f, m = EXCLUDED.m,
           segment_id = EXCLUDED.segment_id, date = EXCLUDED.date
     WHERE (sc.company_id, sc.recency_days, sc.frequency, sc.monetary, sc.r, sc.f, sc.m, sc.segment_id, sc.date)
           IS DISTINCT FROM (EXCLUDED.company_id, EXCLUDED.recency_days, EXCLUDED.frequency, EXCLUDED.monetary,
                             EXCLUDED.r, EXCLUDED.f, EXCLUDED.m, EXCLUDED.segment_id, EXCLUDED.date)
 RETURNING 1
), dropped AS (
    DELETE FROM member_rfm_score sc WHERE NOT EXISTS (SELECT 1 FROM scored s WHERE s.partner_id = sc.partner_id)
 RETURNING 1
)
SELECT (SELECT COUNT(*) FROM upserted) + (SELECT COUNT(*) FROM dropped)
"""

BARE_REPURCHASE = """
WITH purchases AS (
    SELECT m.company_id AS store_id, pt.categ_id, m.commercial_partner_id AS partner_id, m.invoice_date AS day
      FROM account_move m JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
      JOIN product_product pp ON pp.id = l.product_id JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.payment_state IN ('paid', 'in_payment')
  GROUP BY 1, 2, 3, 4
), gaps AS (
    SELECT *, day - LAG(day) OVER (PARTITION BY store_id, categ_id, partner_id ORDER BY day) AS gap FROM purchases
)
SELECT store_id, categ_id, COUNT(DISTINCT partner_id), COUNT(DISTINCT partner_id) FILTER (WHERE gap IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)
  FROM gaps GROUP BY store_id, categ_id
"""


def export_ledger(env):
    env.cr.execute(
        "SELECT h.partner_id, h.member_date, h.spend_amount FROM loyalty_history h "
        "JOIN res_partner p ON p.id = h.partner_id AND p.is_member "
        "WHERE h.member_ledger AND h.member_move_type = 'earn' AND h.member_date > %s",
        [SINCE],
    )
    return pd.DataFrame(env.cr.fetchall(), columns=["partner_id", "day", "amount"])


def pandas_rfm(df):
    agg = df.groupby("partner_id").agg(last=("day", "max"), frequency=("day", "size"), monetary=("amount", "sum"))
    agg["recency"] = (pd.Timestamp(TODAY) - pd.to_datetime(agg["last"])).dt.days
    # cume_dist with ties sharing the highest rank, as PostgreSQL's
    for col, key, asc in (("r", "recency", False), ("f", "frequency", True), ("m", "monetary", True)):
        agg[col] = (5 * agg[key].rank(method="max", ascending=asc, pct=True)).apply(lambda v: int(-(-v // 1)))
    return agg


def export_lines(env):
    env.cr.execute(
        "SELECT m.company_id, pt.categ_id, m.commercial_partner_id, m.invoice_date FROM account_move m "
        "JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product' "
        "JOIN product_product pp ON pp.id = l.product_id JOIN product_template pt ON pt.id = pp.product_tmpl_id "
        "WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.payment_state IN ('paid', 'in_payment')"
    )
    return pd.DataFrame(env.cr.fetchall(), columns=["store_id", "categ_id", "partner_id", "day"])


def pandas_repurchase(df):
    df = df.drop_duplicates().sort_values(["store_id", "categ_id", "partner_id", "day"])
    df["gap"] = pd.to_datetime(df["day"]).groupby([df["store_id"], df["categ_id"], df["partner_id"]]).diff().dt.days
    grouped = df.groupby(["store_id", "categ_id"])
    return pd.DataFrame(
        {
            "customers": grouped["partner_id"].nunique(),
            "repeaters": df[df["gap"].notna()].groupby(["store_id", "categ_id"])["partner_id"].nunique(),
            "median_gap": grouped["gap"].median(),
        }
    )


def rb(fn):
    """Median over RUNS of fn(env) in a rolled-back transaction (the timing of fn only)."""
    times = [bl.rolled_back(DB, fn)[0] for _ in range(RUNS)]
    return sorted(times)[len(times) // 2]


def rb_pair(fn_a, fn_b):
    """Medians over RUNS of fn_a(env) and fn_b(env), run alternately (a drift of the machine's load
    weighs on both sides alike), each in a rolled-back transaction."""
    times_a, times_b = [], []
    for _ in range(RUNS):
        times_a.append(bl.rolled_back(DB, fn_a)[0])
        times_b.append(bl.rolled_back(DB, fn_b)[0])
    return sorted(times_a)[len(times_a) // 2], sorted(times_b)[len(times_b) // 2]


def committed(sql):
    with bl.registry(DB).cursor() as cr:
        if sql.startswith("VACUUM"):
            cr._cnx.autocommit = True
        cr.execute(sql)
        cr.commit()


def main():
    if bl.clone_db(SOURCE, DB):
        generate()
        bl.log("data ready")
    table = bl.Table()
    engine = lambda env: env["member.loyalty.engine"]
    committed("DELETE FROM member_rfm_score")
    committed("VACUUM ANALYZE member_rfm_score")

    # first refresh: every member gets scores
    count = bl.rolled_back(DB, lambda env: engine(env)._refresh_rfm(today=TODAY))[1]
    bl.log(f"RFM refresh: {count} members scored")
    ours, bare = rb_pair(
        lambda env: engine(env)._refresh_rfm(today=TODAY),
        lambda env: env.cr.execute(BARE_RFM, {"today": TODAY, "since": SINCE}),
    )
    table.add("RFM first refresh (no scores yet)", ours, bare, "bare SQL")

    # the nightly refresh: yesterday's scores in place, every recency moves by a day
    with bl.registry(DB).cursor() as cr:
        api.Environment(cr, api.SUPERUSER_ID, {})["member.loyalty.engine"]._refresh_rfm(today=TODAY - timedelta(days=1))
        cr.commit()
    committed("VACUUM ANALYZE member_rfm_score")
    ours, bare = rb_pair(
        lambda env: engine(env)._refresh_rfm(today=TODAY),
        lambda env: env.cr.execute(BARE_RFM, {"today": TODAY, "since": SINCE}),
    )
    pandas_all = rb(lambda env: pandas_rfm(export_ledger(env)))
    frame = bl.rolled_back(DB, export_ledger)[1]
    pandas_only = bl.median(lambda: pandas_rfm(frame), runs=RUNS)[0]
    table.add("RFM nightly refresh (100,000 members)", ours, bare, "bare SQL", "< 5 s, <= 1.3x bare SQL")
    table.add("RFM nightly refresh", ours, pandas_all, "pandas incl. export")
    table.add("RFM nightly refresh", ours, pandas_only, "pandas compute only")

    def again(env):
        engine(env)._refresh_rfm(today=TODAY)
        env.flush_all()
        t0 = time.perf_counter()
        written = engine(env)._refresh_rfm(today=TODAY)
        return time.perf_counter() - t0, written

    elapsed, written = bl.rolled_back(DB, again)[1]
    table.add(f"RFM refresh again, same day ({written} rows written)", elapsed, bare, "bare SQL (writes all)")

    def campaign(env):
        partners = env["res.partner"].search([("member_number", "like", "R0%")], limit=20000)
        camp = env["member.campaign"].create({"name": "bench", "company_id": partners[:1].member_store_id.root_id.id})
        env.cr.execute(
            "INSERT INTO member_campaign_target (campaign_id, partner_id, is_control, company_id) "
            "SELECT %s, id, (id %% 10 = 0), %s FROM res_partner WHERE id = ANY(%s)",
            [camp.id, camp.company_id.id, partners.ids],
        )
        camp.date_sent = TODAY - timedelta(days=200)
        env.flush_all()
        env.cr.execute("ANALYZE member_campaign_target")
        t0 = time.perf_counter()
        camp._results()
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        env.cr.execute(
            """
WITH sales AS (SELECT h.partner_id, SUM(h.spend_amount) AS amount FROM loyalty_history h
                 JOIN member_campaign_target t ON t.partner_id = h.partner_id AND t.campaign_id = %(id)s
                WHERE h.member_ledger AND h.member_move_type IN ('earn', 'reversal') AND h.spend_amount <> 0
                  AND h.member_date >= %(start)s AND h.member_date < %(stop)s GROUP BY h.partner_id)
SELECT t.is_control, COUNT(*), COUNT(s.partner_id), COALESCE(SUM(s.amount), 0)
  FROM member_campaign_target t LEFT JOIN sales s ON s.partner_id = t.partner_id
 WHERE t.campaign_id = %(id)s GROUP BY t.is_control
            """,
            {"id": camp.id, "start": camp.date_sent, "stop": camp.date_sent + timedelta(days=30)},
        )
        env.cr.fetchall()
        bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        env.cr.execute(
            "SELECT t.partner_id, t.is_control, h.member_date, h.spend_amount FROM member_campaign_target t "
            "JOIN loyalty_history h ON h.partner_id = t.partner_id AND h.member_ledger WHERE t.campaign_id = %s",
            [camp.id],
        )
        df = pd.DataFrame(env.cr.fetchall(), columns=["partner_id", "control", "day", "amount"])
        window = df[(df["day"] >= camp.date_sent) & (df["day"] < camp.date_sent + timedelta(days=30))]
        window.groupby("control")["amount"].agg(["sum", "count"])
        py = time.perf_counter() - t0
        return ours, bare, py

    ours, bare, py = bl.rolled_back(DB, campaign)[1]
    table.add("campaign ROI, 20,000 targets, 10 % control", ours, bare, "bare SQL")
    table.add("campaign ROI", ours, py, "pandas incl. export")

    def ours_repurchase(env):
        env.cr.execute("SELECT * FROM member_repurchase_report")
        return len(env.cr.fetchall())

    rows = bl.rolled_back(DB, ours_repurchase)[1]
    bl.log(f"repurchase analysis: {rows} store x category rows")
    ours = rb(ours_repurchase)
    bare = rb(lambda env: env.cr.execute(BARE_REPURCHASE) or env.cr.fetchall())
    pandas_all = rb(lambda env: pandas_repurchase(export_lines(env)))
    frame = bl.rolled_back(DB, export_lines)[1]
    pandas_only = bl.median(lambda: pandas_repurchase(frame), runs=RUNS)[0]
    table.add("repurchase by store x category (1,000,000 lines)", ours, bare, "bare SQL")
    table.add("repurchase by store x category", ours, pandas_all, "pandas incl. export")
    table.add("repurchase by store x category", ours, pandas_only, "pandas compute only")
    table.print(f"rfm benchmark: {MEMBERS} members, {ORDERS} paid orders x 5 lines, median of {RUNS} runs")


if __name__ == "__main__":
    main()
