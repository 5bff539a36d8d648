"""Benchmark of member_loyalty's RFM refresh and campaign ROI (issue 10).

Builds bench_rfm from an installed database (TEMPLATE) and generates in SQL 100,000
members and, over 3 years, 200,000 paid orders of 5 lines (1,000,000 order lines) as they
reach the RFM: one ledger entry (points earned, amount paid) per paid order. Times, each in
a transaction rolled back after:

- the RFM refresh (`member.loyalty.engine._refresh_rfm`, one statement) beside bare SQL of
  the same aggregate and scores, and beside a Python baseline on the exported rows
  (pandas is not in the suite's environment: plain Python sort/bisect on the same rows);
- the ROI of a campaign sent to 20,000 members with a 10 % control group
  (`member.campaign._results`) beside bare SQL.

Environment: SUITE_ODOO_TREE, SUITE_ODOO_CONF; BENCH_SOURCE_DB (dev_member_loyalty),
BENCH_MEMBERS (100000), BENCH_ORDERS (200000).
"""

import bisect
import os
import sys
import time
from collections import defaultdict
from datetime import date, timedelta

TREE = os.environ["SUITE_ODOO_TREE"]
CONF = os.environ["SUITE_ODOO_CONF"]
sys.path.insert(0, TREE)

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tools import config

SOURCE = os.environ.get("BENCH_SOURCE_DB", "dev_member_loyalty")
DB = "bench_rfm"
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
ORDERS = int(os.environ.get("BENCH_ORDERS", "200000"))
TODAY = date.today()


def log(msg):
    print(f"[bench] {msg}", flush=True)


def create_db():
    with db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        cr.execute(f'CREATE DATABASE "{DB}" TEMPLATE "{SOURCE}"')


def generate():
    with db_connect(DB).cursor() as cr:
        cr.execute(
            "SELECT id, member_program_id FROM res_company WHERE parent_id IS NULL "
            "AND member_program_id IS NOT NULL ORDER BY id LIMIT 1"
        )
        head, program = cr.fetchone()
        cr.execute("SELECT id FROM res_company WHERE parent_id = %s", [head])
        stores = [r[0] for r in cr.fetchall()] or [head]
        cr.execute("SELECT id FROM member_tier WHERE company_id = %s ORDER BY threshold LIMIT 1", [head])
        tier = cr.fetchone()[0]
        log(f"members: {MEMBERS}, paid orders over 3 years: {ORDERS} (x5 lines)")
        cr.execute(
            """
INSERT INTO res_partner (name, active, is_member, member_number, member_store_id, member_tier_id,
                         marketing_consent, autopost_bills, type, create_date, write_date)
SELECT 'RFM member ' || g, TRUE, TRUE, 'R' || lpad(g::text, 8, '0'),
       (%(stores)s::int[])[1 + g %% array_length(%(stores)s::int[], 1)], %(tier)s, TRUE, 'ask', 'contact',
       now(), now()
  FROM generate_series(1, %(n)s) g;
INSERT INTO loyalty_card (program_id, company_id, partner_id, points, code, active, balance_guard)
SELECT %(program)s, %(head)s, id, 0, 'RFMB' || id, TRUE, TRUE FROM res_partner WHERE member_number LIKE 'R0%%';
UPDATE res_partner p SET member_card_id = c.id FROM loyalty_card c
 WHERE c.partner_id = p.id AND c.code LIKE 'RFMB%%';
CREATE TEMP TABLE m AS SELECT row_number() OVER (ORDER BY id) AS n, id, member_card_id, member_store_id
  FROM res_partner WHERE member_number LIKE 'R0%%';
INSERT INTO loyalty_history (card_id, partner_id, store_id, description, issued, used, member_ledger,
                             member_move_type, member_date, spend_amount, create_date, write_date)
SELECT m.member_card_id, m.id, m.member_store_id, 'rfm bench', s.amount, 0, TRUE, 'earn',
       %(today)s::date - 1 - ((hashint4(g) & 2147483647) %% 1095), s.amount, now(), now()
  FROM generate_series(1, %(orders)s) g
  JOIN m ON m.n = 1 + (hashint4(g * 31) & 2147483647) %% %(n)s
  CROSS JOIN LATERAL (SELECT round((100 + (hashint4(g * 7) & 2147483647) %% 2400)::numeric, 2) AS amount) s;
            """,
            {
                "stores": stores,
                "tier": tier,
                "n": MEMBERS,
                "program": program,
                "head": head,
                "orders": ORDERS,
                "today": TODAY,
            },
        )
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


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
)
UPDATE res_partner p SET rfm_recency_days = s.recency, rfm_frequency = s.frequency, rfm_monetary = s.monetary,
       rfm_r = s.r, rfm_f = s.f, rfm_m = s.m,
       rfm_segment_id = (SELECT seg.id FROM member_rfm_segment seg
                          WHERE s.r BETWEEN seg.r_min AND seg.r_max AND s.f BETWEEN seg.f_min AND seg.f_max
                            AND s.m BETWEEN seg.m_min AND seg.m_max ORDER BY seg.sequence LIMIT 1)
  FROM scored s WHERE s.partner_id = p.id
