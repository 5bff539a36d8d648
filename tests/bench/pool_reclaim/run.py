"""Benchmark of customer_core's public-pool reclaim (leads and customers) and care-rule passes.

Copies ``dev_customer_core`` to ``bench_pool_reclaim`` (benchlib.clone_db), generates in SQL
1,000,000 leads over 20 teams / 200 salespeople and 250,000 customers of those teams with 4 key
dates each, ANALYZEs, then times through the addon's own code, each pass in a transaction rolled
back after (so every pass starts from the same data):

* reclaim:   ``customer.pool.rule._reclaim()`` (one statement for leads and customers) beside the
             bare statement ``_sql_reclaim()`` and beside the per-record ORM loop a normal Odoo
             developer writes (per rule: ``search`` the stale records, then ``write`` + history
             ``create`` per record), on a sample of the first BENCH_SAMPLE leads and a quarter as
             many customers, extrapolated to all records; the same loop once more with
             ``tracking_disable`` (the loop without chatter tracking, its cheapest honest form);
* per-row costs: the bare statement per moved row, the loop per moved row, and the floor every
  path pays: a bare ``UPDATE`` of the same rows of ``crm_lead`` (all its indexes maintained);
* care pass: ``customer.care.rule._run_care_rules()`` beside its bare INSERT ... SELECT and a
  per-record ORM loop on BENCH_SAMPLE key dates, extrapolated.

Environment (from ./scripts/bench): SUITE_ODOO_TREE, SUITE_ODOO_CONF; optional BENCH_SOURCE_DB
(dev_customer_core), BENCH_LEADS, BENCH_KEY_DATES, BENCH_SAMPLE, BENCH_KEEP_DB=1 (reuse the data),
BENCH_SKIP_CARE=1, BENCH_RUNS (2: runs of the statement and of _reclaim, alternating, best kept),
BENCH_EXPLAIN=1 (also print where the statement's time goes: EXPLAIN ANALYZE, WAL, FK triggers).
"""

import os
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

from odoo import api
from odoo.fields import Domain
from odoo.modules.registry import Registry
from odoo.tools import SQL

SOURCE_DB = os.environ.get("BENCH_SOURCE_DB", "dev_customer_core")
DB = "bench_pool_reclaim"
N_LEADS = int(os.environ.get("BENCH_LEADS", "1000000"))
N_KEY_DATES = int(os.environ.get("BENCH_KEY_DATES", "1000000"))
N_TEAMS, N_USERS = 20, 200
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "20000"))
NOW = datetime(2027, 6, 15, 3, 0, 0)
TODAY = NOW.date()


