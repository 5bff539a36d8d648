"""Benchmark of member_loyalty_pos (#18): points of paid till orders, and the till's member look-up.

Builds bench_pos_points from an installed database with member_loyalty_pos (TEMPLATE of
BENCH_SOURCE_DB, default hp_full), adds BENCH_MEMBERS (100,000) members in SQL (phone as typed and
in E.164, a member card each, and a card of a plain pos_loyalty program each), a till of the head
office (cash), a plain pos_loyalty loyalty program with the member program's rule on it, and a
cashier of one store. Then:

1. syncs BENCH_SYNC_ORDERS (400) paid orders of 3 lines through `pos.order.sync_from_ui` in batches
   of BENCH_BATCH (200), as the till does (the order's creation and its points posting together);
   these orders are then copied in SQL up to BENCH_ORDERS (20,000) paid orders without points, and
   on those, each in a transaction rolled back after:
   - ours: `pos.order._member_pos_post` per order, as `_process_saved_order` calls it in a sync,
     and per batch of 200 (one `_post_pos_points` statement per batch);
   - pos_loyalty: `pos.order.confirm_coupon_programs` per order with the points the browser
     computes for the plain program's card (a sample of BENCH_LOYALTY_SAMPLE, extrapolated);
   - bare SQL: one INSERT ... SELECT of the same ledger rows;
2. `res.partner.member_pos_search` with a whole phone number as the store's cashier (median of
   BENCH_RUNS, 30).

Environment (exported by ./scripts/bench): SUITE_ODOO_TREE, SUITE_ODOO_CONF; BENCH_SOURCE_DB,
BENCH_DB (bench_pos_points), BENCH_MEMBERS, BENCH_ORDERS, BENCH_SYNC_ORDERS, BENCH_BATCH,
BENCH_LOYALTY_SAMPLE (1000), BENCH_RUNS, BENCH_KEEP_DB (reuse the generated database).
"""

import math
import os
import random
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

from odoo import Command, api, fields

