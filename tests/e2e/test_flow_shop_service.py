"""After-sales, end to end through RPC: the ticket step of the shop journey.

A member buys in a store; the mini-program integration opens a ticket about that order; the SLA
deadline is set; a store user answers and closes it; the survey goes out and the member's rating
lands through the public rating page; the member's timeline shows the ticket.
"""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest
from load.e2e_support import admin, client_for, confirmed_order, make_user, member_fixture, sql, uniq, xmlid


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


def rate_as_customer(server, token, rate, feedback):
    """The member clicks the smiley of the survey e-mail and sends the form (public pages, CSRF)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{server.url}/rate/{token}/{rate}", timeout=120) as resp:
        page = resp.read().decode()
    csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": csrf, "rate": rate, "feedback": feedback}).encode()
    with opener.open(f"{server.url}/rate/{token}/submit_feedback", body, timeout=120) as resp:
        assert resp.status == 200


def test_ticket_for_a_members_order(api, odoo_server):
    server = odoo_server
    partner, _wallet, _card = member_fixture(api, name=uniq("陈先生"))
    order, _product = confirmed_order(api, partner, "实木画框", 680.0)
    store = api.call("sale.order", "read", [order], ["company_id"])[0]["company_id"][0]

    # 1. the mini-program integration (a technical helpdesk user) opens a repair ticket for that order
    integration_login = uniq("miniapp")
    integration_uid = make_user(server, api, integration_login, ["helpdesk_mgmt.group_helpdesk_user"], [store])
    integration = client_for(server, integration_uid, integration_login)
    ticket = integration.call(
        "helpdesk.ticket",
        "create",
        {
            "name": "画框边角开裂",
            "description": "<p>到货时左下角开裂，申请维修</p>",
            "team_id": xmlid(api, "member_loyalty.helpdesk_team_after_sales"),
            "category_id": xmlid(api, "member_loyalty.helpdesk_category_repair"),
            "sale_order_id": order,
            "channel_id": xmlid(api, "helpdesk_mgmt.helpdesk_ticket_channel_web"),
        },
    )
    row = integration.call(
        "helpdesk.ticket", "read", [ticket], ["partner_id", "company_id", "sale_order_id", "sla_deadline", "number"]
    )[0]
    assert row["partner_id"][0] == partner, "the member of the order"
    assert row["company_id"][0] == store, "the store of the order"
    assert row["sla_deadline"], "the repair SLA gives the ticket its deadline"
    slas = sql(server, "SELECT state FROM helpdesk_ticket_sla WHERE ticket_id = %s", [ticket])
    assert [s[0] for s in slas] == ["in_progress"]

    # 2. a store user takes it and closes it: the SLA is met, the satisfaction survey goes out
    clerk_login = uniq("clerk")
    clerk_uid = make_user(server, api, clerk_login, ["helpdesk_mgmt.group_helpdesk_user"], [store])
    clerk = client_for(server, clerk_uid, clerk_login)
    clerk.call("helpdesk.ticket", "write", [ticket], {"user_id": clerk_uid})
    clerk.call(
        "helpdesk.ticket", "write", [ticket], {"stage_id": xmlid(api, "helpdesk_mgmt.helpdesk_ticket_stage_done")}
    )
    closed = clerk.call("helpdesk.ticket", "read", [ticket], ["closed", "sla_expired"])[0]
    assert closed["closed"] and not closed["sla_expired"]
    assert [s[0] for s in sql(server, "SELECT state FROM helpdesk_ticket_sla WHERE ticket_id = %s", [ticket])] == [
        "accomplished"
    ]
    ratings = api.call(
        "rating.rating",
        "search_read",
        [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket)],
        fields=["access_token", "partner_id", "consumed"],
    )
    assert len(ratings) == 1 and ratings[0]["partner_id"][0] == partner and not ratings[0]["consumed"]

    # 3. the member rates 5 on the public page: the rating lands on the ticket
    rate_as_customer(server, ratings[0]["access_token"], 5, "维修很快，谢谢")
    rated = api.call("helpdesk.ticket", "read", [ticket], ["rating_last_value", "positive_rate_percentage"])[0]
    assert rated["rating_last_value"] == 5
    assert rated["positive_rate_percentage"] == 100

    # 4. the member's timeline shows the ticket opened and closed
    timeline = api.call(
        "customer.interaction",
        "search_read",
        [("partner_id", "=", partner), ("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket)],
        fields=["interaction_type", "name"],
    )
    assert len(timeline) == 2
    assert {t["interaction_type"] for t in timeline} == {"service"}
    assert any(row["number"] in t["name"] for t in timeline)


def test_another_store_cannot_read_the_ticket(api, odoo_server):
    server = odoo_server
    partner, _wallet, _card = member_fixture(api)
    ticket = api.call(
        "helpdesk.ticket",
        "create",
        {
            "name": uniq("投诉"),
            "description": "<p>店员态度</p>",
            "partner_id": partner,
            "team_id": xmlid(api, "member_loyalty.helpdesk_team_after_sales"),
            "category_id": xmlid(api, "member_loyalty.helpdesk_category_complaint"),
        },
    )
    company = api.call("helpdesk.ticket", "read", [ticket], ["company_id"])[0]["company_id"][0]
    other = api.call("res.company", "create", {"name": uniq("外店"), "parent_id": company})
    login = uniq("outsider")
    uid = make_user(server, api, login, ["helpdesk_mgmt.group_helpdesk_user"], [other])
    outsider = client_for(server, uid, login)
    assert ticket not in outsider.call("helpdesk.ticket", "search", [])
