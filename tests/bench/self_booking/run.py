"""Benchmark of studio_booking's self-booking page (issue 19).

Data (built once in database ``bench_self_booking``, or ``--db``, a copy of an installed database
with studio_booking, ``--source``): 2 stores, 40 resources, 20,000 existing bookings over the
year around today (the coming weeks 9 in 10 full, as a busy studio), a 4-resource package
(photographer, make-up artist, room, costume) bookable online in the first store.

Measured:
- the page's free start times over 8 weeks (the same free-slot finder and parameters as the page:
  every resource, set-up and clean-up, hourly starts), server time, median of runs, each in a
  transaction rolled back; and the page's own two weeks;
- 50 customers choosing times of the same day at once, served by the server's workers (``--workers``,
  4 as the Docker set-up runs), each request in its own transaction and with
  their own phone and address (the public route's call, ``_studio_online_hold``), each trying the
  day's free times until they hold one or the day is full: the day's free capacity is booked
  exactly (no free time left, as many holds as winners), no resource twice, every customer answered.

Usage: ``./scripts/bench self_booking [--source hs_full] [--db bench_self_booking] [--keep]``
"""

import argparse
import os
import random
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as bl
import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.sql_db import PoolError

SLOTS = [(9, 0), (11, 45), (14, 30), (17, 15), (20, 0)]  # 2 h shoots, 15 min buffers
N_EXISTING = 20000
CUSTOMERS = 50
RACE_DAYS_AHEAD = 10


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the bench database if it exists (BENCH_KEEP_DB)")
    parser.add_argument("--source", default="dev_studio_booking")
    parser.add_argument("--db", default="bench_self_booking")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--workers", type=int, default=4, help="requests served at once, as the server's workers (docker: 4)"
    )
    return parser.parse_args()


def today():
    return datetime.now(UTC).replace(tzinfo=None).replace(hour=0, minute=0, second=0, microsecond=0)


def build(source, db, keep):
    if keep:
        os.environ["BENCH_KEEP_DB"] = "1"
    if not bl.clone_db(source, db):
        return
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        generate(env)
        cr.commit()
    bl.log("data ready")


