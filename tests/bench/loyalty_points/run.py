"""Benchmark of member_loyalty's nightly passes and points posting.

Builds bench_loyalty_points from an installed database (TEMPLATE), generates members, cards,
paid invoices and their ledger in SQL, then times, each in a transaction rolled back after:

- posting the points of one day of paid invoices (member_loyalty engine, one statement)
  against bare SQL of the same insert/update and against stock sale_loyalty, which awards
  points per order at confirmation (measured on a sample of orders, extrapolated);
- the nightly tier review and the expiry pass against bare SQL and against a per-member
  ORM loop (sample, extrapolated).

Environment (exported by ./scripts/bench): SUITE_ODOO_TREE, SUITE_ODOO_CONF; BENCH_SOURCE_DB
(default dev_member_loyalty), BENCH_MEMBERS (100000), BENCH_LINES (1000000), BENCH_DAY_ORDERS
(20000), BENCH_KEEP_DB (reuse an existing bench_loyalty_points), BENCH_DB (its name),
BENCH_LABEL (the name the figures are saved under, .run/bench/loyalty_points-<label>.json),
BENCH_COMPARE (a label saved earlier: printed beside this run), BENCH_RPC (0: no RPC line),
BENCH_RPC_CLIENTS (20), BENCH_RPC_SPENDS (1000), BENCH_RPC_CARDS (100), BENCH_RPC_WORKERS (4).
"""

import json
import os
import random
import statistics
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

from odoo import api

SOURCE = os.environ.get("BENCH_SOURCE_DB", "dev_member_loyalty")
DB = os.environ.get("BENCH_DB", "bench_loyalty_points")
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
LINES = int(os.environ.get("BENCH_LINES", "1000000"))
DAY_ORDERS = int(os.environ.get("BENCH_DAY_ORDERS", "20000"))
LINES_PER_ORDER = 5
TODAY = date.today()
ROOT = Path(__file__).resolve().parents[3]
RESULTS = ROOT / ".run" / "bench"


def ledger_trigger(cr):
    """True when the database moves a member card's balance from its ledger (#23)."""
    cr.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'member_loyalty_ledger_post'")
    return bool(cr.fetchone())