"""


def python_rfm(env, since):
    """Export the rows and score them in Python (cume_dist by sorting and bisect)."""
    env.cr.execute(
        "SELECT h.partner_id, h.member_date, h.spend_amount FROM loyalty_history h "
        "JOIN res_partner p ON p.id = h.partner_id AND p.is_member "
        "WHERE h.member_ledger AND h.member_move_type = 'earn' AND h.member_date > %s",
        [since],
    )
    agg = defaultdict(lambda: [None, 0, 0.0])
    for partner_id, day, amount in env.cr.fetchall():
        row = agg[partner_id]
        row[0] = day if row[0] is None or day > row[0] else row[0]
        row[1] += 1
        row[2] += float(amount)
    recency = sorted(-(TODAY - r[0]).days for r in agg.values())
    freq = sorted(r[1] for r in agg.values())
    money = sorted(r[2] for r in agg.values())
    n = len(agg)

    def score(values, v):
        return max(1, -(-5 * bisect.bisect_right(values, v) // n))

    return {
        pid: (score(recency, -(TODAY - r[0]).days), score(freq, r[1]), score(money, r[2])) for pid, r in agg.items()
    }


def run():
    registry = Registry(DB)
    rows = []
    since = TODAY - timedelta(days=3 * 365 + 1)

    def in_env(fn):
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            try:
                return fn(env)
            finally:
                cr.rollback()

    ours, count = in_env(lambda env: timed(lambda: env["member.loyalty.engine"]._refresh_rfm(today=TODAY)))
    log(f"RFM refresh: {count} members scored")
    bare = in_env(lambda env: timed(lambda: env.cr.execute(BARE_RFM, {"today": TODAY, "since": since}))[0])
    py = in_env(lambda env: timed(lambda: python_rfm(env, since))[0])
    rows.append(("RFM refresh", ours, bare, py, "< 5 s and ≤ 1.3× bare SQL"))

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
        ours = timed(camp._results)[0]
        bare = timed(
            lambda: env.cr.execute(
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
        )[0]
        env.cr.execute(
            "SELECT t.partner_id, t.is_control, h.member_date, h.spend_amount FROM member_campaign_target t "
            "JOIN loyalty_history h ON h.partner_id = t.partner_id AND h.member_ledger WHERE t.campaign_id = %s",
            [camp.id],
        )
        t0 = time.perf_counter()
        totals = defaultdict(float)
        for _pid, control, day, amount in env.cr.fetchall():
            if camp.date_sent <= day < camp.date_sent + timedelta(days=30):
                totals[bool(control)] += float(amount)
        py = time.perf_counter() - t0
        return ours, bare, py

    ours, bare, py = in_env(campaign)
    rows.append(("campaign ROI, 20,000 targets, 10 % control", ours, bare, py, "(no target)"))
    return rows


def main():
    config.parse_config(["-c", CONF, "--log-level", "warn"])
    t0 = time.time()
    if os.environ.get("BENCH_REUSE") != "1":
        log(f"creating {DB} from {SOURCE}")
        create_db()
        generate()
        log(f"data ready in {time.time() - t0:.0f} s")
    rows = run()
    print()
    print(f"{'operation':44} {'ours':>8} {'bare SQL':>9} {'ours/SQL':>9} {'python':>8}  target")
    for name, ours, bare, py, target in rows:
        print(f"{name:44} {ours:7.2f}s {bare:8.2f}s {ours / bare:8.2f}× {py:7.2f}s  {target}")
    print("\n(python: the rows exported and aggregated in plain Python — pandas is not installed in the suite)")


if __name__ == "__main__":
    main()
