"""Benchmark of customer_core's public-pool reclaim and care-rule passes.

Builds ``bench_pool_reclaim`` from an installed database (CREATE DATABASE ... TEMPLATE),
generates 1,000,000 leads over 20 teams / 200 salespeople and 1,000,000 key dates with SQL,
then times, through the addon's own code (odoo Registry):

* reclaim:   customer.pool.rule._reclaim()  vs  the bare SQL statement  vs  a per-record ORM
             loop on a 20,000-lead sample, extrapolated to all leads;
* care pass: customer.care.rule._run_care_rules()  vs  its bare INSERT ... SELECT  vs  a
             per-record ORM loop on a 20,000-key-date sample, extrapolated.

Every timed pass runs in a transaction that is rolled back, so each starts from the same data.
Environment: SUITE_ODOO_TREE, SUITE_ODOO_CONF (from ``scripts/suite.py env``); optional
BENCH_SOURCE_DB (default dev_customer_core), BENCH_LEADS, BENCH_KEY_DATES, BENCH_SAMPLE,
BENCH_KEEP_DB=1 to reuse an already generated bench database.
"""

import os
import sys
import time
from datetime import datetime, timedelta

TREE = os.environ["SUITE_ODOO_TREE"]
CONF = os.environ["SUITE_ODOO_CONF"]
sys.path.insert(0, TREE)

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL, config

SOURCE_DB = os.environ.get("BENCH_SOURCE_DB", "dev_customer_core")
BENCH_DB = "bench_pool_reclaim"
N_LEADS = int(os.environ.get("BENCH_LEADS", "1000000"))
N_KEY_DATES = int(os.environ.get("BENCH_KEY_DATES", "1000000"))
N_TEAMS, N_USERS = 20, 200
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "20000"))
NOW = datetime(2027, 6, 15, 3, 0, 0)
TODAY = NOW.date()


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def admin_cursor():
    import psycopg2

    return psycopg2.connect(
        dbname="postgres",
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )


def create_bench_db():
    conn = admin_cursor()
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        exists = cr.fetchone()
        if exists and os.environ.get("BENCH_KEEP_DB"):
            conn.close()
            return False
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN %s AND pid <> pg_backend_pid()",
            [(BENCH_DB, SOURCE_DB)],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        cr.execute(f'CREATE DATABASE "{BENCH_DB}" TEMPLATE "{SOURCE_DB}"')
    conn.close()
    return True


def clone_rows(cr, table, template_id, count, overrides):
    """INSERT count copies of one row, with SQL expressions (of g, 1..count) for some columns."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = ", ".join(overrides.get(c, 't."%s"' % c) for c in columns)
    column_list = ", ".join('"%s"' % c for c in columns)
    cr.execute(
        'INSERT INTO "%s" (%s) SELECT %s FROM "%s" t, generate_series(1, %d) g WHERE t.id = %d'
        % (table, column_list, select, table, count, template_id)
    )


def generate(env):
    cr = env.cr
    log(f"generating {N_TEAMS} teams, {N_USERS} users")
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
    log(f"generating {N_LEADS:,} leads (SQL)")
    t0 = time.time()
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
            "last_contact_date": (
                f"CASE WHEN g % 7 = 0 THEN NULL ELSE TIMESTAMP '{NOW}' - (g % 60) * INTERVAL '1 day' END"
            ),
            "date_open": f"TIMESTAMP '{NOW}' - INTERVAL '90 days'",
            "create_date": f"TIMESTAMP '{NOW}' - INTERVAL '90 days'",
            "write_date": f"TIMESTAMP '{NOW}' - INTERVAL '90 days'",
        },
    )
    log(f"  leads in {time.time() - t0:.0f} s")
    n_partners = N_KEY_DATES // 4
    template_partner = env["res.partner"].create({"name": "template", "user_id": users[0].id})
    env.flush_all()
    log(f"generating {n_partners:,} customers and {N_KEY_DATES:,} key dates (SQL)")
    t0 = time.time()
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
            "last_contact_date": "NULL",
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
    log(f"  customers and key dates in {time.time() - t0:.0f} s")
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
    log("analyze")
    cr.execute("ANALYZE crm_lead; ANALYZE res_partner; ANALYZE customer_key_date; ANALYZE customer_pool_rule")
    cr.commit()


def timed(registry, func):
    """Run func(env) in a fresh transaction, time it, roll back. Returns (seconds, result)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        env.invalidate_all()
        t0 = time.perf_counter()
        result = func(env)
        elapsed = time.perf_counter() - t0
        cr.rollback()
    return elapsed, result


