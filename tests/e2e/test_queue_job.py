"""queue_job on the real server: long jobs enqueued over RPC are run by the job runner.

The end-to-end server loads OCA queue_job as a server-wide module with the channels of
config/odoo.scale.conf.example (tests/suite_server.py), as production does. A user's click (an
RPC call) only enqueues the job and answers at once; the runner picks it up from PostgreSQL's
NOTIFY and has one of the HTTP workers run it; the user follows its state (Jobs menu, or the
record that queued it) until it is done.
"""

import time
from datetime import UTC, datetime

import pytest
from load.e2e_support import Rpc, admin, make_user, odoo_dt, sql, uniq, wait_jobs


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


def server_now():
    return odoo_dt(datetime.now(UTC).replace(microsecond=0))


def test_the_job_runner_serves_the_database(odoo_server):
    deadline = time.monotonic() + 60
    marker = f"queue job runner ready for db {odoo_server.db}"
    while marker not in odoo_server.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"no '{marker}' in {odoo_server.log}"
        time.sleep(0.5)
    installed = sql(odoo_server, "SELECT state FROM ir_module_module WHERE name = 'queue_job'")
    assert installed == [("installed",)]


def test_rfm_refresh_run_now_is_run_by_the_job_runner(odoo_server, api):
    login = uniq("rfm-manager")
    uid = make_user(odoo_server, api, login, ["base.group_user", "member_loyalty.group_member_manager"])
    manager = Rpc(odoo_server.url, odoo_server.db, login, login)
    sql(odoo_server, "DELETE FROM member_rfm_score")
    since = server_now()

    action = manager.call("member.rfm.segment", "action_refresh_rfm")
    assert action["tag"] == "display_notification", "the click answers at once: the refresh is queued"

    jobs = wait_jobs(api, [("method_name", "=", "_refresh_rfm"), ("date_created", ">=", since)])
    assert {j["state"] for j in jobs} == {"done"}, jobs
    assert {j["channel"] for j in jobs} == {"root.member_loyalty"}
    assert {j["user_id"][0] for j in jobs} <= {uid, 1}, "the job runs as the user who asked (or the superuser)"
    assert all(j["date_done"] and not j["exc_info"] for j in jobs)
    scored = sql(odoo_server, "SELECT count(*) FROM member_rfm_score")[0][0]
    assert scored > 0, "the job wrote the members' scores"


def test_matching_job_state_is_followed_on_the_artwork(odoo_server, api):
    art = api.call("art.artwork", "search", [("intake_state", "=", "approved")], limit=1)
    assert art, "the demo data has approved artworks"
    since = server_now()
    api.call("art.artwork", "action_collector_match", art)

    jobs = wait_jobs(api, [("method_name", "=", "_collector_match_job"), ("date_created", ">=", since)])
    assert [(j["state"], j["channel"]) for j in jobs] == [("done", "root.collector_matching")], jobs
    assert "collectors matched" in jobs[0]["result"]
    # the artwork shows where its last matching run stands, to whoever reads the artwork
    assert (
        api.call("art.artwork", "read", art, ["collector_match_job_id"])[0]["collector_match_job_id"][0]
        == jobs[0]["id"]
    )
    login = uniq("art-sales")
    # the gallery's salesperson works in the artwork's gallery (a demo group branch)
    gallery = api.call("art.artwork", "read", art, ["company_id"])[0]["company_id"][0]
    make_user(odoo_server, api, login, ["base.group_user", "artwork_provenance.group_art_sales"], [gallery])
    sales = Rpc(odoo_server.url, odoo_server.db, login, login)
    assert (
        sales.call("art.artwork", "read", art, ["collector_match_job_state"])[0]["collector_match_job_state"] == "done"
    )
