"""Browser tours: what a person clicks, in headless Chromium against the end-to-end server.

Each tour drives the real page with real input events (tests/e2e/cdp.py), then checks the
outcome in the database through RPC, and saves screenshots to .run/artefacts/screenshots/:

- a planner drags a booking on the studio's resource calendar to another day and hour;
- a customer taps a photo selection on a phone (the signed gallery page) and submits it;
- an advisor opens a collector's relationship graph from the collector's form;
- a cashier looks a member up at the counter by phone number.
"""

import base64
import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cdp import Chrome
from load.e2e_support import admin, make_user, member_fixture, odoo_dt, studio_fixture, uniq, xmlid
from test_flow_studio import tiny_png

TZ = "Asia/Shanghai"


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


@pytest.fixture(scope="module")
def company(api):
    return xmlid(api, "base.main_company")


def user(server, api, prefix, groups):
    login = uniq(prefix)
    uid = make_user(server, api, login, ["base.group_user", *groups])
    api.call("res.users", "write", [uid], {"tz": TZ, "lang": "en_US"})
    return login, uid


def poll(fn, timeout=30, what="the database to change"):
    """fn() until it returns something truthy (the web client writes asynchronously)."""
    deadline = time.time() + timeout
    while True:
        value = fn()
        if value or time.time() > deadline:
            assert value, f"timed out waiting for {what}"
            return value
        time.sleep(0.3)


def booking_day():
    """A Monday to Thursday at least a week ahead (its next day is in the same week view)."""
    day = datetime.now(ZoneInfo(TZ)).date() + timedelta(days=8)
    while day.weekday() > 3:
        day += timedelta(days=1)
    return day


def to_utc(day, hour):
    local = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(TZ))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def drag_booking(odoo_server, api, company, days, hour, shot):
    """A planner drags a 10:00-12:00 booking `days` later to `hour` on the resource calendar.

    Returns the booking, its line, its photographer, the expected new start (UTC) and the text
    of the error dialog the drop raised, if any."""
    fx = studio_fixture(api, company)
    partner = api.call("res.partner", "create", {"name": uniq("拖拽客户")})
    day = booking_day()
    start = to_utc(day, 10)
    booking = api.call(
        "studio.booking",
        "create",
        {
            "partner_id": partner,
            "company_id": company,
            "package_id": fx["package"],
            "start": odoo_dt(start),
            "stop": odoo_dt(start + timedelta(hours=2)),
            "line_ids": [(0, 0, {"resource_id": fx["photographer"]})],
        },
    )
    line = api.call("studio.booking", "read", [booking], ["line_ids"])[0]["line_ids"][0]
    login, _uid = user(odoo_server, api, "planner", ["studio_booking.group_studio_user"])
    target_day = day + timedelta(days=days)
    new_start = odoo_dt(to_utc(target_day, hour))
    event = f'.fc-event[data-event-id="{line}"]'

    with Chrome() as chrome:
        chrome.login(odoo_server.url, odoo_server.db, login, login)
        chrome.goto(
            f"{odoo_server.url}/odoo/action-studio_booking.studio_booking_line_action",
            ready="document.querySelector('.o_calendar_renderer .fc-timegrid')",
        )
        for _week in range(4):  # the booking is one or two weeks ahead: the planner pages forward
            if chrome.js(f"!!document.querySelector({json.dumps(event)})"):
                break
            chrome.click(".o_calendar_button_next")
            time.sleep(1.0)
        chrome.wait(f"document.querySelector({json.dumps(event)})", what="the booking on the calendar")
        chrome.js(
            "document.querySelector('.fc-timegrid-slot-lane[data-time=\"12:00:00\"]').scrollIntoView({block: 'center'})"
        )
        time.sleep(0.5)
        chrome.screenshot(f"{shot}_before")
        points = chrome.js(
            f"""(() => {{
                const ev = document.querySelector({json.dumps(event)}).getBoundingClientRect();
                const col = document.querySelector('.fc-timegrid-col[data-date="{target_day.isoformat()}"]')
                    .getBoundingClientRect();
                const slot = document.querySelector('.fc-timegrid-slot-lane[data-time="{hour:02d}:00:00"]')
                    .getBoundingClientRect();
                // grabbed by its middle (its top edge resizes it), dropped with the same offset
                const dy = ev.height / 2;
                return {{from: [ev.left + ev.width / 4, ev.top + dy], to: [col.left + col.width / 2, slot.top + dy]}};
            }})()"""
        )
        chrome.drag(points["from"], points["to"])
        error = None
        deadline = time.time() + 30
        while time.time() < deadline:
            if api.call("studio.booking", "search_count", [("id", "=", booking), ("start", "=", new_start)]):
                break
            error = chrome.js("(document.querySelector('.modal-dialog .modal-body') || {}).textContent || null")
            if error:
                break
            time.sleep(0.3)
        time.sleep(1.0)
        chrome.screenshot(f"{shot}_after")
        assert not chrome.errors, chrome.errors
    return booking, line, fx["photographer"], new_start, error and error.strip()


