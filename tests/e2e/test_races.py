"""Races through the real server (workers=2): many JSON-RPC clients released at the same instant.

- 50 clients book one photographer for the same hour → exactly one booking, 49 clear refusals,
  no overlapping lines in the table;
- 50 clients spend from one stored value card → the balance never goes below zero and the
  ledger sums exactly to it, each spend with its journal entry;
- 20 salespeople claim 10 pool leads (two per lead) → 10 claims, no lead held twice.

While a race runs, a sampler counts the server's PostgreSQL connections: the clients queue at
the two workers instead of opening a connection each.
"""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from load.e2e_support import (
    Rpc,
    admin,
    client_for,
    make_users,
    member_fixture,
    next_weekday,
    odoo_dt,
    sql,
    studio_fixture,
    transport_retry,
    uniq,
    wallet,
    xmlid,
)
from load.loadlib import race
from rpc import RpcError


class ConnectionSampler:
    """Peak number of PostgreSQL connections (all databases) while the block runs."""

    def __init__(self, server, period=0.2):
        self.server, self.period, self.peak = server, period, 0
        self._stop = threading.Event()

    def _run(self):
        conn = self.server.pg_connect(self.server.db)
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                while not self._stop.is_set():
                    cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.server.db])
                    self.peak = max(self.peak, cr.fetchone()[0])
                    self._stop.wait(self.period)
        finally:
            conn.close()

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)


def max_connections(server):
    return int(sql(server, "SHOW max_connections")[0][0])


def outcome(results):
    ok = [r for _i, r, e in results if e is None]
    errors = [e for _i, _r, e in results if e is not None]
    return ok, errors


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


def test_fifty_clients_one_photographer_slot(api, odoo_server):
    company = xmlid(api, "base.main_company")
    fx = studio_fixture(api, company)
    partner = api.call("res.partner", "create", {"name": uniq("race customer")})
    start = next_weekday(days=90, hour=2)
    clients = [Rpc(odoo_server.url, odoo_server.db, "admin", "admin", timeout=180)] * 50

    resets = []

    def book(i):
        return transport_retry(
            lambda: clients[i].call(
                "studio.booking",
                "create",
                {
                    "partner_id": partner,
                    "company_id": company,
                    "start": odoo_dt(start + timedelta(minutes=i % 3)),
                    "stop": odoo_dt(start + timedelta(hours=2)),
                    "setup_minutes": 0,
                    "cleanup_minutes": 0,
                    "note": f"client {i}",
                    "line_ids": [(0, 0, {"resource_id": fx["photographer"]})],
                },
            ),
            resets,
        )

    t0 = time.monotonic()
    with ConnectionSampler(odoo_server) as sampler:
        results = race(50, book, timeout=300)
    elapsed = time.monotonic() - t0
    ok, errors = outcome(results)
    messages = Counter(type(e).__name__ + ": " + str(e)[:60] for e in errors)
    print(
        f"\nslot race: {len(ok)} booked, {len(errors)} refused in {elapsed:.1f} s; {len(resets)} connection resets"
        f" retried; peak connections "
        f"{sampler.peak}; {messages.most_common(3)}"
    )
    assert len(ok) == 1, f"exactly one booking expected, got {len(ok)}"
    assert len(errors) == 49
    assert all(isinstance(e, RpcError) and ("not available" in str(e) or "already booked" in str(e)) for e in errors), (
        messages
    )
    rows = sql(
        odoo_server,
        "SELECT count(*) FROM studio_booking_line WHERE resource_id = %s AND blocking",
        [fx["photographer"]],
    )
    assert rows[0][0] == 1
    overlaps = sql(
        odoo_server,
        """SELECT count(*) FROM studio_booking_line a JOIN studio_booking_line b
             ON a.resource_id = b.resource_id AND a.id < b.id AND a.blocking AND b.blocking
            AND tsrange(a.buffer_start, a.buffer_stop) && tsrange(b.buffer_start, b.buffer_stop)""",
    )
    assert overlaps[0][0] == 0, "no two blocking lines of a resource may overlap anywhere"
    assert (
        sql(
            odoo_server,
            "SELECT count(*) FROM studio_booking b WHERE NOT EXISTS "
            "(SELECT 1 FROM studio_booking_line l WHERE l.booking_id = b.id) AND b.partner_id = %s",
            [partner],
        )[0][0]
        == 0
    ), "no booking without its lines"
    assert sampler.peak < max_connections(odoo_server) // 2


