"""The five lines' main screens under 50 concurrent users, on three server set-ups side by side:
threaded (workers = 0), workers = 4, and workers = 4 with a streaming read replica (issue #22).

    eval "$(python3 scripts/suite.py env)"
    SUITE_TEMPLATE_DB=suite_tmpl .venv/bin/python tests/load/screens.py --clients 50 --duration 60

Each set-up gets its own server on a fresh copy of the template (tests/suite_server.OdooServer,
127.0.0.1 only, dropped at the end); the replica is tests/replica/replica.py's. The screens, each
one action of a user, through JSON-2 with an API key (read methods: the replica may serve them):
- customer_core        the interactions list (80 rows + count)
- artwork_provenance   the artworks list (80 rows + count)
- collector_crm        the collector 360 form (partner, last 20 interactions, top 10 matches)
- studio_booking       a booking calendar week
- member_loyalty       a member look-up by phone
Prints one table per set-up and a summary table (throughput over the wall time until the last
action returned, p50, p95 of all actions), in the form docs/scaling.md carries.
Bounded: at most 50 clients and 600 s per set-up.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "replica"))

from load.loadlib import assert_loopback, percentile, report, soak
from load.soak import MAX_CLIENTS, MAX_DURATION, make_actions, sample_data, weeks_between
from rpc import Json2
from suite_server import OdooServer

LISTS = {
    "customer.interaction": ["name", "partner_id", "user_id", "interaction_type", "date", "company_id"],
    "art.artwork": [
        "name",
        "inventory_number",
        "artist_id",
        "company_id",
        "category_id",
        "year",
        "dimensions_display",
        "edition_display",
    ],
}


def list_screen(api, model, order):
    known = api.call(model, "fields_get", attributes=["type"])
    fields = [f for f in LISTS[model] if f in known]

    def screen(_w):
        api.call(model, "search_read", domain=[], fields=fields, limit=80, order=order)
        api.call(model, "search_count", domain=[])

    return screen


def screens(api):
    collectors, phones, (first, last) = sample_data(api)
    by_name = dict(make_actions(api, collectors, phones, weeks_between(first, last)))
    return [
        ("interactions list", list_screen(api, "customer.interaction", "date desc")),
        ("artworks list", list_screen(api, "art.artwork", "name")),
        ("collector 360 form", by_name["collector 360 form"]),
        ("booking calendar week", by_name["booking calendar week"]),
        ("member look-up by phone", by_name["member look-up by phone"]),
    ]


def run(label, server, clients, duration):
    print(f"\n## {label}: starting Odoo on a copy of {server.template} ...", flush=True)
    server.start()
    try:
        assert_loopback(server.url)
        api = Json2(server.url, server.db, server.api_key("admin", name="screens load"), timeout=300)
        if getattr(server, "replica", None):
            server.replica.wait_caught_up()
        actions = screens(api)
        # every worker process loads the registry and fills its caches on its first requests: 20 s
        # of 8 concurrent clients before the clock starts, so that all of them are warm
        soak(8, 20, actions)
        print(f"{clients} clients for {duration:.0f} s ...", flush=True)
        t0 = time.monotonic()
        stats = soak(clients, duration, actions)
        elapsed = time.monotonic() - t0
        print(report(stats, elapsed), flush=True)
        lat = [x for s in stats.values() for x in s["lat"]]
        errors = sum(s["errors"] for s in stats.values())
        return {
            "label": label,
            "actions": len(lat),
            "errors": errors,
            "rps": len(lat) / elapsed,
            "p50": percentile(lat, 50) * 1000,
            "p95": percentile(lat, 95) * 1000,
            "load": os.getloadavg()[0],
            "elapsed": elapsed,
        }
    finally:
        server.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--template", default=os.environ.get("SUITE_TEMPLATE_DB", "suite_tmpl"))
    parser.add_argument("--only", choices=["threaded", "workers", "replica"], action="append")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION:
        parser.error(f"1..{MAX_CLIENTS} clients and at most {MAX_DURATION} s")
    only = args.only or ["threaded", "workers", "replica"]
    results = []
    if "threaded" in only:
        results.append(
            run("threaded (workers = 0)", OdooServer(workers=0, template=args.template), args.clients, args.duration)
        )
    if "workers" in only:
        results.append(run("workers = 4", OdooServer(workers=4, template=args.template), args.clients, args.duration))
    if "replica" in only:
        from replica import Replica, replica_server_class

        replica = Replica().start()
        try:
            server = replica_server_class()(replica, workers=4, template=args.template)
            results.append(run("workers = 4 + read replica", server, args.clients, args.duration))
        finally:
            replica.destroy()
    print(f"\n{args.clients} clients, {args.duration:.0f} s each, {os.cpu_count()} CPUs")
    print("| set-up | actions | errors | actions/s | p50 ms | p95 ms | wall time s | load avg (1 min, at the end) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['label']} | {r['actions']} | {r['errors']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} |"
            f" {r['elapsed']:.0f} | {r['load']:.1f} |"
        )
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
