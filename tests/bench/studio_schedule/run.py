"""Benchmark of studio_booking's scheduling (issue 7).

Data (built once in database ``bench_studio_schedule``, a copy of ``dev_studio_booking`` with
OCA ``resource_booking`` installed on top): 2 stores, 40 resources, 20,000 existing bookings
over a year. The same bookings exist twice: as ``studio.booking`` (with their lines under the
exclusion constraint) and as ``resource.booking`` + ``calendar.event`` for the peer module.

Timed (each run in a transaction that is rolled back, median of several runs):
- inserting 1,000 bookings of 4 resources through the ORM (the exclusion constraint checks)
  versus OCA resource_booking's own availability check (``_check_scheduling``) on the same
  data, timed on a sample and extrapolated to 1,000;
- a free-slot suggestion for a 4-resource package over 60 days;
- reading one week of the resource calendar (what the calendar view asks for).

Usage: ``./scripts/bench studio_schedule [--rebuild] [--source dev_studio_booking]``
"""

import argparse
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

DB = "bench_studio_schedule"
YEAR_START = datetime(2030, 1, 7)  # a Monday; all times naive UTC (calendars in UTC)
SLOTS = [(9, 0), (11, 45), (14, 30), (17, 15), (20, 0)]  # 2 h shoots, 15 min buffers
N_EXISTING = 20000
N_INSERT = 1000
PEER_SAMPLE = 100


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the bench database if it exists (BENCH_KEEP_DB)")
    parser.add_argument("--source", default="dev_studio_booking")
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args()


def build(source, keep):
    if keep:
        os.environ["BENCH_KEEP_DB"] = "1"
    if not bl.clone_db(source, DB):
        return
    subprocess.run(
        [
            sys.executable,
            os.path.join(bl.TREE, "odoo-bin"),
            "-c",
            bl.CONF,
            "-d",
            DB,
            "-i",
            "resource_booking",
            "--stop-after-init",
            "--log-level",
            "warn",
        ],
        check=True,
    )
    with Registry(DB).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        generate(env)
        cr.commit()
    bl.log("data ready")