def clone_rows(cr, table, template_id, count, overrides):
    """INSERT count copies of one row, with SQL expressions (of g, 1..count) for some columns."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    column_list = ", ".join(f'"{c}"' for c in columns)
    cr.execute(
        f'INSERT INTO "{table}" ({column_list}) SELECT {select} FROM "{table}" t, '
        f"generate_series(1, {int(count)}) g WHERE t.id = {int(template_id)}"
    )


def generate(env):
    cr = env.cr
    bl.log(f"generating {N_TEAMS} teams, {N_USERS} users")
    group = env.ref("customer_core.group_customer_user")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            [
                {"name": f"销售 {i:03d}", "login": f"bench_seller_{i:03d}", "group_ids": [(4, group.id)]}
                for i in range(N_USERS)
            ]
        )
    )
    teams = env["crm.team"].create([{"name": f"门店团队 {t:02d}"} for t in range(N_TEAMS)])
    for t, team in enumerate(teams):
        team.crm_team_member_ids = [(0, 0, {"user_id": u.id}) for u in users[t * 10 : (t + 1) * 10]]
    env["customer.pool.rule"].create(
        [
            {
                "team_id": team.id,
                "days_without_contact": 15 + (t % 4) * 5,
                "max_claims_per_day": 10,
                "max_held_per_user": 10_000,
            }
            for t, team in enumerate(teams)
        ]
    )
    template_lead = env["crm.lead"].create({"name": "template", "team_id": teams[0].id, "user_id": users[0].id})
    env.flush_all()
    user_ids = "(ARRAY[" + ",".join(map(str, users.ids)) + "])"
    team_ids = "(ARRAY[" + ",".join(map(str, teams.ids)) + "])"
    # same spread for leads and customers: 1/7 never contacted, last contacts over 60 days
    last_contact = f"CASE WHEN g % 7 = 0 THEN NULL ELSE TIMESTAMP '{NOW}' - (g % 60) * INTERVAL '1 day' END"
    old = f"TIMESTAMP '{NOW}' - INTERVAL '90 days'"
    bl.log(f"generating {N_LEADS:,} leads (SQL)")
    clone_rows(
        cr,
        "crm_lead",
        template_lead.id,
        N_LEADS,
        {
            "name": "'线索 ' || g",
            "user_id": f"{user_ids}[1 + (g % {N_USERS})]",
            "team_id": f"{team_ids}[1 + ((g % {N_USERS}) / 10)]",
            "won_status": "CASE WHEN g % 20 = 0 THEN 'won' ELSE 'pending' END",
            "probability": "CASE WHEN g % 20 = 0 THEN 100 ELSE 10 END",
            "in_pool": "false",
            "last_contact_date": last_contact,
            "date_open": old,
            "create_date": old,
            "write_date": old,
        },
    )
    n_partners = N_KEY_DATES // 4
    template_partner = env["res.partner"].create({"name": "template", "user_id": users[0].id, "team_id": teams[0].id})
    env.flush_all()
    bl.log(f"generating {n_partners:,} customers and {N_KEY_DATES:,} key dates (SQL)")
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
    first_partner = cr.fetchone()[0] + 1
    clone_rows(
        cr,
        "res_partner",
        template_partner.id,
        n_partners,
        {
            "name": "'客户 ' || g",
            "complete_name": "'客户 ' || g",
            "user_id": f"{user_ids}[1 + (g % {N_USERS})]",
            "team_id": f"{team_ids}[1 + ((g % {N_USERS}) / 10)]",
            "in_pool": "false",
            "last_contact_date": last_contact,
            "create_date": old,
            "write_date": old,
        },
    )
    types = [
        env.ref(f"customer_core.date_type_{c}").id for c in ("birthday", "wedding", "anniversary", "child_birthday")
    ]
    cr.execute(
        SQL(
            """
        INSERT INTO customer_key_date (partner_id, date_type_id, date, date_month, date_day,
                                       user_id, create_uid, create_date, write_uid, write_date)
        SELECT p.id, (%(types)s::int[])[k], d, extract(month FROM d), extract(day FROM d),
               p.user_id, 1, now(), 1, now()
          FROM res_partner p
         CROSS JOIN generate_series(1, 4) k
         CROSS JOIN LATERAL (SELECT DATE '1970-01-01' + ((p.id * 7919 + k * 104729) %% 18000) AS d) dd
         WHERE p.id >= %(first)s AND p.name LIKE '客户 %%'
        """,
            types=types,
            first=first_partner,
        )
    )
    env["customer.care.rule"].create(
        [
            {
                "name": f"bench {i}",
                "date_type_id": t,
                "days_before": 3,
                "activity_type_id": env.ref("mail.mail_activity_data_call").id,
            }
            for i, t in enumerate(types)
        ]
    )
    env.flush_all()
    cr.commit()
    bl.log("analyze")
    cr.execute("ANALYZE crm_lead; ANALYZE res_partner; ANALYZE customer_key_date; ANALYZE customer_pool_rule")
    cr.commit()


# ----------------------------------------------------------------------------
# reclaim
# ----------------------------------------------------------------------------
def bare_reclaim(env):
    env.cr.execute(env["customer.pool.rule"]._sql_reclaim(NOW))
    return sum(count for _kind, count in env.cr.fetchall())


def addon_reclaim(env):
    return env["customer.pool.rule"]._reclaim(now=NOW)


def sample_bounds(env):
    """Last id of the first SAMPLE generated leads and of the first SAMPLE/4 generated customers."""
    env.cr.execute(SQL("SELECT id FROM crm_lead WHERE name LIKE '线索 %%' ORDER BY id OFFSET %s LIMIT 1", SAMPLE))
    lead_max = env.cr.fetchone()[0]
    env.cr.execute(
        SQL("SELECT id FROM res_partner WHERE name LIKE '客户 %%' ORDER BY id OFFSET %s LIMIT 1", SAMPLE // 4)
    )
    partner_max = env.cr.fetchone()[0]
    return lead_max, partner_max


def orm_loop_reclaim(env, lead_max, partner_max):
    """What a normal Odoo developer writes: per rule, search the stale records, then per record
    write it back to the pool and create its history line. Limited to the sample's ids."""
    History = env["customer.pool.history"]
    moved = 0
    for rule in env["customer.pool.rule"].search([("active", "=", True)]):
        cutoff = NOW - timedelta(days=rule.days_without_contact)
        stale = Domain("last_contact_date", "<", cutoff) | (
            Domain("last_contact_date", "=", False) & Domain("create_date", "<", cutoff)
        )
        common = (
            Domain("team_id", "=", rule.team_id.id) & Domain("user_id", "!=", False) & Domain("in_pool", "=", False)
        )
        leads = env["crm.lead"].search(common & stale & Domain("won_status", "!=", "won") & Domain("id", "<", lead_max))
        partners = env["res.partner"].search(common & stale & Domain("id", "<", partner_max))
        for records, field in ((leads, "lead_id"), (partners, "partner_id")):
            for record in records:
                History.create(
                    {
                        field: record.id,
                        "user_id": record.user_id.id,
                        "team_id": record.team_id.id,
                        "company_id": record.company_id.id,
                        "action": "release",
                        "reason": "no_contact",
                        "date": NOW,
                    }
                )
                record.write({"in_pool": True, "pool_date": NOW, "pool_reason": "no_contact", "user_id": False})
                moved += 1
    return moved


