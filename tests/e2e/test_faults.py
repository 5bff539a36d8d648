"""Faults: the server's PostgreSQL connection killed in the middle of a write.

To kill a request at a known point, a second connection takes a table lock that the write needs
(SHARE ROW EXCLUSIVE: reads go on, inserts wait); once the server's backend waits on that lock,
it is terminated with pg_terminate_backend, as a crashed or restarted database would do to it.
Then: nothing half-written, the same request succeeds on the next try, and a job that was killed
midway runs again without duplicates.
"""

import threading
import time
from datetime import date, timedelta

import pytest
from load.e2e_support import (
    admin,
    birthday_program,
    count,
    member_fixture,
    next_weekday,
    odoo_dt,
    sql,
    studio_fixture,
    uniq,
    wait_jobs,
    wallet,
    xmlid,
)


class Outcome:
    killed = 0
    result = None
    error = None


def kill_while_waiting(server, table, fn, wait=90):
    """Run fn() while `table` is locked; terminate the server backends that wait for it until fn()
    returns, so that the request itself is killed even when another backend (a queued job) was
    caught waiting first."""
    out = Outcome()
    lock = server.pg_connect(server.db)
    try:
        with lock.cursor() as cr:
            cr.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            cr.execute("SELECT pg_backend_pid()")
            me = cr.fetchone()[0]

            def target():
                try:
                    out.result = fn()
                except Exception as exc:  # noqa: BLE001 — the outcome is inspected by the test
                    out.error = exc

            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and thread.is_alive():
                # pg_stat_activity is a snapshot taken once per transaction: refresh it
                cr.execute("SELECT pg_stat_clear_snapshot()")
                cr.execute(
                    # the request waiting for the table, not the job runner waiting on its advisory lock
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s AND wait_event_type = 'Lock'"
                    " AND wait_event = 'relation'",
                    [server.db, me],
                )
                pids = [row[0] for row in cr.fetchall()]
                for pid in pids:
                    cr.execute("SELECT pg_terminate_backend(%s)", [pid])
                out.killed += len(pids)
                if not pids:
                    time.sleep(0.1)
        lock.rollback()
    finally:
        lock.close()
    thread.join(120)
    assert not thread.is_alive(), "the request did not come back after its connection was killed"
    return out


def retry(fn, attempts=3):
    """The next request may land on a worker whose pooled connection died: one retry is fair."""
    for i in range(attempts):
        try:
            return fn()
        except Exception:
            if i == attempts - 1:
                raise
            time.sleep(1)
    return None


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


@pytest.fixture(scope="module")
def company(api):
    return xmlid(api, "base.main_company")


def test_booking_killed_midway(api, odoo_server, company):
    fx = studio_fixture(api, company)
    partner = api.call("res.partner", "create", {"name": uniq("fault booking")})
    start = next_weekday(days=200, hour=3)
    vals = {
        "partner_id": partner,
        "company_id": company,
        "start": odoo_dt(start),
        "stop": odoo_dt(start + timedelta(hours=2)),
        "line_ids": [(0, 0, {"resource_id": fx["photographer"]})],
    }
    out = kill_while_waiting(odoo_server, "studio_booking_line", lambda: api.call("studio.booking", "create", vals))
    assert out.killed, "the booking request was caught waiting for its lines"
    assert out.error is not None, "a killed request reports an error"
    assert count(odoo_server, "studio_booking", "partner_id = %s", [partner]) == 0, "no booking without its lines"
    assert count(odoo_server, "studio_booking_line", "resource_id = %s", [fx["photographer"]]) == 0
    booking = retry(lambda: api.call("studio.booking", "create", vals))
    lines = api.call("studio.booking", "read", [booking], ["line_ids"])[0]["line_ids"]
    assert len(lines) == 1, "after the fault the same booking goes through, whole"