def generate(env):
    rng = random.Random(7)
    main = env.ref("base.main_company")
    stores = env["res.company"].create([{"name": f"Bench Store {i}", "parent_id": main.id} for i in (1, 2)])
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench hours",
            "tz": "UTC",
            "company_id": False,
            "attendance_ids": [(5, 0, 0)]
            + [
                (
                    0,
                    0,
                    {"name": f"d{d}", "dayofweek": str(d), "hour_from": 8.5, "hour_to": 22.5, "day_period": "full_day"},
                )
                for d in range(7)
            ],
        }
    )
    Resource = env["resource.resource"]
    room_type = env["studio.room.type"].create({"name": "Bench studio"})
    per_store = {}
    for store in stores:
        res = {}
        for role, count, extra in (
            ("photographer", 6, {"studio_level": "3"}),
            ("makeup", 4, {"studio_level": "2"}),
            ("room", 5, {"studio_room_type_id": room_type.id}),
            ("costume", 5, {}),
        ):
            res[role] = Resource.create(
                [
                    {
                        "name": f"{store.name} {role} {i + 1}",
                        "company_id": store.id,
                        "resource_type": "material",
                        "calendar_id": calendar.id,
                        "tz": "UTC",
                        "studio_role": role,
                        **extra,
                    }
                    for i in range(count)
                ]
            )
        per_store[store.id] = res
    package = env["product.product"].create(
        {
            "name": "Bench 4-resource package",
            "type": "service",
            "is_studio_package": True,
            "studio_hours": 2.0,
            "studio_setup_minutes": 15,
            "studio_cleanup_minutes": 15,
            "studio_requirement_ids": [
                (0, 0, {"role": "photographer", "quantity": 1, "min_level": "3"}),
                (0, 0, {"role": "makeup", "quantity": 1}),
                (0, 0, {"role": "room", "quantity": 1, "room_type_id": room_type.id}),
                (0, 0, {"role": "costume", "quantity": 1}),
            ],
        }
    )
    partner = env["res.partner"].create({"name": "Bench customer"})
    env["ir.config_parameter"].set_param("bench.studio.package", package.id)
    env["ir.config_parameter"].set_param("bench.studio.stores", ",".join(map(str, stores.ids)))
    env["ir.config_parameter"].set_param("bench.studio.partner", partner.id)

    # the peer: one resource_booking type and one combination per resource set
    rb_type = env["resource.booking.type"].create(
        {
            "name": "Bench shoot",
            "duration": 2.0,
            "resource_calendar_id": calendar.id,
            "slot_duration": 0.25,
            "modifications_deadline": 0,
        }
    )
    combos = {}
    for store in stores:
        res = per_store[store.id]
        for i in range(6):
            members = res["photographer"][i]
            if i < 4:
                members |= res["makeup"][i] | res["room"][i] | res["costume"][i]
            elif i == 4:
                members |= res["room"][4] | res["costume"][4]
            combo = env["resource.booking.combination"].create({"resource_ids": [(6, 0, members.ids)]})
            env["resource.booking.type.combination.rel"].create({"type_id": rb_type.id, "combination_id": combo.id})
            combos[(store.id, i)] = (combo, members)
    env["ir.config_parameter"].set_param("bench.studio.rb_type", rb_type.id)
    env.flush_all()

    # 2 stores x 6 parallel bookings x 5 slots x 365 days = 21,900 places; keep 20,000
    places = [
        (day, slot, store.id, i)
        for day in range(365)
        for slot in range(len(SLOTS))
        for store in stores
        for i in range(6)
    ]
    rng.shuffle(places)
    places = sorted(places[:N_EXISTING])
    cr = env.cr
    uid = SUPERUSER_ID
    booking_rows, line_rows, event_rows = [], [], []
    for number, (day, slot, store_id, i) in enumerate(places, start=1):
        hour, minute = SLOTS[slot]
        start = YEAR_START + timedelta(days=day, hours=hour, minutes=minute)
        stop = start + timedelta(hours=2)
        booking_rows.append((f"BENCH/{number:05d}", store_id, partner.id, start, stop, 15, 15, "confirmed", uid, uid))
        _combo, members = combos[(store_id, i)]
        for resource in members:
            line_rows.append(
                (
                    number,
                    resource.id,
                    resource.studio_role,
                    store_id,
                    "confirmed",
                    start,
                    stop,
                    start - timedelta(minutes=15),
                    stop + timedelta(minutes=15),
                )
            )
        event_rows.append((number, start, stop))
    from psycopg2.extras import execute_values

    execute_values(
        cr,
        """INSERT INTO studio_booking (name, company_id, partner_id, start, stop, setup_minutes,
               cleanup_minutes, state, create_uid, write_uid, create_date, write_date)
           SELECT v.name, v.company_id, v.partner_id, v.start, v.stop, v.setup_minutes,
                  v.cleanup_minutes, v.state, v.create_uid, v.write_uid, now(), now()
             FROM (VALUES %s) AS v(name, company_id, partner_id, start, stop, setup_minutes,
                  cleanup_minutes, state, create_uid, write_uid)
           RETURNING id""",
        booking_rows,
        page_size=5000,
    )
    cr.execute("SELECT id FROM studio_booking WHERE name LIKE 'BENCH/%%' ORDER BY name")
    ids = [row[0] for row in cr.fetchall()]
    line_rows = [(ids[row[0] - 1], *row[1:]) for row in line_rows]
    execute_values(
        cr,
        """INSERT INTO studio_booking_line (booking_id, resource_id, role, company_id, state, start, stop,
               buffer_start, buffer_stop, blocking, create_uid, write_uid, create_date, write_date)
           SELECT v.*, true, 1, 1, now(), now() FROM (VALUES %s) AS v""",
        line_rows,
        page_size=5000,
    )
    # the same bookings for resource_booking: calendar events + bookings
    execute_values(
        cr,
        """INSERT INTO calendar_event (name, start, stop, duration, allday, active, user_id, show_as,
               privacy, create_uid, write_uid, create_date, write_date)
           SELECT 'bench ' || v.n, v.start, v.stop, 2.0, false, true, 1, 'busy', 'public', 1, 1, now(), now()
             FROM (VALUES %s) AS v(n, start, stop) ORDER BY v.n""",
        event_rows,
        page_size=5000,
    )
    cr.execute("SELECT id FROM calendar_event WHERE name LIKE 'bench %%' ORDER BY id")
    event_ids = [row[0] for row in cr.fetchall()]
    rb_rows = [
        (event_ids[n - 1], combos[(store_id, i)][0].id, rb_type.id, start_stop[1], start_stop[2])
        for n, ((day, slot, store_id, i), start_stop) in enumerate(zip(places, event_rows, strict=True), start=1)
    ]
    execute_values(
        cr,
        """INSERT INTO resource_booking (meeting_id, combination_id, type_id, start, stop, duration, state,
               active, combination_auto_assign, user_id, create_uid, write_uid, create_date, write_date)
           SELECT v.m, v.c, v.t, v.s, v.e, 2.0, 'confirmed', true, false, 1, 1, 1, now(), now()
             FROM (VALUES %s) AS v(m, c, t, s, e)""",
        rb_rows,
        page_size=5000,
    )
    cr.execute("ANALYZE studio_booking; ANALYZE studio_booking_line; ANALYZE calendar_event; ANALYZE resource_booking")
    env.invalidate_all()