def floor_update(env):
    """The least any path does to a moved lead: rewrite its row once (every index of crm_lead)."""
    env.cr.execute(
        SQL(
            """
        UPDATE crm_lead l SET in_pool = true, user_id = NULL
          FROM customer_pool_rule r
         WHERE r.team_id = l.team_id AND r.active AND l.active AND l.in_pool IS NOT TRUE
           AND l.user_id IS NOT NULL AND l.won_status IS DISTINCT FROM 'won'
           AND COALESCE(l.last_contact_date, l.date_open, l.create_date)
               < %s - make_interval(days => r.days_without_contact)
        """,
            NOW,
        )
    )
    return env.cr.rowcount


def explain_reclaim(env):
    """Where the statement's time goes: EXPLAIN (ANALYZE, BUFFERS, WAL) of the bare statement, the
    lines worth reading (per-CTE times, WAL, foreign-key triggers)."""
    query = env["customer.pool.rule"]._sql_reclaim(NOW)
    env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS, WAL) %s", query))
    keep = ("CTE ", "LockRows", "Update on", "Insert on", "WAL:", "Trigger", "Execution Time")
    lines = [row[0] for row in env.cr.fetchall()]
    return [line for line in lines if line.strip().startswith(keep) or "Trigger for" in line]


# ----------------------------------------------------------------------------
# care pass
# ----------------------------------------------------------------------------
def bare_care(env):
    env.cr.execute(env["customer.care.rule"]._sql_insert_occurrences(TODAY))
    return len(env.cr.fetchall())


def addon_care(env):
    return len(env["customer.care.rule"]._run_care_rules(today=TODAY))


def orm_loop_care_sample(env):
    """Naive: loop over key dates, compute the occurrence in Python, check the log, create."""
    key_dates = env["customer.key.date"].search([], limit=SAMPLE, order="id")
    rules = env["customer.care.rule"].search([])
    Occurrence = env["customer.care.occurrence"]
    partner_model = env["ir.model"]._get_id("res.partner")
    created = 0
    rules_by_type = rules.grouped("date_type_id")
    for key_date in key_dates:
        for rule in rules_by_type.get(key_date.date_type_id, rules.browse()):
            occurrence = key_date._get_next_occurrence(TODAY - timedelta(days=3))
            if not occurrence or occurrence - timedelta(days=rule.days_before) > TODAY:
                continue
            if Occurrence.search_count(
                [("rule_id", "=", rule.id), ("key_date_id", "=", key_date.id), ("occurrence_date", "=", occurrence)]
            ):
                continue
            user = key_date.partner_id.user_id
            activity = env["mail.activity"].create(
                {
                    "res_model_id": partner_model,
                    "res_id": key_date.partner_id.id,
                    "activity_type_id": rule.activity_type_id.id,
                    "user_id": user.id,
                    "date_deadline": occurrence,
                    "summary": key_date.date_type_id.name,
                }
            )
            Occurrence.create(
                {
                    "rule_id": rule.id,
                    "key_date_id": key_date.id,
                    "partner_id": key_date.partner_id.id,
                    "user_id": user.id,
                    "occurrence_date": occurrence,
                    "activity_id": activity.id,
                }
            )
            created += 1
    return created