def test_booking_dragged_on_the_resource_calendar(odoo_server, api, company):
    """Later the same morning: the planner moves the shoot by an hour."""
    booking, line, photographer, new_start, error = drag_booking(
        odoo_server, api, company, days=0, hour=11, shot="studio_calendar_drag"
    )
    assert error is None, error
    moved = api.call("studio.booking", "read", [booking], ["start", "stop", "line_ids"])[0]
    # the whole booking moved, its length kept; the resource's line follows
    assert (moved["start"], moved["stop"]) == (
        new_start,
        odoo_dt(datetime.strptime(new_start, "%Y-%m-%d %H:%M:%S") + timedelta(hours=2)),
    )
    row = api.call("studio.booking.line", "read", [line], ["start", "stop", "resource_id"])[0]
    assert (row["start"], row["stop"], row["resource_id"][0]) == (moved["start"], moved["stop"], photographer)


def test_booking_dragged_to_another_day_on_the_resource_calendar(odoo_server, api, company):
    booking, _line, _photographer, new_start, error = drag_booking(
        odoo_server, api, company, days=1, hour=14, shot="studio_calendar_drag_next_day"
    )
    assert error is None, error
    assert api.call("studio.booking", "read", [booking], ["start"])[0]["start"] == new_start


def open_album(api, company, photos=4):
    """A shot's photos in a selection gallery opened to the customer (2 included in the package)."""
    partner = api.call("res.partner", "create", {"name": uniq("手机客户")})
    fx = studio_fixture(api, company)
    order = api.call(
        "sale.order",
        "create",
        {
            "partner_id": partner,
            "company_id": company,
            "order_line": [(0, 0, {"product_id": fx["package"], "product_uom_qty": 1})],
        },
    )
    attachments = api.call(
        "ir.attachment",
        "create",
        [
            {
                "name": f"IMG_{i:04d}.png",
                "datas": base64.b64encode(tiny_png(240, 160, (30 * i, 140, 220 - 30 * i))).decode(),
                "mimetype": "image/png",
            }
            for i in range(1, photos + 1)
        ],
    )
    album = api.call(
        "studio.photo.album",
        "create",
        {"sale_order_id": order, "quota": 2, "min_select": 1, "upload_attachment_ids": [(6, 0, attachments)]},
    )
    api.call("studio.photo.album", "action_process_uploads", [album])
    api.call("studio.photo.album", "action_open_to_customer", [album])
    return api.call("studio.photo.album", "read", [album], ["photo_ids", "portal_url", "state"])[0]


