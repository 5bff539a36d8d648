"""Benchmark of member_loyalty's counter look-up (#24): exact on the normalised phone, candidates
from a part of a number.

Builds bench_member_lookup from an installed database (TEMPLATE), adds BENCH_MEMBERS members
(200,000) in SQL with their phone as Odoo stores it (`phone` typed, `phone_sanitized` in E.164,
+86) spread over the demo group's stores, a member card each, and a cashier allowed one store.
Then times, as that cashier (record rules on), each look-up the median of BENCH_RUNS (30) random
members:

- the whole number typed without +86 (`res.partner._member_counter_search`, on the indexed
  `phone_sanitized`), beside the look-up it replaces (the digits of every member's phone compared
  in a scan, the query before #24) in bare SQL;
- the card code;
- the last 4 digits: the store's members listed to choose from (Odoo's `phone_mobile_search`,
  trigram index, record rules).

Environment (exported by ./scripts/bench): SUITE_ODOO_TREE, SUITE_ODOO_CONF; BENCH_SOURCE_DB
(default dev_member_loyalty: member_loyalty with its demo), BENCH_DB (bench_member_lookup), BENCH_MEMBERS,
BENCH_RUNS, BENCH_KEEP_DB (reuse the generated database).
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

from odoo import api

SOURCE = os.environ.get("BENCH_SOURCE_DB", "dev_member_loyalty")
DB = os.environ.get("BENCH_DB", "bench_member_lookup")
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
CASHIER = "bench_lookup_cashier"

OLD_LOOKUP = """
SELECT id FROM (
    SELECT id, phone ~ '^\\s*(\\+|00)' AS international,
           regexp_replace(regexp_replace(phone, '[^0-9]', '', 'g'), '^00', '') AS digits
      FROM res_partner
     WHERE is_member AND active AND phone IS NOT NULL
) p
 WHERE (NOT international AND digits = ANY(%s)) OR (international AND digits = ANY(%s))
 ORDER BY id LIMIT 2
"""


def generate():
    with bl.registry(DB).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        head = env.ref("customer_core.demo_company_group")
        stores = env["res.company"].search([("parent_id", "=", head.id), ("name", "like", "店")])
        stores = stores.filtered(lambda s: s.country_id.code == "CN") or head
        tier = env["member.tier"].search([("company_id", "=", head.id)], order="threshold", limit=1)
        bl.log(f"members: {MEMBERS:,} over {len(stores)} stores")
        # columns other installed modules make NOT NULL without a default (purchase's): their default
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' "
            "AND column_name IN ('group_rfq', 'group_on')"
        )
        extra = [row[0] for row in cr.fetchall()]
        # 11-digit Chinese mobiles, unique: 13x/15x/18x + 8 digits from the row number
        cr.execute(
            """
INSERT INTO res_partner (name, active, is_member, member_number, member_store_id, member_tier_id,
                         phone, phone_sanitized, autopost_bills, type, create_date, write_date
                         {extra_columns})
SELECT 'Lookup member ' || g, TRUE, TRUE, 'LK' || lpad(g::text, 8, '0'),
       (%(stores)s::int[])[1 + g %% array_length(%(stores)s::int[], 1)], %(tier)s,
       (ARRAY['135', '139', '158', '186'])[1 + g %% 4] || ' ' || substr(lpad(g::text, 8, '0'), 1, 4)
           || ' ' || substr(lpad(g::text, 8, '0'), 5, 4),
       '+86' || (ARRAY['135', '139', '158', '186'])[1 + g %% 4] || lpad(g::text, 8, '0'),
       'ask', 'contact', now(), now() {extra_values}
  FROM generate_series(1, %(n)s) g;
UPDATE res_partner SET commercial_partner_id = id WHERE member_number LIKE 'LK%%';
INSERT INTO loyalty_card (program_id, company_id, partner_id, points, code, active, balance_guard,
                          create_date, write_date)
SELECT %(program)s, %(head)s, id, 0, 'LKC' || id, TRUE, TRUE, now(), now()
  FROM res_partner WHERE member_number LIKE 'LK%%';
UPDATE res_partner p SET member_card_id = c.id FROM loyalty_card c
 WHERE c.partner_id = p.id AND c.code LIKE 'LKC%%';
ANALYZE res_partner;
ANALYZE loyalty_card;
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
        store = stores[0]
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Bench cashier",
                "login": CASHIER,
                "company_id": store.id,
                "company_ids": [(6, 0, store.ids)],
                "group_ids": [(6, 0, [env.ref("member_loyalty.group_member_cashier").id])],
            }
        )
        cr.commit()


def sample(cr, n):
    cr.execute(
        "SELECT phone, phone_sanitized, member_store_id, c.code FROM res_partner p "
        "JOIN loyalty_card c ON c.id = p.member_card_id WHERE member_number LIKE 'LK%%' "
        "ORDER BY random() LIMIT %s",
        [n],
    )
    return cr.fetchall()


def run():
    table = bl.Table()
    with bl.registry(DB).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        cashier = env["res.users"].search([("login", "=", CASHIER)])
        store = cashier.company_id
        cashier_env = api.Environment(cr, cashier.id, {"allowed_company_ids": store.ids})
        Partner = cashier_env["res.partner"]
        rows = sample(cr, RUNS)
        rng = random.Random(24)

        def lookups(queries, check):
            it = iter(queries * 3)

            def one():
                query = next(it)
                cashier_env.invalidate_all()
                found = Partner._member_counter_search(query)
                check(query, found)
                return found

            return one

        def exact_ok(_query, found):
            assert found[0] and found[1] == "phone", found

        nationals = [phone.replace(" ", "") for phone, *_ in rows]
        exact, _ = bl.median(lookups(nationals, exact_ok), runs=RUNS)

        def old_lookup():
            digits = rng.choice(nationals)
            cr.execute(OLD_LOOKUP, [[digits], [digits, "86" + digits]])
            return cr.fetchall()

        old, _ = bl.median(old_lookup, runs=min(RUNS, 10))
        table.add("whole number (phone_sanitized)", exact, old, "digits scan (before #24)", "")

        def card_ok(_query, found):
            assert found[1] == "card", found

        card, _ = bl.median(lookups([code for *_, code in rows], card_ok), runs=RUNS)
        table.add("card code", card)

        listed = []

        def partial_ok(_query, found):
            assert not found[0]
            listed.append(len(found[2]))

        partial, _ = bl.median(lookups([phone[-4:] for phone, *_ in rows], partial_ok), runs=RUNS)
        table.add("last 4 digits: the store's candidates", partial)
        cr.rollback()
    table.print(
        f"member_lookup benchmark: {MEMBERS:,} members, as a cashier of one store "
        f"(median of {RUNS} look-ups; last 4 digits listed {min(listed)}-{max(listed)} members)"
    )


def generated():
    with bl.registry(DB).cursor() as cr:
        cr.execute("SELECT 1 FROM res_users WHERE login = %s", [CASHIER])
        return bool(cr.fetchone())


def main():
    if bl.clone_db(SOURCE, DB) or not generated():
        generate()
        bl.log("data ready")
    run()


if __name__ == "__main__":
    main()