def generate():
    with bl.registry(DB).cursor() as cr:
        cr.execute(
            "SELECT id, currency_id, member_program_id FROM res_company "
            "WHERE parent_id IS NULL AND member_program_id IS NOT NULL ORDER BY id LIMIT 1"
        )
        head, currency, program = cr.fetchone()
        cr.execute("SELECT id FROM res_company WHERE parent_id = %s", [head])
        stores = [r[0] for r in cr.fetchall()] or [head]
        cr.execute(
            "SELECT id, default_account_id FROM account_journal WHERE company_id = %s "
            "AND type = 'sale' ORDER BY id LIMIT 1",
            [head],
        )
        journal, account = cr.fetchone()
        cr.execute(
            "SELECT pp.id FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id "
            "WHERE pt.sale_ok AND pp.active ORDER BY pp.id LIMIT 20"
        )
        products = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT id FROM member_tier WHERE company_id = %s ORDER BY threshold LIMIT 1", [head])
        base_tier = cr.fetchone()[0]
        bl.log(f"members: {MEMBERS}")
        cr.execute(
            """
INSERT INTO res_partner (name, active, is_member, member_number, member_store_id, member_tier_id,
                         member_tier_date, member_tier_review_date, autopost_bills, type,
                         create_date, write_date)
SELECT 'Bench member ' || g, TRUE, TRUE, 'B' || lpad(g::text, 8, '0'),
       (%(stores)s::int[])[1 + g %% array_length(%(stores)s::int[], 1)], %(tier)s,
       %(today)s::date - 400, %(today)s::date + (g %% 365), 'ask', 'contact', now(), now()
  FROM generate_series(1, %(n)s) g
            """,
            {"stores": stores, "tier": base_tier, "today": TODAY, "n": MEMBERS},
        )
        cr.execute(
            """
UPDATE res_partner SET commercial_partner_id = id WHERE member_number LIKE 'B%%';
INSERT INTO loyalty_card (program_id, company_id, partner_id, points, code, active, balance_guard,
                          create_date, write_date)
SELECT %(program)s, %(head)s, id, 0, 'BENCH' || id, TRUE, TRUE, now(), now()
  FROM res_partner WHERE member_number LIKE 'B%%';
UPDATE res_partner p SET member_card_id = c.id FROM loyalty_card c
 WHERE c.partner_id = p.id AND c.code LIKE 'BENCH%%';
            """,
            {"program": program, "head": head},
        )
        orders = LINES // LINES_PER_ORDER
        history_orders = orders - DAY_ORDERS
        bl.log(f"invoices: {orders} ({history_orders} over 395 days, {DAY_ORDERS} today), lines: {LINES}")
        cr.execute(
            """
CREATE TEMP TABLE bench_member AS
  SELECT row_number() OVER (ORDER BY id) AS n, id, member_card_id, member_store_id
    FROM res_partner WHERE member_number LIKE 'B%%';
CREATE TEMP TABLE bench_move AS
  SELECT g AS n,
         CASE WHEN g <= %(hist)s THEN %(today)s::date - 1 - (g %% 395) ELSE %(today)s::date END AS date,
         1 + (hashint4(g) & 2147483647) %% %(members)s AS member
    FROM generate_series(1, %(orders)s) g;
INSERT INTO account_move (name, move_type, state, payment_state, date, invoice_date, journal_id,
                          company_id, currency_id, partner_id, commercial_partner_id, auto_post,
                          create_date, write_date)
SELECT 'BENCH/' || m.n, 'out_invoice', 'posted', 'paid', m.date, m.date, %(journal)s, b.member_store_id,
       %(currency)s, b.id, b.id, 'no', now(), now()
  FROM bench_move m JOIN bench_member b ON b.n = m.member;
ANALYZE account_move;
            """,
            {
                "hist": history_orders,
                "today": TODAY,
                "members": MEMBERS,
                "orders": orders,
                "journal": journal,
                "currency": currency,
            },
        )
        cr.execute(
            """
INSERT INTO account_move_line (move_id, display_type, product_id, price_unit, quantity, price_subtotal,
                               price_total, balance, credit, debit, account_id, currency_id,
                               company_id, partner_id, date, parent_state, journal_id, name)
SELECT m.id, 'product',
       (%(products)s::int[])[1 + (hashint4(m.id * 7 + l) & 2147483647) %% array_length(%(products)s::int[], 1)],
       p.amount, 1, p.amount, p.amount, -p.amount, p.amount, 0, %(account)s, m.currency_id,
       m.company_id, m.partner_id, m.date, 'posted', m.journal_id, 'bench'
  FROM account_move m
  CROSS JOIN generate_series(1, %(lpo)s) l
  CROSS JOIN LATERAL (SELECT round((20 + (hashint4(m.id * 13 + l) & 2147483647) %% 480)::numeric, 2) AS amount) p
 WHERE m.name LIKE 'BENCH/%%'
            """,
            {"products": products, "account": account, "lpo": LINES_PER_ORDER},
        )
        bl.log("ledger of the past invoices")
        cr.execute("ANALYZE account_move_line")
        cr.execute(
            """
INSERT INTO loyalty_history (card_id, partner_id, store_id, description, issued, used, order_model,
                             order_id, member_ledger, member_move_type, member_date, expiry_date,
                             spend_amount, source_move_id, create_date, write_date)
SELECT p.member_card_id, p.id, m.company_id, 'bench earn', FLOOR(s.spend), 0, 'account.move', m.id,
       TRUE, 'earn', m.date, m.date + 365, s.spend, m.id, m.date, m.date
  FROM (SELECT move_id, SUM(price_total) AS spend FROM account_move_line
         WHERE name = 'bench' AND date < %(today)s GROUP BY move_id) s
  JOIN account_move m ON m.id = s.move_id
  JOIN res_partner p ON p.id = m.partner_id;
-- some redemptions, so that FIFO expiry has something to consume
INSERT INTO loyalty_history (card_id, partner_id, description, issued, used, member_ledger,
                             member_move_type, member_date, create_date, write_date)
SELECT c.id, c.partner_id, 'bench redeem', 0, LEAST(300, t.total), TRUE, 'redeem',
       %(today)s::date - 200, now(), now()
  FROM loyalty_card c
  JOIN (SELECT card_id, SUM(issued) AS total FROM loyalty_history WHERE description = 'bench earn'
        GROUP BY card_id) t ON t.card_id = c.id
 WHERE c.code LIKE 'BENCH%%' AND c.id %% 5 = 0;
UPDATE loyalty_card c SET points = t.total
  FROM (SELECT card_id, SUM(issued - used) AS total FROM loyalty_history
         WHERE member_ledger GROUP BY card_id) t
 WHERE c.id = t.card_id AND c.code LIKE 'BENCH%%';
            """,
            {"today": TODAY},
        )
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