def test_photo_selection_on_a_phone(odoo_server, api, company):
    album = open_album(api, company)
    assert album["state"] == "open"
    first, second = album["photo_ids"][:2]

    with Chrome() as chrome:
        chrome.phone()
        chrome.goto(odoo_server.url + album["portal_url"], ready="document.querySelectorAll('.ph img').length === 4")
        # the page is laid out for the phone's width, and the grid fits it: no sideways scrolling
        width, scroll_width = chrome.js("[window.innerWidth, document.documentElement.scrollWidth]")
        assert width == chrome.width and scroll_width <= width, (width, scroll_width)
        # a tap on a photo enlarges it; the ✓ button of a photo chooses it
        chrome.tap(f'.ph[data-id="{first}"] img')
        chrome.wait("!document.getElementById('viewer').hidden", what="the enlarged photo")
        chrome.tap("#viewer_close")
        chrome.wait("document.getElementById('viewer').hidden", what="the enlarged photo closed")
        chrome.tap(f'.ph[data-id="{first}"] .pick')
        chrome.wait(f"document.querySelector('.ph[data-id=\"{first}\"]').classList.contains('sel')")
        chrome.tap(f'.ph[data-id="{second}"] .pick')
        chrome.wait(f"document.querySelector('.ph[data-id=\"{second}\"]').classList.contains('sel')")
        chrome.tap(f'.ph[data-id="{second}"] .fav')
        chrome.wait(f"document.querySelector('.ph[data-id=\"{second}\"]').classList.contains('favourite')")
        # the comment is written under the enlarged photo
        chrome.tap(f'.ph[data-id="{first}"] .cmt')
        chrome.wait("!document.getElementById('viewer').hidden", what="the comment box")
        chrome.type("#viewer_comment", "背景再亮一点")
        chrome.tap("#viewer_save")
        chrome.wait(f"document.querySelector('.ph[data-id=\"{first}\"] .cmt').dataset.comment === '背景再亮一点'")
        chrome.tap("#viewer_close")
        chrome.wait("document.getElementById('viewer').hidden", what="the enlarged photo closed")
        assert chrome.js("document.getElementById('counter').textContent.trim()") == "2"
        chrome.screenshot("studio_gallery_phone_selected")
        chrome.tap("#submit")  # confirm() is accepted, the page reloads locked
        chrome.wait("document.querySelector('.locked')", what="the locked gallery")
        chrome.screenshot("studio_gallery_phone_submitted")
        assert chrome.dialogs and "Submit your selection" in chrome.dialogs[-1]
        assert not chrome.errors, chrome.errors

    rec = api.call("studio.photo.album", "read", [album["id"]], ["state", "extra_count"])[0]
    assert rec == {"id": album["id"], "state": "submitted", "extra_count": 0}
    photos = {
        p["id"]: p for p in api.call("studio.photo", "read", album["photo_ids"], ["selected", "favourite", "comment"])
    }
    assert {pid for pid, p in photos.items() if p["selected"]} == {first, second}
    assert photos[second]["favourite"] and not photos[first]["favourite"]
    assert photos[first]["comment"] == "背景再亮一点"


def test_collector_relationship_graph(odoo_server, api):
    root = api.call(
        "res.partner", "create", {"name": uniq("Collector Root"), "is_collector": True, "collector_level": "core"}
    )
    spouse, friend, friend_of_friend = api.call(
        "res.partner",
        "create",
        [{"name": uniq("Spouse")}, {"name": uniq("Fellow collector")}, {"name": uniq("Second hop")}],
    )
    relations = [
        (root, spouse, "collector_crm.relation_type_spouse"),
        (root, friend, "collector_crm.relation_type_collects_with"),
        (friend, friend_of_friend, "collector_crm.relation_type_mentor"),
    ]
    api.call(
        "res.partner.relation",
        "create",
        [{"left_partner_id": a, "right_partner_id": b, "type_id": xmlid(api, t)} for a, b, t in relations],
    )
    names = {
        p["id"]: p["name"] for p in api.call("res.partner", "read", [root, spouse, friend, friend_of_friend], ["name"])
    }
    # membership cashier too: see test_partner_form_opens_without_membership_rights
    login, advisor_uid = user(
        odoo_server,
        api,
        "advisor",
        [
            "customer_core.group_customer_user",
            "collector_crm.group_collector_advisor",
            "member_loyalty.group_member_cashier",
        ],
    )

    # the advisor's own collector and circle (an advisor sees the contacts they advise; the others
    # would show as "Private contact", see collector_crm's test_relation_graph)
    api.call("res.partner", "write", [root, spouse, friend, friend_of_friend], {"user_id": advisor_uid})

    with Chrome() as chrome:
        chrome.login(odoo_server.url, odoo_server.db, login, login)
        # the advisor opens the collector from Gallery > Collectors: the collector's own form,
        # the relationship graph a button of its header
        chrome.goto(
            f"{odoo_server.url}/odoo/action-collector_crm.res_partner_action_collectors/{root}",
            ready="document.querySelector('.o_form_view .o_collector_graph_button')",
        )
        chrome.click(".o_collector_graph_button")
        chrome.wait("document.querySelectorAll('.o_collector_graph_node').length === 4", what="the graph's 4 contacts")
        chrome.wait("document.querySelector('.o_collector_graph_canvas canvas')", what="the graph canvas")
        time.sleep(3)  # let the layout settle before the picture
        drawn = chrome.js(
            """(() => {
                const canvas = document.querySelector('.o_collector_graph_canvas canvas');
                const ctx = canvas.getContext('2d');
                const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
                let ink = 0;
                for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) ink++; }
                return {ink, width: canvas.width, height: canvas.height,
                        title: document.querySelector('.o_collector_graph_title').textContent.trim(),
                        summary: document.querySelector('.o_collector_graph_list .text-muted').textContent.trim(),
                        labels: [...document.querySelectorAll('.o_collector_graph_node')]
                            .map(a => [parseInt(a.dataset.partnerId), a.firstChild.textContent.trim()])};
            })()"""
        )
        chrome.screenshot("collector_relationship_graph")
        assert drawn["ink"] > 500, f"the canvas is blank: {drawn}"
        assert drawn["title"] == names[root]
        assert drawn["summary"] == "4 contacts, 3 relations"
        assert dict(drawn["labels"]) == names
        # a contact of the list opens that partner's form
        chrome.click(f'.o_collector_graph_node[data-partner-id="{friend_of_friend}"]')
        chrome.wait(f"location.pathname.endsWith('/{friend_of_friend}') && document.querySelector('.o_form_view')")
        assert (
            chrome.js("document.querySelector('.o_form_view .o_field_widget[name=name] input').value")
            == names[friend_of_friend]
        )
        assert not chrome.errors, chrome.errors

    # what was drawn is what the database holds: 3 active relations around the collector
    stored = api.call(
        "res.partner.relation",
        "search_count",
        ["|", ("left_partner_id", "in", [root, friend]), ("right_partner_id", "=", root)],
    )
    assert stored == 3