SOURCE = os.environ.get("BENCH_SOURCE_DB", "hp_full")
DB = os.environ.get("BENCH_DB", "bench_pos_points")
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
ORDERS = int(os.environ.get("BENCH_ORDERS", "20000"))
SYNC_ORDERS = int(os.environ.get("BENCH_SYNC_ORDERS", "400"))
BATCH = int(os.environ.get("BENCH_BATCH", "200"))
LOYALTY_SAMPLE = int(os.environ.get("BENCH_LOYALTY_SAMPLE", "1000"))
PER_ORDER_SAMPLE = int(os.environ.get("BENCH_PER_ORDER_SAMPLE", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
CASHIER = "bench_pos_cashier"
PROGRAM = "Bench pos_loyalty program"
LINES = 3


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def generate():
    with bl.registry(DB).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
        head = env.ref("customer_core.demo_company_group")
        stores = env["res.company"].search([("parent_id", "=", head.id)])
        tier = env["member.tier"].search([("company_id", "=", head.id)], order="threshold", limit=1)
        bl.log(f"members: {MEMBERS:,} over {len(stores)} stores")
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' "
            "AND column_name IN ('group_rfq', 'group_on')"
        )
        extra = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
INSERT INTO res_partner (name, active, is_member, member_number, member_store_id, member_tier_id,
                         phone, phone_sanitized, autopost_bills, type, create_date, write_date
                         {extra_columns})
SELECT 'POS member ' || g, TRUE, TRUE, 'PP' || lpad(g::text, 8, '0'),
       (%(stores)s::int[])[1 + g %% array_length(%(stores)s::int[], 1)], %(tier)s,
       (ARRAY['135', '139', '158', '186'])[1 + g %% 4] || ' ' || substr(lpad(g::text, 8, '0'), 1, 4)
           || ' ' || substr(lpad(g::text, 8, '0'), 5, 4),
       '+86' || (ARRAY['135', '139', '158', '186'])[1 + g %% 4] || lpad(g::text, 8, '0'),
       'ask', 'contact', now(), now() {extra_values}
  FROM generate_series(1, %(n)s) g;
UPDATE res_partner SET commercial_partner_id = id WHERE member_number LIKE 'PP%%';
INSERT INTO loyalty_card (program_id, company_id, partner_id, points, code, active, balance_guard,
                          create_date, write_date)
SELECT %(program)s, %(head)s, id, 0, 'PPC' || id, TRUE, TRUE, now(), now()
  FROM res_partner WHERE member_number LIKE 'PP%%';
UPDATE res_partner p SET member_card_id = c.id FROM loyalty_card c
 WHERE c.partner_id = p.id AND c.code LIKE 'PPC%%';
            """.format(
                extra_columns="".join(f", {column}" for column in extra),
                extra_values=", 'default'" * len(extra),
            ),
            {
                "stores": stores.ids,
                "tier": tier.id or None,
                "n": MEMBERS,
                "program": head.member_program_id.id,
                "head": head.id,
            },
        )
        # the till: cash, at the head office (which keeps the books)
        journal = env["account.journal"].search([("company_id", "=", head.id), ("type", "=", "cash")], limit=1)
        cash = env["pos.payment.method"].create({"name": "Bench cash", "journal_id": journal.id, "company_id": head.id})
        config = (
            env["pos.config"]
            .with_company(head)
            .create({"name": "Bench till", "company_id": head.id, "payment_method_ids": [Command.set(cash.ids)]})
        )
        # a plain pos_loyalty program with the member program's rule
        rates = head.member_program_id._member_rates()
        program = (
            env["loyalty.program"]
            .with_company(head)
            .create(
                {
                    "name": PROGRAM,
                    "program_type": "loyalty",
                    "applies_on": "both",
                    "trigger": "auto",
                    "company_id": head.id,
                    "pos_ok": True,
                    "pos_config_ids": [Command.set(config.ids)],
                    "rule_ids": [
                        Command.create({"reward_point_mode": "money", "reward_point_amount": rates.get(False, 1.0)})
                    ],
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "discount",
                                "discount_mode": "per_point",
                                "discount": 0.01,
                                "required_points": 1,
                            }
                        )
                    ],
                }
            )
        )
        cr.execute(
            """
INSERT INTO loyalty_card (program_id, company_id, partner_id, points, code, active, create_date, write_date)
SELECT %s, %s, id, 0, 'PPL' || id, TRUE, now(), now() FROM res_partner WHERE member_number LIKE 'PP%%'
            """,
            [program.id, head.id],
        )
        products = env["product.product"].search([("sale_ok", "=", True), ("type", "=", "consu")], limit=LINES)
        products.write({"available_in_pos": True})
        store = stores[0]
        pos_user = env.ref("point_of_sale.group_pos_user")
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Bench POS cashier",
                "login": CASHIER,
                "company_id": store.id,
                "company_ids": [Command.set(store.ids)],
                "group_ids": [Command.set([env.ref("member_loyalty.group_member_cashier").id, pos_user.id])],
            }
        )
        admin = env.ref("base.user_admin")
        admin.company_ids |= head
        config.with_user(admin).with_company(head).open_ui()
        config.current_session_id.set_opening_control(0, None)
        cr.commit()
        cr.execute("ANALYZE res_partner; ANALYZE loyalty_card")


def order_data(config, session, products, partner_id, user_id, rng):
    uid = str(uuid.uuid4())
    lines, total = [], 0.0
    for product in products:
        qty, price = rng.randint(1, 3), float(rng.randint(20, 500))
        total += qty * price
        lines.append(
            Command.create(
                {
                    "product_id": product.id,
                    "qty": qty,
                    "price_unit": price,
                    "price_subtotal": qty * price,
                    "price_subtotal_incl": qty * price,
                    "tax_ids": [],
                    "uuid": str(uuid.uuid4()),
                }
            )
        )
    return {
        "amount_paid": total,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": total,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "fiscal_position_id": False,
        "pricelist_id": config.pricelist_id.id,
        "name": f"Order {uid}",
        "last_order_preparation_change": "{}",
        "lines": lines,
        "partner_id": partner_id,
        "session_id": session.id,
        "payment_ids": [
            Command.create(
                {"amount": total, "name": fields.Datetime.now(), "payment_method_id": config.payment_method_ids[0].id}
            )
        ],
        "uuid": uid,
        "user_id": user_id,
        "to_invoice": False,
        "state": "paid",
    }


def sync_and_copy():
    """SYNC_ORDERS real syncs (timed), then copies in SQL up to ORDERS; returns the sync time."""
    with bl.registry(DB).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        head = env.ref("customer_core.demo_company_group")
        admin = env.ref("base.user_admin")
        config = env["pos.config"].search([("name", "=", "Bench till")])
        session = config.current_session_id
        products = env["product.product"].search(
            [("available_in_pos", "=", True), ("sale_ok", "=", True), ("type", "=", "consu")], limit=LINES
        )
        cr.execute("SELECT id FROM res_partner WHERE member_number LIKE 'PP%%' ORDER BY id")
        members = [r[0] for r in cr.fetchall()]
        rng = random.Random(18)
        till = api.Environment(cr, admin.id, {"allowed_company_ids": head.ids})
        batches = []
        for start in range(0, SYNC_ORDERS, BATCH):
            orders = [
                order_data(config, session, products, rng.choice(members), admin.id, rng)
                for _i in range(min(BATCH, SYNC_ORDERS - start))
            ]
            t0 = time.perf_counter()
            till["pos.order"].sync_from_ui(orders)
            till.flush_all()
            batches.append(time.perf_counter() - t0)
            bl.log(f"synced {start + len(orders)} orders ({batches[-1]:.1f} s)")
        cr.execute(
            "SELECT count(*) FROM loyalty_history WHERE pos_order_uuid IN "
            "(SELECT uuid FROM pos_order WHERE session_id = %s)",
            [session.id],
        )
        posted = cr.fetchone()[0]
        cr.commit()
        bl.log(f"{posted} ledger entries posted by the sync; copying to {ORDERS:,} orders in SQL")
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'pos_order' "
            "AND column_name NOT IN ('id', 'uuid', 'name', 'pos_reference', 'partner_id', 'account_move')"
        )
        ocols = [r[0] for r in cr.fetchall()]
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'pos_order_line' "
            "AND column_name NOT IN ('id', 'uuid', 'order_id')"
        )
        lcols = [r[0] for r in cr.fetchall()]
        oc = ", ".join(f'"{c}"' for c in ocols)
        ooc = ", ".join(f'o."{c}"' for c in ocols)
        lc = ", ".join(f'"{c}"' for c in lcols)
        cr.execute(
            f"""
CREATE TEMP TABLE src_order AS
  SELECT row_number() OVER (ORDER BY id) AS n, id FROM pos_order WHERE session_id = %(session)s;
CREATE TEMP TABLE bench_map AS
  SELECT g, (SELECT id FROM src_order WHERE n = 1 + g %% (SELECT count(*) FROM src_order)) AS src,
         (%(members)s::int[])[1 + (hashint4(g) & 2147483647) %% array_length(%(members)s::int[], 1)] AS partner
    FROM generate_series(1, %(n)s) g;
ALTER TABLE bench_map ADD COLUMN new_id int;
WITH ins AS (
    INSERT INTO pos_order (uuid, name, pos_reference, partner_id, {oc})
    SELECT gen_random_uuid()::text, 'BENCHPOS/' || m.g, 'BENCHPOS-' || m.g, m.partner, {ooc}
      FROM bench_map m JOIN pos_order o ON o.id = m.src
    RETURNING id, name
)
UPDATE bench_map m SET new_id = ins.id FROM ins WHERE ins.name = 'BENCHPOS/' || m.g;
INSERT INTO pos_order_line (uuid, order_id, {lc})
SELECT gen_random_uuid()::text, m.new_id, {", ".join("l." + f'"{c}"' for c in lcols)}
  FROM bench_map m JOIN pos_order_line l ON l.order_id = m.src;
ANALYZE pos_order; ANALYZE pos_order_line;
            """,
            {"session": session.id, "members": members, "n": ORDERS},
        )
        cr.commit()
    return batches, posted


def bench_order_ids(cr):
    cr.execute("SELECT id FROM pos_order WHERE name LIKE 'BENCHPOS/%%' ORDER BY id")
    return [r[0] for r in cr.fetchall()]


def run(batches, posted):
    registry = bl.registry(DB)
    table = bl.Table()

    def in_env(fn):
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            env = env(context=dict(env.context, allowed_company_ids=env.ref("customer_core.demo_company_group").ids))
            try:
                return fn(env)
            finally:
                cr.rollback()

    def count_entries(env, ids):
        env.cr.execute(
            "SELECT count(*), COALESCE(SUM(issued), 0) FROM loyalty_history h "
            "JOIN pos_order o ON o.uuid = h.pos_order_uuid WHERE o.id = ANY(%s)",
            [ids],
        )
        return env.cr.fetchone()

    def ours_batched(env, per_order, batch=BATCH):
        ids = bench_order_ids(env.cr)
        Order = env["pos.order"]
        t0 = time.perf_counter()
        if per_order:
            ids = ids[:PER_ORDER_SAMPLE]
            for oid in ids:
                Order.browse(oid)._member_pos_post()
            env.flush_all()
            return (time.perf_counter() - t0) / len(ids) * ORDERS, count_entries(env, ids)
        else:
            for start in range(0, len(ids), batch):
                Order.browse(ids[start : start + batch])._member_pos_post()
        env.flush_all()
        elapsed = time.perf_counter() - t0
        return elapsed, count_entries(env, ids)

    ours_batch, got_batch = in_env(lambda env: ours_batched(env, False))
    bl.log(f"ours per batch of {BATCH}: {ours_batch:.2f} s, entries/points {got_batch}")
    ours_one, got_one = in_env(lambda env: ours_batched(env, False, batch=ORDERS))
    bl.log(f"ours in one call: {ours_one:.2f} s, entries/points {got_one}")
    ours_order, got_order = in_env(lambda env: ours_batched(env, True))
    bl.log(f"ours per order: {ours_order:.2f} s, entries/points {got_order}")

    def bare(env):
        head = env.ref("customer_core.demo_company_group")
        program = head.member_program_id
        rates = program._member_rates()
        default = rates.pop(False, 0.0)
        ids = bench_order_ids(env.cr)
        env.cr.execute("SELECT DISTINCT l.product_id FROM pos_order_line l WHERE l.order_id = ANY(%s)", [ids])
        product_rates = []
        for product in env["product.product"].browse([r[0] for r in env.cr.fetchall()]):
            rate, categ = default, product.categ_id
            while categ:
                if categ.id in rates:
                    rate = rates[categ.id]
                    break
                categ = categ.parent_id
            product_rates.append((product.id, rate))
        values = ", ".join(env.cr.mogrify("(%s, %s::numeric)", r).decode() for r in product_rates)
        expiry = fields.Date.add(fields.Date.today(), months=head.member_points_expiry_months)
        elapsed, _ = timed(
            lambda: env.cr.execute(
                f"""
WITH rate(product_id, rate) AS (VALUES {values})
INSERT INTO loyalty_history (card_id, description, issued, used, order_model, order_id, member_ledger,
                             member_move_type, store_id, expiry_date, spend_amount, pos_order_uuid,
                             partner_id, member_date, create_uid, create_date, write_uid, write_date)
SELECT p.member_card_id, 'Points earned at the till on ' || o.name,
       FLOOR(SUM(l.price_subtotal_incl * r.rate) * COALESCE(t.multiplier, 1)), 0, 'pos.order', o.id, TRUE,
       'earn', o.company_id, %(expiry)s, SUM(l.price_subtotal_incl), o.uuid, p.id, CURRENT_DATE,
       1, now(), 1, now()
  FROM pos_order o
  JOIN res_partner p ON p.id = o.partner_id
  LEFT JOIN member_tier t ON t.id = p.member_tier_id
  JOIN pos_order_line l ON l.order_id = o.id
  JOIN rate r ON r.product_id = l.product_id
 WHERE o.id = ANY(%(ids)s)
 GROUP BY o.id, p.id, t.multiplier
ON CONFLICT DO NOTHING
            """,
                {"ids": ids, "expiry": expiry},
            )
        )
        return elapsed, count_entries(env, ids)

    bare_s, got_bare = in_env(bare)
    bl.log(f"bare SQL: {bare_s:.2f} s, entries/points {got_bare}")

    def pos_loyalty(env):
        ids = bench_order_ids(env.cr)[:LOYALTY_SAMPLE]
        program = env["loyalty.program"].search([("name", "=", PROGRAM)])
        rate = program.rule_ids[:1].reward_point_amount
        env.cr.execute(
            "SELECT o.id, c.id, c.code, o.amount_total FROM pos_order o JOIN loyalty_card c "
            "ON c.partner_id = o.partner_id AND c.program_id = %s WHERE o.id = ANY(%s) ORDER BY o.id",
            [program.id, ids],
        )
        # what the browser sends after computing the points of the order (not timed: the till's work)
        sent = [
            (
                oid,
                {
                    str(card): {
                        "points": math.floor(total * rate),
                        "program_id": program.id,
                        "coupon_id": card,
                        "barcode": code,
                        "line_codes": [],
                    }
                },
            )
            for oid, card, code, total in env.cr.fetchall()
        ]
        Order = env["pos.order"]
        t0 = time.perf_counter()
        for oid, data in sent:
            Order.browse(oid).confirm_coupon_programs(data)
        env.flush_all()
        elapsed = time.perf_counter() - t0
        env.cr.execute("SELECT SUM(points) FROM loyalty_card WHERE program_id = %s", [program.id])
        return elapsed / len(sent) * ORDERS, (len(sent), env.cr.fetchone()[0])

    loyalty_s, got_loyalty = in_env(pos_loyalty)
    bl.log(f"pos_loyalty confirm_coupon_programs: {loyalty_s:.2f} s extrapolated, sample/points {got_loyalty}")

    table.add(
        f"post points, {ORDERS:,} orders, per batch of {BATCH}", ours_batch, bare_s, "bare SQL", "<= 1.5x bare SQL"
    )
    table.add(
        f"post points, {ORDERS:,} orders, per batch of {BATCH}",
        ours_batch,
        loyalty_s,
        "pos_loyalty per order (sample)",
        ">= 10x faster",
    )
    table.add(f"post points, {ORDERS:,} orders, in one call", ours_one, bare_s, "bare SQL", "<= 1.5x bare SQL")
    table.add(
        f"post points, {ORDERS:,} orders, per order (as a sync; sample)",
        ours_order,
        bare_s,
        "bare SQL",
        "<= 1.5x bare SQL",
    )
    table.add(
        f"post points, {ORDERS:,} orders, per order (as a sync; sample)",
        ours_order,
        loyalty_s,
        "pos_loyalty per order (sample)",
        ">= 10x faster",
    )
    per_order_sync = sum(batches) / SYNC_ORDERS
    table.add(f"sync_from_ui, {SYNC_ORDERS} orders in batches of {BATCH} (creation + points)", sum(batches))
    table.add(f"sync_from_ui extrapolated to {ORDERS:,} orders", per_order_sync * ORDERS)

    # ---------------------------------------------------------------- look-up
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        cashier = env["res.users"].search([("login", "=", CASHIER)])
        cashier_env = api.Environment(cr, cashier.id, {"allowed_company_ids": cashier.company_id.ids})
        cr.execute("SELECT phone FROM res_partner WHERE member_number LIKE 'PP%%' ORDER BY random() LIMIT %s", [RUNS])
        phones = [r[0].replace(" ", "") for r in cr.fetchall()]
        it = iter(phones * 3)

        def one():
            cashier_env.invalidate_all()
            found = cashier_env["res.partner"].member_pos_search(next(it))
            assert len(found) == 1 and found[0]["exact"], found
            return found

        lookup, _ = bl.median(one, runs=RUNS)
        cr.rollback()
    table.add(f"member_pos_search by phone, {MEMBERS:,} members, store cashier", lookup, target="< 50 ms")
    return table, (got_batch, got_order, got_bare, got_loyalty, posted, got_one)


def generated():
    with bl.registry(DB).cursor() as cr:
        cr.execute("SELECT count(*) FROM pos_order WHERE name LIKE 'BENCHPOS/%%'")
        return cr.fetchone()[0] >= ORDERS


def main():
    batches, posted = [], 0
    if bl.clone_db(SOURCE, DB) or not generated():
        generate()
        bl.log("members and till ready")
        batches, posted = sync_and_copy()
        bl.log("orders ready")
    if not batches:
        raise SystemExit("BENCH_KEEP_DB reuse: the sync figures are taken when the orders are made; drop the db")
    table, checks = run(batches, posted)
    table.print(
        f"pos_points benchmark: {MEMBERS:,} members, {ORDERS:,} paid till orders of {LINES} lines "
        f"(pos_loyalty and ours per order measured on {LOYALTY_SAMPLE} and {PER_ORDER_SAMPLE} orders, "
        f"extrapolated; medians of {RUNS} look-ups)"
    )
    print(
        f"checks (entries, points): ours per batch {checks[0]}, in one call {checks[5]}, "
        f"per order {checks[1]}, bare SQL {checks[2]}; pos_loyalty sample (orders, card points) {checks[3]}; "
        f"ledger entries posted by the real sync: {checks[4]}"
    )


if __name__ == "__main__":
    main()