BARE_POSTING_BALANCE = """
UPDATE loyalty_card c SET points = c.points + d.delta
  FROM (SELECT card_id, SUM(issued) AS delta FROM ins GROUP BY card_id) d WHERE c.id = d.card_id"""
BARE_EXPIRY_BALANCE = """
UPDATE loyalty_card c SET points = c.points - ins.used FROM ins WHERE c.id = ins.card_id"""


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def run():
    registry = bl.registry(DB)
    table = bl.Table()

    def in_env(fn):
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            try:
                return fn(env)
            finally:
                cr.rollback()

    # ---------------------------------------------------------------- posting
    ours, posted = in_env(
        lambda env: timed(lambda: env["member.loyalty.engine"]._post_points(today=TODAY, lookback_days=0))
    )
    bl.log(f"posting: {len(posted)} members credited")

    def bare_posting(env):
        cr = env.cr
        # with the ledger trigger the database moves the balances of the inserted entries itself
        trigger = ledger_trigger(cr)
        return timed(
            lambda: cr.execute(
                """
WITH src AS (
    SELECT m.id AS move_id, p.member_card_id AS card_id, p.id AS partner_id, m.company_id,
           SUM(l.price_total) AS spend, FLOOR(SUM(l.price_total) * COALESCE(t.multiplier, 1)) AS points
      FROM account_move m
      JOIN res_partner p ON p.id = m.partner_id AND p.is_member
      LEFT JOIN member_tier t ON t.id = p.member_tier_id
      JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product' AND l.price_total > 0
     WHERE m.date >= %(today)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
       AND m.payment_state IN ('paid', 'in_payment')
       AND NOT EXISTS (SELECT 1 FROM loyalty_history h WHERE h.card_id = p.member_card_id AND h.source_move_id = m.id)
  GROUP BY m.id, p.member_card_id, p.id, t.multiplier
), ins AS (
    INSERT INTO loyalty_history (card_id, partner_id, store_id, description, issued, used, member_ledger,
                                 member_move_type, member_date, expiry_date, spend_amount, source_move_id)
    SELECT card_id, partner_id, company_id, 'earn', points, 0, TRUE, 'earn', %(today)s, %(today)s::date + 365,
           spend, move_id FROM src
    RETURNING card_id, issued
)
                """
                + ("SELECT count(*) FROM ins" if trigger else BARE_POSTING_BALANCE),
                {"today": TODAY},
            )
        )[0]

    bare = in_env(bare_posting)

    def stock_sale_loyalty(env, sample=20):
        """Stock sale_loyalty: points awarded per order at confirmation (a plain loyalty program)."""
        program = env["loyalty.program"].create(
            {
                "name": "Bench stock loyalty",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
                "rule_ids": [(0, 0, {"reward_point_mode": "money", "reward_point_amount": 1})],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 0.01,
                            "required_points": 1,
                        },
                    )
                ],
            }
        )
        partners = env["res.partner"].search([("member_number", "like", "B%")], limit=sample)
        products = env["product.product"].search([("sale_ok", "=", True)], limit=LINES_PER_ORDER)
        env.flush_all()
        t0 = time.perf_counter()
        for partner in partners:
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 1}) for p in products],
                }
            )
            order._update_programs_and_rewards()
            order.action_confirm()
        env.flush_all()
        per_order = (time.perf_counter() - t0) / len(partners)
        assert env["loyalty.card"].search_count([("program_id", "=", program.id)]) == len(partners)
        return per_order * DAY_ORDERS

    stock = in_env(stock_sale_loyalty)
    table.add(f"post points, {DAY_ORDERS:,} paid orders", ours, bare, "bare SQL")
    table.add("post points", ours, stock, "stock sale_loyalty per order", ">= 10x faster")

    # ---------------------------------------------------------------- tier review
    ours, changed = in_env(lambda env: timed(lambda: env["member.loyalty.engine"]._review_tiers(today=TODAY)))
    bl.log(f"tier review: {changed} members changed")

    def bare_review(env):
        return timed(
            lambda: env.cr.execute(
                """
WITH basis AS (
    SELECT p.id, p.member_tier_id, p.member_store_id, ot.threshold AS old_threshold,
           p.member_tier_review_date,
           COALESCE((SELECT SUM(h.spend_amount) FROM loyalty_history h
                      WHERE h.card_id = p.member_card_id AND h.member_ledger
                        AND h.member_move_type IN ('earn', 'reversal')
                        AND h.member_date > %(since)s), 0) AS amount
      FROM res_partner p JOIN member_tier ot ON ot.id = p.member_tier_id
     WHERE p.is_member
), decision AS (
    SELECT b.*, nt.id AS new_tier,
           CASE WHEN nt.threshold > b.old_threshold THEN 'upgrade'
                WHEN nt.threshold < b.old_threshold AND b.member_tier_review_date + 30 <= %(today)s THEN 'downgrade'
                WHEN b.member_tier_review_date <= %(today)s THEN 'renewal' END AS reason
      FROM basis b CROSS JOIN LATERAL (SELECT id, threshold FROM member_tier WHERE threshold <= b.amount
                                        ORDER BY threshold DESC LIMIT 1) nt
), upd AS (
    UPDATE res_partner p SET member_tier_id = d.new_tier, member_tier_review_date = %(today)s::date + 365
      FROM decision d WHERE d.id = p.id AND d.reason IS NOT NULL
    RETURNING p.id, d.member_tier_id AS old_tier, d.new_tier, d.reason, d.amount, d.old_threshold, d.member_store_id
)
INSERT INTO member_tier_history (partner_id, old_tier_id, new_tier_id, date, reason, basis_amount, company_id)
SELECT id, old_tier, new_tier, now(), reason, amount, member_store_id FROM upd
 WHERE reason <> 'renewal' OR old_threshold > 0
                """,
                {"today": TODAY, "since": TODAY - timedelta(days=365)},
            )
        )[0]

    bare = in_env(bare_review)

    def orm_review(env, sample=500):
        partners = env["res.partner"].search([("member_number", "like", "B%")], limit=sample)
        tiers = env["member.tier"].search([("company_id", "=", partners[:1].member_tier_id.company_id.id)])
        since = TODAY - timedelta(days=365)
        t0 = time.perf_counter()
        for partner in partners:
            entries = env["loyalty.history"].search(
                [
                    ("card_id", "=", partner.member_card_id.id),
                    ("member_move_type", "in", ("earn", "reversal")),
                    ("member_date", ">", since),
                ]
            )
            amount = sum(entries.mapped("spend_amount"))
            tier = tiers.filtered(lambda t, a=amount: t.threshold <= a).sorted("threshold")[-1:]
            if tier != partner.member_tier_id:
                partner.write({"member_tier_id": tier.id})  # as the superuser, as the engine
        env.flush_all()
        return (time.perf_counter() - t0) / len(partners) * MEMBERS

    orm = in_env(orm_review)
    table.add(f"nightly tier review, {MEMBERS:,} members", ours, bare, "bare SQL", "<= 1.5x bare SQL")
    table.add("nightly tier review", ours, orm, "ORM loop per member")

    # ---------------------------------------------------------------- expiry
    since = TODAY - timedelta(days=30)
    ours, expired = in_env(
        lambda env: timed(lambda: env["member.loyalty.engine"]._expire_points(today=TODAY, since=since))
    )
    bl.log(f"expiry (lots expired in the last 30 days): {expired} points")

    def bare_expiry(env):
        return timed(
            lambda: env.cr.execute(
                """
WITH due AS (
    SELECT h.card_id, GREATEST(0, SUM(CASE WHEN h.expiry_date <= %(today)s THEN h.issued ELSE 0 END)
                                  - SUM(CASE WHEN h.expiry_date IS NULL THEN h.used - h.issued
                                             ELSE h.used END)) AS amount
      FROM loyalty_history h
     WHERE h.member_ledger AND h.card_id IN (SELECT card_id FROM loyalty_history
                                              WHERE member_ledger AND expiry_date > %(since)s
                                                AND expiry_date <= %(today)s)
  GROUP BY h.card_id
), ins AS (
    INSERT INTO loyalty_history (card_id, description, issued, used, member_ledger, member_move_type, member_date)
    SELECT card_id, 'expired', 0, amount, TRUE, 'expire', %(today)s FROM due WHERE amount > 0
    RETURNING card_id, used
)
                """
                + ("SELECT count(*) FROM ins" if ledger_trigger(env.cr) else BARE_EXPIRY_BALANCE),
                {"today": TODAY, "since": since},
            )
        )[0]

    bare = in_env(bare_expiry)

    def orm_expiry(env, sample=300):
        env.cr.execute(
            "SELECT DISTINCT card_id FROM loyalty_history WHERE member_ledger AND expiry_date > %s "
            "AND expiry_date <= %s LIMIT %s",
            [since, TODAY, sample],
        )
        cards = env["loyalty.card"].browse([r[0] for r in env.cr.fetchall()])
        env.cr.execute(
            "SELECT count(DISTINCT card_id) FROM loyalty_history WHERE member_ledger AND expiry_date > %s "
            "AND expiry_date <= %s",
            [since, TODAY],
        )
        total_cards = env.cr.fetchone()[0]
        t0 = time.perf_counter()
        for card in cards:
            entries = env["loyalty.history"].search([("card_id", "=", card.id), ("member_ledger", "=", True)])
            lots = sum(e.issued for e in entries if e.expiry_date and e.expiry_date <= TODAY)
            debits = sum((e.used - e.issued) if not e.expiry_date else e.used for e in entries)
            amount = max(0.0, lots - debits)
            if amount:
                card._member_post([{"description": "expired", "used": amount, "member_move_type": "expire"}])
        env.flush_all()
        return (time.perf_counter() - t0) / max(len(cards), 1) * total_cards

    orm = in_env(orm_expiry)
    table.add("expiry pass, lots of the last 30 days", ours, bare, "bare SQL", "<= 1.5x bare SQL")
    table.add("expiry pass", ours, orm, "ORM loop per card")
    return table