def generate(env):
    rng = random.Random(19)
    main = env.ref("base.main_company")
    stores = env["res.company"].create([{"name": f"Bench Online Store {i}", "parent_id": main.id} for i in (1, 2)])
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench online hours",
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
    room_type = env["studio.room.type"].create({"name": "Bench online studio"})
    per_store = {}
    for store in stores:
        res = {}
        for role, count, extra in (
            ("photographer", 6, {"studio_level": "3"}),
            ("makeup", 4, {"studio_level": "2"}),
            ("room", 5, {"studio_room_type_id": room_type.id}),
            ("costume", 5, {}),
        ):
            res[role] = env["resource.resource"].create(
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
            "name": "Bench online 4-resource package",
            "type": "service",
            "list_price": 3000.0,
            "company_id": stores[0].id,
            "is_studio_package": True,
            "studio_online_booking": True,
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
    stores[0].write({"studio_hold_limit": 5, "studio_hold_minutes": 15})
    partner = env["res.partner"].create({"name": "Bench online customer"})
    icp = env["ir.config_parameter"]
    icp.set_param("bench.online.package", package.id)
    icp.set_param("bench.online.stores", ",".join(map(str, stores.ids)))
    env.flush_all()

    # 2 stores x 6 parallel bookings x 5 slots x 365 days = 21,900 places; keep 20,000; the year
    # runs from 300 days ago to 65 days ahead; the race day is left empty in the first store
    first = today() - timedelta(days=300)
    race_day = (today() + timedelta(days=RACE_DAYS_AHEAD) - first).days
    places = [
        (day, slot, store.id, i)
        for day in range(365)
        for slot in range(len(SLOTS))
        for store in stores
        for i in range(6)
        if not (day == race_day and store == stores[0])
    ]
    rng.shuffle(places)
    places = sorted(places[:N_EXISTING])
    booking_rows, line_rows = [], []
    for number, (day, slot, store_id, i) in enumerate(places, start=1):
        hour, minute = SLOTS[slot]
        start = first + timedelta(days=day, hours=hour, minutes=minute)
        stop = start + timedelta(hours=2)
        booking_rows.append(
            (f"BENCHO/{number:05d}", store_id, partner.id, start, stop, 15, 15, "confirmed", SUPERUSER_ID, SUPERUSER_ID)
        )
        res = per_store[store_id]
        members = [res["photographer"][i]]
        if i < 4:
            members += [res["makeup"][i], res["room"][i], res["costume"][i]]
        elif i == 4:
            members += [res["room"][4], res["costume"][4]]
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
    from psycopg2.extras import execute_values

    cr = env.cr
    execute_values(
        cr,
        """INSERT INTO studio_booking (name, company_id, partner_id, start, stop, setup_minutes,
               cleanup_minutes, state, create_uid, write_uid, create_date, write_date)
           SELECT v.name, v.company_id, v.partner_id, v.start, v.stop, v.setup_minutes,
                  v.cleanup_minutes, v.state, v.create_uid, v.write_uid, now(), now()
             FROM (VALUES %s) AS v(name, company_id, partner_id, start, stop, setup_minutes,
                  cleanup_minutes, state, create_uid, write_uid)""",
        booking_rows,
        page_size=5000,
    )
    cr.execute("SELECT id FROM studio_booking WHERE name LIKE 'BENCHO/%%' ORDER BY name")
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
    cr.execute("ANALYZE studio_booking; ANALYZE studio_booking_line")
    env.invalidate_all()


def race(db, store_id, package_id, workers):
    """50 customers at once on the race day, their requests served by ``workers`` at a time (as
    Odoo's workers serve them; each request a transaction of its own)."""
    registry = Registry(db)
    served = threading.Semaphore(workers)
    day = today() + timedelta(days=RACE_DAYS_AHEAD)
    barrier = threading.Barrier(CUSTOMERS)
    outcomes = [None] * CUSTOMERS

    def day_starts(env):
        package = env["product.product"].browse(package_id)
        template = package.product_tmpl_id
        slots = env["resource.resource"]._studio_find_slots(
            template._studio_requirements(),
            env["res.company"].browse(store_id),
            day,
            day + timedelta(hours=23),
            2.0,
            setup=15,
            cleanup=15,
            limit=100,
            step=60,
        )
        return [slot["start"] for slot in slots]

    def customer(n):
        rng = random.Random(n)
        phone, address = f"1390000{n:04d}", f"10.19.{n // 250}.{n % 250 + 1}"
        barrier.wait()
        tries = 0
        while tries < 60:
            tries += 1
            try:
                with served, registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                    starts = day_starts(env)
                    if not starts:
                        outcomes[n] = ("full", tries)
                        return
                    start = rng.choice(starts)
                    try:
                        booking = env["studio.booking"]._studio_online_hold(
                            env["res.company"].browse(store_id),
                            env["product.product"].browse(package_id),
                            start,
                            f"Bench Racer {n}",
                            phone,
                            address,
                        )
                        cr.commit()
                        outcomes[n] = ("held", tries, booking.id)
                        return
                    except (ValidationError, UserError):
                        cr.rollback()  # taken meanwhile: the page shows the times still free, try again
            except (
                psycopg2.errors.SerializationFailure,
                psycopg2.errors.DeadlockDetected,
                psycopg2.errors.LockNotAvailable,
                PoolError,
            ):
                time.sleep(0.05 * rng.random())  # as Odoo's request retry; a full pool: wait a little
        outcomes[n] = ("gave up", tries)

    def holds_that_day():
        with registry.cursor() as cr:
            cr.execute(
                """SELECT count(*) FROM studio_booking
                    WHERE company_id = %s AND package_id = %s AND state = 'hold'
                      AND start >= %s AND start < %s""",
                [store_id, package_id, day, day + timedelta(days=1)],
            )
            return cr.fetchone()[0]

    before = holds_that_day()
    threads = [threading.Thread(target=customer, args=(n,)) for n in range(CUSTOMERS)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        left = day_starts(env)
        cr.execute(
            """SELECT count(*) FROM studio_booking_line a JOIN studio_booking_line b
                   ON a.resource_id = b.resource_id AND a.id < b.id AND a.blocking AND b.blocking
                  AND tsrange(a.buffer_start, a.buffer_stop) && tsrange(b.buffer_start, b.buffer_stop)
                WHERE a.company_id = %s""",
            [store_id],
        )
        twice = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM (SELECT hold_phone FROM studio_booking WHERE hold_phone LIKE '1390000%%' "
            "AND state = 'hold' GROUP BY 1 HAVING count(*) > 1) AS t"
        )
        phones_twice = cr.fetchone()[0]
    held = holds_that_day() - before  # this run's holds (a kept database has the last run's)
    return outcomes, elapsed, left, held, twice, phones_twice


def main():
    args = parse()
    build(args.source, args.db, args.keep)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        icp = env["ir.config_parameter"]
        package_id = int(icp.get_param("bench.online.package"))
        store_ids = [int(x) for x in icp.get_param("bench.online.stores").split(",")]
        cr.execute("SELECT count(*) FROM studio_booking WHERE name LIKE 'BENCHO/%%'")
        n_existing = cr.fetchone()[0]
    bl.log(f"data: {len(store_ids)} stores, 40 resources, {n_existing} existing bookings")

    def timed(work, runs):
        return bl.median(lambda: bl.rolled_back(args.db, work)[1], runs, warmup=True)[0]

    def eight_weeks(env):
        package = env["product.product"].browse(package_id)
        template = package.product_tmpl_id
        now = datetime.now(UTC).replace(tzinfo=None).replace(second=0, microsecond=0)
        slots = env["resource.resource"]._studio_find_slots(
            template._studio_requirements(),
            env["res.company"].browse(store_ids[0]),
            now + timedelta(hours=1),
            now + timedelta(weeks=8),
            template.studio_hours,
            limit=2000,
            setup=template.studio_setup_minutes,
            cleanup=template.studio_cleanup_minutes,
            step=60,
        )
        eight_weeks.found = len(slots)

    def two_weeks(env):
        starts = env["studio.booking"]._studio_online_starts(
            env["res.company"].browse(store_ids[0]), env["product.product"].browse(package_id)
        )
        two_weeks.found = len(starts)

    t_eight = timed(eight_weeks, args.runs)
    t_two = timed(two_weeks, args.runs)
    outcomes, elapsed, left, held, twice, phones_twice = race(args.db, store_ids[0], package_id, args.workers)
    won = sum(1 for outcome in outcomes if outcome and outcome[0] == "held")
    full = sum(1 for outcome in outcomes if outcome and outcome[0] == "full")
    unanswered = CUSTOMERS - won - full

    table = bl.Table()
    table.add(f"free start times, 8 weeks ({eight_weeks.found} found)", t_eight, target="< 150 ms")
    table.add(f"free start times, the page's 2 weeks ({two_weeks.found} found)", t_two, target="< 150 ms")
    table.add(f"{CUSTOMERS} customers booking the same day at once, {args.workers} workers (wall)", elapsed, target="-")
    table.print("self_booking")
    print(
        f"race day: {won} held, {held} new holds in the database, {full} told the day is full, "
        f"{unanswered} unanswered; free times left that day: {len(left)}; resource booked twice: {twice}; "
        f"phone holding twice: {phones_twice}; tries per customer: max {max(o[1] for o in outcomes if o)}"
    )
    ok = won == held and not left and not twice and not unanswered and not phones_twice
    print("capacity booked exactly, none twice, every customer answered" if ok else "RACE CHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