def bare_reclaim(env):
    env.cr.execute(env["customer.pool.rule"]._sql_reclaim(NOW))
    return env.cr.rowcount


def addon_reclaim(env):
    return env["customer.pool.rule"]._reclaim(now=NOW)


def orm_loop_reclaim_sample(env):
    """What a naive implementation does: visit every lead, decide, write, log. On a sample."""
    env.cr.execute(
        SQL(
            "SELECT id FROM crm_lead WHERE active AND in_pool IS NOT TRUE AND team_id IS NOT NULL ORDER BY id LIMIT %s",
            SAMPLE,
        )
    )
    leads = env["crm.lead"].browse([r[0] for r in env.cr.fetchall()])
    rules = {rule.team_id.id: rule for rule in env["customer.pool.rule"].search([])}
    moved = 0
    for lead in leads:
        rule = rules.get(lead.team_id.id)
        if not rule or not lead.user_id or lead.won_status == "won":
            continue
        last = lead.last_contact_date or lead.date_open or lead.create_date
        if last < NOW - timedelta(days=rule.days_without_contact):
            holder = lead.user_id
            lead.write({"in_pool": True, "pool_date": NOW, "pool_reason": "no_contact", "user_id": False})
            env["customer.pool.history"].create(
                {
                    "lead_id": lead.id,
                    "user_id": holder.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                    "action": "release",
                    "reason": "no_contact",
                    "date": NOW,
                }
            )
            moved += 1
    env.flush_all()
    return moved


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
    env.flush_all()
    return created


def main():
    odoo.tools.config.parse_config(["-c", CONF, "--log-level=warn"])
    created = create_bench_db()
    registry = Registry(BENCH_DB)
    if created:
        with registry.cursor() as cr:
            generate(api.Environment(cr, api.SUPERUSER_ID, {}))
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_lead")
        n_leads = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM customer_key_date")
        n_dates = cr.fetchone()[0]
    log(f"database {BENCH_DB}: {n_leads:,} leads, {n_dates:,} key dates")

    rows = []
    # reclaim: warm the cache once, then bare SQL and the addon's method, best of two each
    timed(registry, lambda env: env.cr.execute("SELECT count(*) FROM crm_lead WHERE active"))
    bare = [timed(registry, bare_reclaim) for _ in range(2)]
    ours = [timed(registry, addon_reclaim) for _ in range(2)]
    t_bare, moved = min(bare)
    t_ours, moved_ours = min(ours)
    t_loop, moved_sample = timed(registry, orm_loop_reclaim_sample)
    t_loop_all = t_loop * n_leads / SAMPLE
    log(f"reclaim: {moved:,} leads moved (addon {moved_ours:,}); sample loop moved {moved_sample:,} of {SAMPLE:,}")
    rows.append(
        ("reclaim, all rules (addon _reclaim)", t_ours, t_bare, t_loop_all, "<= 1.3x SQL, >= 50x faster than loop")
    )

    care_bare = [timed(registry, bare_care) for _ in range(2)]
    care_ours = [timed(registry, addon_care) for _ in range(2)]
    tc_bare, occ_bare = min(care_bare)
    tc_ours, occ_ours = min(care_ours)
    tc_loop, occ_sample = timed(registry, orm_loop_care_sample)
    tc_loop_all = tc_loop * n_dates / SAMPLE
    log(f"care: {occ_bare:,} occurrences (addon {occ_ours:,} incl. activities); sample loop {occ_sample:,}")
    rows.append(("care pass (addon, incl. activities)", tc_ours, tc_bare, tc_loop_all, "(reported)"))

    print()
    print(
        f"{'operation':40} {'ours s':>9} {'bare SQL s':>11} {'ratio':>7} "
        f"{'ORM loop s (extrap.)':>21} {'speed-up':>9}  target"
    )
    for name, ours_s, bare_s, loop_s, target in rows:
        print(
            f"{name:40} {ours_s:9.2f} {bare_s:11.2f} {ours_s / bare_s:6.2f}x "
            f"{loop_s:21.1f} {loop_s / ours_s:8.0f}x  {target}"
        )
    print(
        f"\n{n_leads:,} leads / {N_TEAMS} teams / {N_USERS} users, {n_dates:,} key dates; "
        f"ORM loops on {SAMPLE:,}-record samples, extrapolated linearly."
    )


if __name__ == "__main__":
    main()