def test_fifty_spends_on_one_stored_value_card(api, odoo_server):
    partner, card, _points = member_fixture(api)
    wallet(api, partner, "topup", 500)  # below the 1,000 of the bonus rule: exactly 500
    start_balance = float(sql(odoo_server, "SELECT points FROM loyalty_card WHERE id = %s", [card])[0][0])
    assert start_balance == pytest.approx(500)
    client = Rpc(odoo_server.url, odoo_server.db, "admin", "admin", timeout=300)

    resets = []

    def spend(i):
        return transport_retry(lambda: wallet(client, partner, "spend", 30, description=f"till {i}"), resets)

    with ConnectionSampler(odoo_server) as sampler:
        results = race(50, spend, timeout=400)
    ok, errors = outcome(results)
    kinds = Counter("insufficient" if "cannot be spent" in str(e) else str(e)[:80] for e in errors)
    balance = float(sql(odoo_server, "SELECT points FROM loyalty_card WHERE id = %s", [card])[0][0])
    spends = sql(
        odoo_server,
        "SELECT count(*), COALESCE(sum(used), 0), count(account_move_id) FROM loyalty_history"
        " WHERE card_id = %s AND member_ledger AND member_move_type = 'spend'",
        [card],
    )[0]
    ledger_sum = float(
        sql(odoo_server, "SELECT sum(issued - used) FROM loyalty_history WHERE card_id = %s AND member_ledger", [card])[
            0
        ][0]
    )
    print(
        f"\nspend race: {len(ok)} spends accepted, refusals {dict(kinds)}, balance {balance}, "
        f"{len(resets)} connection resets retried, peak connections {sampler.peak}"
    )
    assert balance >= 0
    assert balance == pytest.approx(ledger_sum), "the card balance is the sum of its ledger"
    assert spends[0] == len(ok), "one ledger entry per accepted spend, none for a refused one"
    assert float(spends[1]) == pytest.approx(30 * len(ok))
    assert spends[2] == spends[0], "every spend has its journal entry"
    assert len(ok) == 16, "500 allows exactly 16 spends of 30"
    assert balance == pytest.approx(20)
    assert kinds["insufficient"] >= 1
    assert sampler.peak < max_connections(odoo_server) // 2


def test_twenty_salespeople_ten_pool_leads(api, odoo_server):
    t_setup = time.monotonic()
    tag = uniq("pool")
    team = api.call("crm.team", "create", {"name": f"Team {tag}"})
    logins = [f"{tag}-u{i}" for i in range(20)]
    users = make_users(
        odoo_server, api, logins, ["sales_team.group_sale_salesman_all_leads", "customer_core.group_customer_user"]
    )
    api.call("crm.team.member", "create", [{"crm_team_id": team, "user_id": u} for u in users])
    leads = api.call(
        "crm.lead",
        "create",
        [{"name": f"{tag} lead {i}", "team_id": team, "user_id": False, "type": "lead"} for i in range(10)],
    )
    api.call("crm.lead", "write", leads, {"in_pool": True, "user_id": False})
    t0 = time.monotonic()
    clients = [client_for(odoo_server, uid, login) for uid, login in zip(users, logins, strict=True)]
    print(f"\npool race: set-up {t0 - t_setup:.1f} s")

    resets = []

    def claim(i):
        return transport_retry(lambda: clients[i].call("crm.lead", "action_pool_claim", [leads[i % 10]]), resets)

    results = race(20, claim, timeout=300)
    ok = [i for i, _r, e in results if e is None]
    errors = [e for _i, _r, e in results if e is not None]
    print(
        f"pool race: {time.monotonic() - t0:.1f} s, {len(ok)} claims, {len(errors)} refused, "
        f"{len(resets)} connection resets retried: {Counter(str(e)[:50] for e in errors).most_common(2)}"
    )
    assert len(ok) == 10
    assert sorted(i % 10 for i in ok) == list(range(10)), "each lead claimed exactly once"
    held = api.call("crm.lead", "read", leads, ["user_id", "in_pool"])
    by_lead = {row["id"]: row for row in held}
    for i in ok:
        assert by_lead[leads[i % 10]]["user_id"][0] == users[i]
        assert not by_lead[leads[i % 10]]["in_pool"]
    history = sql(
        odoo_server,
        "SELECT lead_id, count(*) FROM customer_pool_history WHERE action = 'claim' AND lead_id = ANY(%s)"
        " GROUP BY lead_id",
        [leads],
    )
    assert sorted(c for _lead, c in history) == [1] * 10, "one claim in the history per lead"