def counter_lookup(chrome, server, api, prefix):
    """A new member, and a cashier who types the member's phone on the look-up screen until the
    card shows the member's number. Returns the member (as stored) and the cashier's id."""
    phone = f"{prefix}{int(time.time() * 1000) % 10**7:07d}"
    partner, _wallet, _card = member_fixture(api, name=uniq("柜台会员"), phone=phone)
    member = api.call("res.partner", "read", [partner], ["name", "phone", "member_number", "member_tier_id"])[0]
    assert member["member_number"]
    login, cashier = user(server, api, "cashier", ["member_loyalty.group_member_cashier"])
    chrome.login(server.url, server.db, login, login)
    chrome.goto(
        f"{server.url}/odoo/action-member_loyalty.member_lookup_action",
        ready="document.querySelector('.o_field_widget[name=query] input')",
    )
    chrome.type(".o_field_widget[name=query] input", phone, enter=True)
    number = json.dumps(member["member_number"])
    chrome.wait(
        f"(document.querySelector('.o_field_widget[name=member_number]') || {{}}).textContent === {number}",
        what="the member card",
    )
    return member, cashier


def test_member_looked_up_at_the_counter(odoo_server, api):
    with Chrome() as chrome:
        member, _cashier = counter_lookup(chrome, odoo_server, api, "1390")
        card = chrome.js(
            """(() => ({
                name: document.querySelector('.o_field_widget[name=partner_id]').textContent.trim(),
                tier: (document.querySelector('.o_field_widget[name=member_tier_id]') || {}).textContent,
                warning: !!document.querySelector('.o_form_view .alert-warning'),
            }))()"""
        )
        chrome.screenshot("member_lookup_card")
        assert not chrome.errors, chrome.errors
    # the card shows the member as stored
    assert card["name"] == member["name"]
    assert not card["warning"], "the 'no member found' warning must not show for a member"
    if member["member_tier_id"]:
        assert member["member_tier_id"][1] in card["tier"]
    assert chrome.dialogs == []


def test_member_lookup_opens_the_member_found(odoo_server, api):
    with Chrome() as chrome:
        member, cashier = counter_lookup(chrome, odoo_server, api, "1391")
        chrome.click("button[name=action_open_partner]")
        chrome.wait("document.querySelector('.o_form_view .o_field_widget[name=name] input')", what="a partner form")
        time.sleep(1.0)
        chrome.screenshot("member_lookup_open_customer")
        shown = chrome.js("document.querySelector('.o_form_view .o_field_widget[name=name] input').value")
    saved = api.call("member.lookup", "search_read", [("create_uid", "=", cashier)], fields=["query", "partner_id"])
    assert [(s["query"], s["partner_id"] and s["partner_id"][0]) for s in saved] == [(member["phone"], member["id"])]
    assert shown == member["name"]


def test_partner_form_opens_without_membership_rights(odoo_server, api):
    partner = api.call("res.partner", "create", {"name": uniq("Collector"), "is_collector": True})
    login, _uid = user(odoo_server, api, "advisor", ["customer_core.group_customer_user"])
    with Chrome() as chrome:
        chrome.login(odoo_server.url, odoo_server.db, login, login)
        chrome.goto(
            f"{odoo_server.url}/odoo/res.partner/{partner}",
            ready="document.querySelector('.o_form_view .o_notebook, .modal-dialog .modal-body')",
        )
        error = chrome.js("(document.querySelector('.modal-dialog .modal-body') || {}).textContent || null")
        chrome.screenshot("partner_form_advisor")
    assert error is None, error.strip()