def main():
    if bl.clone_db(SOURCE_DB, DB):
        with Registry(DB).cursor() as cr:
            generate(api.Environment(cr, api.SUPERUSER_ID, {}))
    with Registry(DB).cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_lead")
        n_leads = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE team_id IS NOT NULL")
        n_partners = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM customer_key_date")
        n_dates = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM pg_index WHERE indrelid = 'crm_lead'::regclass")
        n_indexes = cr.fetchone()[0]
    bl.log(f"database {DB}: {n_leads:,} leads, {n_partners:,} customers with a team, {n_dates:,} key dates")

    table = bl.Table()
    # one warm pass reading both tables, then the statement and the addon's method alternately
    # (BENCH_RUNS times each, best kept: a run is minutes at this size)
    bl.rolled_back(
        DB, lambda env: env.cr.execute("SELECT (SELECT count(*) FROM crm_lead), (SELECT count(*) FROM res_partner)")
    )
    bares, ours = [], []
    for _run in range(int(os.environ.get("BENCH_RUNS", "2"))):
        bares.append(bl.rolled_back(DB, bare_reclaim))
        bl.log(f"bare statement: {bares[-1][0]:.1f} s, {bares[-1][1]:,} moved")
        ours.append(bl.rolled_back(DB, addon_reclaim))
        bl.log(f"addon _reclaim: {ours[-1][0]:.1f} s, {ours[-1][1]:,} moved")
    if os.environ.get("BENCH_EXPLAIN"):
        _t, lines = bl.rolled_back(DB, explain_reclaim)
        print("EXPLAIN (ANALYZE, BUFFERS, WAL) of the bare statement:\n" + "\n".join(lines), flush=True)
    t_bare, moved_bare = min(bares)
    t_ours, moved = min(ours)
    t_floor, floor_rows = bl.rolled_back(DB, floor_update)
    bl.log(f"floor UPDATE of crm_lead: {t_floor:.1f} s, {floor_rows:,} rows")
    _t, (lead_max, partner_max) = bl.rolled_back(DB, sample_bounds)
    t_loop, moved_loop = bl.rolled_back(DB, lambda env: orm_loop_reclaim(env, lead_max, partner_max))
    bl.log(f"ORM loop on the sample: {t_loop:.1f} s, {moved_loop:,} moved")
    t_loop_nt, _m = bl.rolled_back(
        DB, lambda env: orm_loop_reclaim(env(context=dict(env.context, tracking_disable=True)), lead_max, partner_max)
    )
    bl.log(f"ORM loop without tracking on the sample: {t_loop_nt:.1f} s")
    sample_records = SAMPLE + SAMPLE // 4
    scale = (n_leads + n_partners) / sample_records
    loop_all, loop_nt_all = t_loop * scale, t_loop_nt * scale
    table.add("reclaim 1 statement (leads+customers)", t_ours, t_bare, "bare SQL", "<= 1.3x")
    table.add("reclaim vs ORM loop (extrapolated)", t_ours, loop_all, "ORM loop", ">= 50x faster")
    table.add("reclaim vs ORM loop, tracking off", t_ours, loop_nt_all, "ORM loop -track", "(fairness check)")
    table.add("floor: bare UPDATE crm_lead only", t_floor, t_ours, "addon _reclaim", "(physical floor)")

    if not os.environ.get("BENCH_SKIP_CARE"):
        tc_bare, occ_bare = bl.rolled_back(DB, bare_care)
        tc_ours, occ_ours = bl.rolled_back(DB, addon_care)
        tc_loop, occ_sample = bl.rolled_back(DB, orm_loop_care_sample)
        bl.log(f"care: {occ_bare:,} occurrences (addon {occ_ours:,} incl. activities); sample loop {occ_sample:,}")
        table.add("care pass (incl. activities)", tc_ours, tc_bare, "bare SQL", "(reported)")
        table.add("care pass vs ORM loop (extrapolated)", tc_ours, tc_loop * n_dates / SAMPLE, "ORM loop", "(reported)")

    table.print(
        f"pool_reclaim: {n_leads:,} leads + {n_partners:,} customers / {N_TEAMS} teams / {N_USERS} users, "
        f"{n_dates:,} key dates; ORM loops on {SAMPLE:,} leads + {SAMPLE // 4:,} customers, extrapolated"
    )
    print(
        f"per moved record: addon {t_ours / moved * 1000:.3f} ms, bare {t_bare / moved_bare * 1000:.3f} ms, "
        f"floor UPDATE {t_floor / max(floor_rows, 1) * 1000:.3f} ms/lead ({n_indexes} indexes on crm_lead), "
        f"ORM loop {t_loop / max(moved_loop, 1) * 1000:.3f} ms, ORM loop without tracking "
        f"{t_loop_nt / max(moved_loop, 1) * 1000:.3f} ms; moved {moved:,} of {n_leads + n_partners:,} "
        f"(sample loop moved {moved_loop:,} of {sample_records:,})",
        flush=True,
    )


if __name__ == "__main__":
    main()