def main():
    args = parse()
    build(args.source, args.keep)
    registry = Registry(DB)

    def timed(work, runs):
        """Median of runs, each in its own transaction rolled back (benchlib)."""
        return bl.median(lambda: bl.rolled_back(DB, work)[1], runs, warmup=False)[0]

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        icp = env["ir.config_parameter"]
        package_id = int(icp.get_param("bench.studio.package"))
        store_ids = [int(x) for x in icp.get_param("bench.studio.stores").split(",")]
        partner_id = int(icp.get_param("bench.studio.partner"))
        rb_type_id = int(icp.get_param("bench.studio.rb_type"))
        cr.execute("SELECT count(*) FROM studio_booking WHERE name LIKE 'BENCH/%%'")
        n_existing = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM resource_resource WHERE company_id = ANY(%s) AND studio_role IS NOT NULL",
            [store_ids],
        )
        n_resources = cr.fetchone()[0]
        resources = {}
        for store_id in store_ids:
            cr.execute(
                "SELECT studio_role, array_agg(id ORDER BY id) FROM resource_resource "
                "WHERE company_id = %s AND studio_role IS NOT NULL GROUP BY 1",
                [store_id],
            )
            resources[store_id] = dict(cr.fetchall())
        cr.execute(
            "SELECT c.id FROM resource_booking_combination c JOIN resource_booking_type_combination_rel r "
            "ON r.combination_id = c.id WHERE r.type_id = %s ORDER BY c.id",
            [rb_type_id],
        )
        combo_ids = [row[0] for row in cr.fetchall()]
    bl.log(f"data: {len(store_ids)} stores, {n_resources} resources, {n_existing} existing bookings")

    # the new bookings go after the existing year, 4 resources each, no conflicts among them
    base = YEAR_START + timedelta(days=366)
    new_slots = []
    for n in range(N_INSERT):
        store_id = store_ids[n % 2]
        k = n // 2
        day, rest = divmod(k, 4 * len(SLOTS))
        slot, i = divmod(rest, 4)
        hour, minute = SLOTS[slot]
        start = base + timedelta(days=day, hours=hour, minutes=minute)
        res = resources[store_id]
        new_slots.append(
            (store_id, start, [res["photographer"][i], res["makeup"][i], res["room"][i], res["costume"][i]])
        )

    def insert_ours(env):
        Booking = env["studio.booking"]
        for store_id, start, resource_ids in new_slots:
            Booking.create(
                {
                    "partner_id": partner_id,
                    "company_id": store_id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "setup_minutes": 15,
                    "cleanup_minutes": 15,
                    "line_ids": [(0, 0, {"resource_id": rid}) for rid in resource_ids],
                }
            )
        env.flush_all()

    ours_insert = timed(insert_ours, max(1, args.runs - 1))

    def insert_peer(env):
        RB = env["resource.booking"].with_context(tracking_disable=True)
        for n, (store_id, start, _resource_ids) in enumerate(new_slots[:PEER_SAMPLE]):
            i = (n // 2) % 4
            combo_id = combo_ids[store_ids.index(store_id) * 6 + i]
            RB.create(
                {
                    "partner_ids": [(4, partner_id)],
                    "type_id": rb_type_id,
                    "combination_auto_assign": False,
                    "combination_id": combo_id,
                    "start": start,
                    "duration": 2.0,
                }
            )
        env.flush_all()

    peer_sample = timed(insert_peer, 1)
    peer_insert = peer_sample * N_INSERT / PEER_SAMPLE

    # free-slot suggestion: 4-resource package over 60 days from the middle of the year
    def suggest(env):
        package = env["product.product"].browse(package_id)
        date_from = YEAR_START + timedelta(days=180)
        slots = env["resource.resource"]._studio_find_slots(
            package.product_tmpl_id._studio_requirements(),
            env["res.company"].browse(store_ids[0]),
            date_from,
            date_from + timedelta(days=60),
            2.0,
            setup=15,
            cleanup=15,
            limit=5,
            step=15,
        )
        assert slots, "no free slot found"
        suggest.found = slots

    suggest_time = timed(suggest, args.runs + 2)

    # one week of the resource calendar, as the calendar view reads it
    def calendar_week(env):
        week = YEAR_START + timedelta(days=200)
        env["studio.booking.line"].search_read(
            [
                ("start", "<", week + timedelta(days=7)),
                ("stop", ">", week),
                ("company_id", "=", store_ids[0]),
                ("blocking", "=", True),
            ],
            ["booking_id", "partner_id", "resource_id", "company_id", "start", "stop", "display_name"],
        )

    week_time = timed(calendar_week, args.runs + 2)

    table = bl.Table()
    table.add(
        "insert 1,000 bookings x 4 resources (ORM + exclusion constraint)",
        ours_insert,
        peer_insert,
        baseline_name=f"OCA resource_booking check ({PEER_SAMPLE} timed, x{N_INSERT // PEER_SAMPLE})",
        target=">= 5x faster than peer",
    )
    table.add("free-slot suggestion, 4-resource package, 60 days", suggest_time, target="< 100 ms")
    table.add("resource calendar, one week of one store", week_time, target="< 150 ms")
    table.print("studio_schedule")
    first = suggest.found[0]
    print(f"\nfirst suggestion: {first['start']} with resources {first['resource_ids']}")


if __name__ == "__main__":
    main()
