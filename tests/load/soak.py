"""Mixed read load on a server of our own: collector 360 forms, booking calendar weeks and member
look-ups by phone, from N concurrent clients for D seconds; prints p50/p95/p99 and errors.

Run through ./scripts/load (which sets SUITE_ODOO_TREE, SUITE_ODOO_CONF and the template).
Bounded: the duration, the client count and a request budget are capped; the only target is
the 127.0.0.1 server started here, which is stopped (and its database dropped) at the end.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load.loadlib import assert_loopback, percentile, report, soak
from rpc import Json2, JsonRpc
from suite_server import OdooServer

MAX_CLIENTS = 50
MAX_DURATION = 600

COLLECTOR_FIELDS = [
    "name",
    "phone",
    "email",
    "collector_level",
    "user_id",
    "collector_tag_ids",
    "collector_interest_ids",
    "interaction_count",
    "last_contact_date",
    "collector_match_count",
    "collector_recommendation_count",
    "collector_relation_count",
    "collection_item_ids",
]
BOOKING_FIELDS = ["name", "start", "stop", "partner_id", "state", "company_id", "resource_names", "package_id"]
MEMBER_FIELDS = ["name", "member_number", "member_tier_id", "member_points", "member_balance", "member_card_code"]


def sample_data(api):
    collectors = api.call("res.partner", "search", domain=[("is_collector", "=", True)], limit=200)
    members = api.call(
        "res.partner",
        "search_read",
        domain=[("is_member", "=", True), ("phone", "!=", False)],
        fields=["phone"],
        limit=500,
    )
    phones = ["".join(ch for ch in m["phone"] if ch.isdigit())[-8:] for m in members]
    first = api.call("studio.booking", "search_read", domain=[], fields=["start"], order="start", limit=1)
    last = api.call("studio.booking", "search_read", domain=[], fields=["start"], order="start desc", limit=1)
    return collectors, [p for p in phones if len(p) == 8], (first, last)


def weeks_between(first, last):
    if not first or not last:
        today = datetime.now(UTC).replace(tzinfo=None)
        return [today - timedelta(days=today.weekday())]
    start = datetime.strptime(first[0]["start"], "%Y-%m-%d %H:%M:%S")
    stop = datetime.strptime(last[0]["start"], "%Y-%m-%d %H:%M:%S")
    weeks, day = [], start - timedelta(days=start.weekday())
    while day <= stop and len(weeks) < 520:
        weeks.append(day.replace(hour=0, minute=0, second=0))
        day += timedelta(days=7)
    return weeks


def make_actions(api, collectors, phones, weeks, seed=7):
    rng = random.Random(seed)

    def collector_360(_w):
        pid = rng.choice(collectors)
        api.call("res.partner", "read", ids=[pid], fields=COLLECTOR_FIELDS)
        api.call(
            "customer.interaction",
            "search_read",
            domain=[("partner_id", "=", pid)],
            fields=["name", "date", "interaction_type", "user_id"],
            limit=20,
        )
        api.call(
            "collector.match",
            "search_read",
            domain=[("partner_id", "=", pid)],
            fields=["artwork_id", "score", "state"],
            order="score desc",
            limit=10,
        )

    def booking_week(_w):
        monday = rng.choice(weeks)
        api.call(
            "studio.booking",
            "search_read",
            domain=[
                ("start", ">=", f"{monday:%Y-%m-%d %H:%M:%S}"),
                ("start", "<", f"{monday + timedelta(days=7):%Y-%m-%d %H:%M:%S}"),
            ],
            fields=BOOKING_FIELDS,
        )

    def member_lookup(_w):
        digits = rng.choice(phones)
        api.call(
            "res.partner",
            "search_read",
            domain=[("is_member", "=", True), ("phone", "ilike", digits[-4:])],
            fields=MEMBER_FIELDS,
            limit=5,
        )

    actions = []
    if collectors:
        actions.append(("collector 360 form", collector_360))
    actions.append(("booking calendar week", booking_week))
    if phones:
        actions.append(("member look-up by phone", member_lookup))
    return actions


def auth_cost(server, n=5):
    """Median seconds of a login (PBKDF2 password check), of a small JSON-RPC call (the check is
    cached per worker after the first call) and of the same call through JSON-2 (API key)."""
    rpc = JsonRpc(server.url, server.db, "admin", "admin")
    j2 = Json2(server.url, server.db, server.api_key("admin", name="soak auth cost"))
    out = {}
    for name, fn in (
        ("JSON-RPC login (600,000-round password check)", lambda: JsonRpc(server.url, server.db, "admin", "admin")),
        ("JSON-RPC call, password check cached", lambda: rpc.call("res.users", "read", [rpc.uid], ["name"])),
        ("JSON-2 call with API key", lambda: j2.call("res.users", "read", ids=[2], fields=["name"])),
    ):
        samples = []
        for _i in range(n):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        out[name] = percentile(samples, 50)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--template", default=os.environ.get("SUITE_TEMPLATE_DB", "suite_tmpl"))
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION:
        parser.error(f"1..{MAX_CLIENTS} clients and at most {MAX_DURATION} s")

    server = OdooServer(workers=args.workers, template=args.template)
    print(f"starting Odoo (workers={args.workers}) on a copy of {args.template} ...", flush=True)
    server.start()
    try:
        assert_loopback(server.url)
        api = Json2(server.url, server.db, server.api_key("admin", name="soak"), timeout=120)
        collectors, phones, (first, last) = sample_data(api)
        weeks = weeks_between(first, last)
        print(
            f"data: {len(collectors)} collectors, {len(phones)} member phones, {len(weeks)} booking weeks; "
            f"{os.cpu_count()} CPUs on this machine",
            flush=True,
        )
        actions = make_actions(api, collectors, phones, weeks)
        for _name, fn in actions:  # warm the workers' caches
            fn(0)
        costs = auth_cost(server)
        print(f"mixed read load: {args.clients} clients for {args.duration:.0f} s (JSON-2, API key) ...", flush=True)
        t0 = time.monotonic()
        stats = soak(args.clients, args.duration, actions)
        elapsed = time.monotonic() - t0
        print(report(stats, elapsed))
        for name, seconds in costs.items():
            print(f"{name}: {seconds * 1000:.0f} ms (median of 5, before the load)")
        errors = sum(s["errors"] for s in stats.values())
        return 1 if errors else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