def rpc_spends():
    """1,000 stored value spends on 100 cards from 20 concurrent RPC clients (JSON-RPC, the
    cashier's wizard), on a real server (tests/suite_server.py) on a loopback port, with a copy of
    BENCH_SOURCE_DB. Returns (seconds, figures)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from load.e2e_support import admin, client_for, light_password, sql, transport_retry, uniq, xmlid
    from rpc import RpcError
    from suite_server import OdooServer

    clients = int(os.environ.get("BENCH_RPC_CLIENTS", "20"))
    spends = int(os.environ.get("BENCH_RPC_SPENDS", "1000"))
    ncards = int(os.environ.get("BENCH_RPC_CARDS", "100"))
    server = OdooServer(
        workers=int(os.environ.get("BENCH_RPC_WORKERS", "4")), template=os.environ.get("BENCH_RPC_TEMPLATE", SOURCE)
    )
    server.start()
    try:
        api = admin(server)
        head = api.call(
            "res.company", "search", [("member_wallet_program_id", "!=", False), ("parent_id", "=", False)], limit=1
        )[0]
        partners = api.call("res.partner", "create", [{"name": uniq("rpc bench")} for _i in range(ncards)])
        api.call("res.partner", "action_member_enroll", partners)
        cards = [r["member_wallet_id"][0] for r in api.call("res.partner", "read", partners, ["member_wallet_id"])]
        # opening balances: ledger entries (the database moves the balances with them, #23;
        # before #23 the balance is set beside them)
        conn = server.pg_connect(server.db)
        with conn, conn.cursor() as cr:
            cr.execute(
                "INSERT INTO loyalty_history (card_id, description, issued, used, member_ledger, "
                "member_move_type, member_date) SELECT unnest(%s::int[]), 'bench opening', 1000, 0, TRUE, "
                "'topup', CURRENT_DATE",
                [cards],
            )
            if not ledger_trigger(cr):
                cr.execute("UPDATE loyalty_card SET points = points + 1000 WHERE id = ANY(%s)", [cards])
        conn.close()
        login = uniq("bench-cashier")
        cashier = api.call(
            "res.users",
            "create",
            {
                "name": login,
                "login": login,
                "company_id": head,
                "company_ids": [(6, 0, [head])],
                "group_ids": [(6, 0, [xmlid(api, "member_loyalty.group_member_cashier")])],
            },
        )
        light_password(server, login)
        # the first check of the password upgrades its hash (one UPDATE of the user): done once here,
        # not by 20 clients at the same instant
        client_for(server, cashier, login).call("res.users", "read", [cashier], ["login"])
        rng = random.Random(23)
        plan = [(partners[rng.randrange(ncards)], rng.choice([5, 10, 15, 20])) for _i in range(spends)]
        latencies, refusals, tracebacks, resets = [], [], [], []
        lock = threading.Lock()
        queue = list(enumerate(plan))

        def worker():
            client = client_for(server, cashier, login)
            while True:
                with lock:
                    if not queue:
                        return
                    i, (partner, amount) = queue.pop()
                t0 = time.perf_counter()
                try:
                    transport_retry(
                        lambda p=partner, a=amount, i=i: client.call(
                            "member.wallet.operation",
                            "action_confirm",
                            [
                                client.call(
                                    "member.wallet.operation",
                                    "create",
                                    {"partner_id": p, "operation": "spend", "amount": a, "description": f"bench {i}"},
                                )
                            ],
                        ),
                        resets,
                    )
                    latencies.append(time.perf_counter() - t0)
                except RpcError as e:
                    if e.name and e.name.split(".")[-1] in ("UserError", "ValidationError"):
                        refusals.append(str(e))
                    else:
                        tracebacks.append(f"{e.name}: {e}")

        threads = [threading.Thread(target=worker) for _i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        gaps = sql(
            server,
            """SELECT count(*) FROM loyalty_card c
                 LEFT JOIN (SELECT card_id, SUM(issued - used) AS total FROM loyalty_history
                             WHERE member_ledger GROUP BY card_id) l ON l.card_id = c.id
                WHERE c.balance_guard AND abs(c.points - COALESCE(l.total, 0)) >= 0.005""",
        )[0][0]
        posted = sql(
            server,
            "SELECT count(*) FROM loyalty_history WHERE member_ledger AND member_move_type = 'spend' "
            "AND card_id = ANY(%s)",
            [cards],
        )[0][0]
        figures = {
            "spends": spends,
            "accepted": len(latencies),
            "refused": len(refusals),
            "tracebacks": len(tracebacks),
            "throughput": len(latencies) / elapsed,
            "p95": statistics.quantiles(latencies, n=20)[18] if len(latencies) > 20 else None,
            "cards_off_ledger": gaps,
            "ledger_spends": posted,
            "resets": len(resets),
        }
        bl.log(f"RPC spends: {figures}; refusals {sorted(set(refusals))[:3]}; tracebacks {tracebacks[:3]}")
        return elapsed, figures
    finally:
        server.stop()


def save(label, table, rpc):
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"loyalty_points-{label}.json"
    data = json.loads(path.read_text()) if path.exists() else {"rows": [], "rpc": None}
    if table.rows:
        data["rows"] = [[op, ours] for op, ours, *_rest in table.rows]
    if rpc:
        data["rpc"] = rpc
    path.write_text(json.dumps(data, indent=1))


def compare(label, table, rpc):
    path = RESULTS / f"loyalty_points-{label}.json"
    if not path.exists():
        bl.log(f"no saved figures {path}")
        return
    before = json.loads(path.read_text())
    old = dict(before["rows"])
    print(f"\nbefore ({label}) and after, side by side (ours; lower is better)")
    print(f"{'operation':<40} {'before':>10} {'after':>10} {'after/before':>13}")
    seen = set()
    for op, ours, *_rest in table.rows:
        if op in seen or op not in old:
            continue
        seen.add(op)
        print(f"{op:<40} {old[op]:>9.2f}s {ours:>9.2f}s {ours / old[op]:>12.2f}x")
    if rpc and before.get("rpc"):
        b, a = before["rpc"], rpc
        for key, unit in (("throughput", "spends/s"), ("p95", "s")):
            if b.get(key) and a.get(key):
                print(f"{'RPC spends: ' + key + ' (' + unit + ')':<40} {b[key]:>10.2f} {a[key]:>10.2f}")
        for key in ("accepted", "refused", "tracebacks", "cards_off_ledger"):
            print(f"{'RPC spends: ' + key:<40} {b.get(key)!s:>10} {a.get(key)!s:>10}")


def main():
    table = bl.Table()
    if os.environ.get("BENCH_ONLY") != "rpc":
        if bl.clone_db(SOURCE, DB):
            generate()
            bl.log("data ready")
        table = run()
        table.print(
            f"loyalty_points benchmark: {MEMBERS:,} members, {LINES:,} paid order lines "
            "(stock sale_loyalty and ORM loops measured on a sample, extrapolated)"
        )
    rpc = None
    if os.environ.get("BENCH_RPC", "1") != "0":
        elapsed, rpc = rpc_spends()
        print(
            f"\n{rpc['spends']:,} stored value spends on {os.environ.get('BENCH_RPC_CARDS', '100')} cards from "
            f"{os.environ.get('BENCH_RPC_CLIENTS', '20')} concurrent JSON-RPC clients in {elapsed:.1f} s: "
            f"{rpc['accepted']} accepted, {rpc['refused']} refused clearly, {rpc['tracebacks']} tracebacks; "
            f"{rpc['throughput']:.1f} spends/s, p95 {rpc['p95'] or 0:.2f} s; "
            f"cards whose balance is not the sum of their ledger: {rpc['cards_off_ledger']}"
        )
    if os.environ.get("BENCH_LABEL"):
        save(os.environ["BENCH_LABEL"], table, rpc)
    if os.environ.get("BENCH_COMPARE"):
        compare(os.environ["BENCH_COMPARE"], table, rpc)


if __name__ == "__main__":
    main()