def test_order_confirmation_killed_midway(api, odoo_server):
    product = api.call(
        "product.product", "create", {"name": uniq("frame"), "type": "consu", "is_storable": True, "list_price": 300}
    )
    partner = api.call("res.partner", "create", {"name": uniq("fault order")})
    order = api.call(
        "sale.order",
        "create",
        {"partner_id": partner, "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2})]},
    )
    name = api.call("sale.order", "read", [order], ["name"])[0]["name"]
    out = kill_while_waiting(odoo_server, "stock_move", lambda: api.call("sale.order", "action_confirm", [order]))
    assert out.killed and out.error is not None
    state = sql(odoo_server, "SELECT state FROM sale_order WHERE id = %s", [order])[0][0]
    assert state == "draft", "a confirmation cut short leaves the quotation as it was"
    assert count(odoo_server, "stock_picking", "origin = %s", [name]) == 0
    assert (
        count(
            odoo_server, "stock_move", "sale_line_id IN (SELECT id FROM sale_order_line WHERE order_id = %s)", [order]
        )
        == 0
    )
    retry(lambda: api.call("sale.order", "action_confirm", [order]))
    assert sql(odoo_server, "SELECT state FROM sale_order WHERE id = %s", [order])[0][0] == "sale"
    assert count(odoo_server, "stock_picking", "origin = %s", [name]) == 1


def test_topup_killed_midway(api, odoo_server):
    partner, card, _points = member_fixture(api)
    tag = uniq("fault top-up")

    def balance():
        return float(sql(odoo_server, "SELECT points FROM loyalty_card WHERE id = %s", [card])[0][0])

    out = kill_while_waiting(odoo_server, "loyalty_history", lambda: wallet(api, partner, "topup", 300, tag))
    assert out.killed and out.error is not None
    assert balance() == 0
    assert count(odoo_server, "account_move", "ref = %s", [tag]) == 0, "no money movement without its ledger entry"
    assert count(odoo_server, "loyalty_history", "description = %s", [tag]) == 0
    retry(lambda: wallet(api, partner, "topup", 300, tag))
    assert balance() == pytest.approx(300)
    assert count(odoo_server, "account_move", "ref = %s AND state = 'posted'", [tag]) == 1
    assert count(odoo_server, "loyalty_history", "description = %s AND account_move_id IS NOT NULL", [tag]) == 1


def trigger(api, cron):
    return api.call("ir.cron", "method_direct_trigger", [cron])


def test_care_job_killed_midway_resumes_without_duplicates(api, odoo_server):
    birthday_type = xmlid(api, "customer_core.date_type_birthday")
    api.call(
        "customer.care.rule",
        "create",
        {"name": uniq("生日关怀"), "date_type_id": birthday_type, "days_before": 5, "user_id": api.uid},
    )
    soon = date.today() + timedelta(days=2)
    partners = api.call(
        "res.partner",
        "create",
        [{"name": uniq("care"), "user_id": api.uid} for _i in range(3)],
    )
    api.call(
        "customer.key.date",
        "create",
        [
            {"partner_id": p, "date_type_id": birthday_type, "date": soon.replace(year=1988).isoformat()}
            for p in partners
        ]
        if not (soon.month == 2 and soon.day == 29)
        else [],
    )
    cron = xmlid(api, "customer_core.ir_cron_customer_care")
    out = kill_while_waiting(odoo_server, "customer_care_occurrence", lambda: trigger(api, cron))
    assert out.killed, f"the care job was caught midway ({out.error or out.result})"
    where, params = "partner_id = ANY(%s)", [partners]
    assert count(odoo_server, "customer_care_occurrence", where, params) == 0
    assert count(odoo_server, "mail_activity", "res_model = 'res.partner' AND res_id = ANY(%s)", [partners]) == 0
    retry(lambda: trigger(api, cron))
    retry(lambda: trigger(api, cron))  # a second run the same day adds nothing
    occurrences = count(odoo_server, "customer_care_occurrence", where, params)
    activities = count(odoo_server, "mail_activity", "res_model = 'res.partner' AND res_id = ANY(%s)", [partners])
    assert occurrences >= 3, "every customer with a birthday soon gets the care of our rule"
    assert activities == occurrences, "one activity per occurrence: none lost, none doubled"
    dupes = sql(
        odoo_server,
        "SELECT count(*) FROM (SELECT 1 FROM customer_care_occurrence GROUP BY rule_id, key_date_id, occurrence_date"
        " HAVING count(*) > 1) d",
    )[0][0]
    assert dupes == 0


def test_birthday_job_killed_midway_resumes_without_duplicates(api, odoo_server):
    program = birthday_program(api)
    birthday_type = xmlid(api, "customer_core.date_type_birthday")
    soon = date.today() + timedelta(days=3)
    if soon.month == 2 and soon.day == 29:
        soon += timedelta(days=1)
    members = [member_fixture(api)[0] for _i in range(3)]
    api.call(
        "customer.key.date",
        "create",
        [
            {"partner_id": p, "date_type_id": birthday_type, "date": soon.replace(year=1990).isoformat()}
            for p in members
        ],
    )
    cron = xmlid(api, "member_loyalty.ir_cron_member_nightly")
    out = kill_while_waiting(odoo_server, "member_birthday_coupon", lambda: trigger(api, cron))
    assert out.killed, "the nightly job was caught while issuing birthday coupons"
    where, params = "partner_id = ANY(%s)", [members]
    assert count(odoo_server, "member_birthday_coupon", where, params) == 0
    cards = "program_id = %s AND partner_id = ANY(%s)"
    assert count(odoo_server, "loyalty_card", cards, [program, members]) == 0, "no coupon card without its record"
    retry(lambda: trigger(api, cron))
    retry(lambda: trigger(api, cron))
    assert count(odoo_server, "member_birthday_coupon", where, params) == 3, "one birthday coupon per member"
    assert count(odoo_server, "loyalty_card", cards, [program, members]) == 3
    dupes = sql(
        odoo_server,
        "SELECT count(*) FROM (SELECT 1 FROM member_birthday_coupon GROUP BY partner_id, year HAVING count(*) > 1) d",
    )[0][0]
    assert dupes == 0


def rfm_digest(server):
    return sql(
        server,
        "SELECT md5(string_agg(concat_ws(',', partner_id, company_id, recency_days, frequency, monetary, r, f, m,"
        " segment_id, date), ';' ORDER BY partner_id)) FROM member_rfm_score",
    )[0][0]


def test_rfm_refresh_killed_midway_leaves_scores_whole(api, odoo_server):
    """The RFM refresh writes the scores (member_rfm_score) in one statement: killed midway it changes
    nobody's scores; run again (twice) it gives the same scores both times."""
    # the nightly job triggered by the tests above queues RFM refreshes of its own: let the job
    # runner finish them first, or they would write the scores once the table is unlocked
    wait_jobs(api, [("method_name", "=", "_refresh_rfm")], allow_none=True)
    before = rfm_digest(odoo_server)

    def refresh():
        # the refresh is a queue_job job: run it inside the request (queue_job's synchronous
        # path) so that the kill lands in it; the job runner's own path is tests/e2e/test_queue_job.py
        return api.call("member.rfm.segment", "action_refresh_rfm", context={"queue_job__no_delay": True})

    out = kill_while_waiting(odoo_server, "member_rfm_score", refresh)
    assert out.killed, f"the RFM refresh was caught waiting to write the scores ({out.error or out.result})"
    assert rfm_digest(odoo_server) == before, "a killed refresh leaves every member's scores as they were"
    retry(refresh)
    first = rfm_digest(odoo_server)
    retry(refresh)
    assert rfm_digest(odoo_server) == first, "the refresh is idempotent"
    assert count(odoo_server, "member_rfm_score", "date IS NOT NULL") > 0, "the members get their scores"
