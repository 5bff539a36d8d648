"""Photo studio, end to end through RPC and the customer's pages, as an integration calls it.

lead from a channel → quotation with a package → free slot → booking → deposit invoice →
payment (confirms the order and the booking) → interaction logged on the booking → shot →
photo selection by the customer on the signed gallery page → post-production stages →
delivery → satisfaction survey sent.
"""

import base64
import itertools
import json
import re
import struct
import threading
import urllib.error
import urllib.request
import zlib
from datetime import datetime, timedelta

import pytest
import requests
from load.e2e_support import admin, expect_error, next_weekday, odoo_dt, studio_fixture, uniq, xmlid

_phones = itertools.count(1000)


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


@pytest.fixture(scope="module")
def company(api):
    return xmlid(api, "base.main_company")


def test_channel_import_creates_leads_and_skips_known_phones(api, odoo_server):
    douyin = xmlid(api, "studio_booking.utm_source_douyin")
    phone = f"+86 138 {int(uniq('x').split('-')[1], 16) % 10000:04d} {next(_phones):04d}"
    rows = [f"王小美,{phone},婚纱,2027-05-20,12000,{note}" for note in ("想拍外景", "重复")]
    csv = "姓名,手机,拍摄类型,婚期,预算,备注\n" + "\n".join(rows) + "\n"
    wizard = api.call(
        "studio.lead.import",
        "create",
        {"file": base64.b64encode(csv.encode()).decode(), "filename": "douyin.csv", "source_id": douyin},
    )
    api.call("studio.lead.import", "action_import", [wizard])
    result = api.call("studio.lead.import", "read", [wizard], ["created_count", "duplicate_count", "lead_ids"])[0]
    assert result["created_count"] == 1
    assert result["duplicate_count"] == 1
    lead = api.call("crm.lead", "read", result["lead_ids"], ["source_id", "studio_shoot_type", "phone"])[0]
    assert lead["source_id"][0] == douyin
    assert lead["studio_shoot_type"] == "wedding"


def test_lead_to_shot(api, odoo_server, company):
    fx = studio_fixture(api, company)
    source = xmlid(api, "studio_booking.utm_source_xiaohongshu")
    # 1. the channel's lead, then the customer
    lead = api.call(
        "crm.lead",
        "create",
        {
            "name": "小红书: 全家福",
            "contact_name": "李先生",
            "phone": "+86 139 0000 1111",
            "source_id": source,
            "studio_shoot_type": "family",
            "studio_package_id": fx["package"],
            "studio_budget": 9000,
        },
    )
    partner = api.call("res.partner", "create", {"name": uniq("李先生"), "phone": "+86 139 0000 1111"})
    api.call("crm.lead", "write", [lead], {"partner_id": partner})

    # 2. a quotation of the package
    order = api.call(
        "sale.order",
        "create",
        {
            "partner_id": partner,
            "opportunity_id": lead,
            "company_id": company,
            "order_line": [(0, 0, {"product_id": fx["package"], "product_uom_qty": 1})],
        },
    )
    so = api.call("sale.order", "read", [order], ["studio_package_id", "amount_total", "state"])[0]
    assert so["studio_package_id"][0] == fx["package"]
    assert so["state"] == "draft"

    # 3. the free slot finder proposes a time when our photographer is free; book it
    slot_wizard = api.call(
        "studio.slot.wizard",
        "create",
        {
            "company_id": company,
            "package_id": fx["package"],
            "partner_id": partner,
            "sale_order_id": order,
            "date_from": odoo_dt(next_weekday(days=30, hour=0)),
            "date_to": odoo_dt(next_weekday(days=44, hour=0)),
            "count": 3,
        },
    )
    api.call("studio.slot.wizard", "action_search", [slot_wizard])
    suggestions = api.call("studio.slot.wizard", "read", [slot_wizard], ["suggestion_ids"])[0]["suggestion_ids"]
    assert suggestions, "the slot finder must propose at least one time within two weeks"
    action = api.call("studio.slot.suggestion", "action_book", [suggestions[0]])
    booking = action["res_id"]
    b = api.call("studio.booking", "read", [booking], ["state", "line_ids", "sale_order_id", "start", "stop"])[0]
    assert b["state"] == "reserved"
    assert b["sale_order_id"][0] == order
    assert len(b["line_ids"]) == 1

    # the same time cannot be taken a second time for the same resource
    line = api.call("studio.booking.line", "read", b["line_ids"], ["resource_id"])[0]
    err = expect_error(
        api.call,
        "studio.booking",
        "create",
        {
            "partner_id": partner,
            "company_id": company,
            "start": b["start"],
            "stop": b["stop"],
            "line_ids": [(0, 0, {"resource_id": line["resource_id"][0]})],
        },
    )
    assert "not available" in str(err) or "already booked" in str(err)

    # 4. the deposit invoice, then its payment: the order and the booking are confirmed by themselves
    action = api.call("sale.order", "action_studio_request_deposit", [order])
    invoice = action["res_id"]
    so = api.call("sale.order", "read", [order], ["studio_deposit_amount", "amount_total"])[0]
    inv = api.call("account.move", "read", [invoice], ["state", "amount_total"])[0]
    assert inv["state"] == "posted"
    assert inv["amount_total"] == pytest.approx(so["studio_deposit_amount"], abs=0.01)
    ctx = {"active_model": "account.move", "active_ids": [invoice]}
    register = api.call("account.payment.register", "create", {}, context=ctx)
    api.call("account.payment.register", "action_create_payments", [register], context=ctx)
    so = api.call("sale.order", "read", [order], ["state", "studio_deposit_paid", "studio_amount_due", "amount_total"])[
        0
    ]
    assert so["studio_deposit_paid"], "the deposit is paid"
    assert so["state"] == "sale", "paying the deposit confirms the order"
    assert so["studio_amount_due"] == pytest.approx(so["amount_total"] - inv["amount_total"], abs=0.01)
    assert api.call("studio.booking", "read", [booking], ["state"])[0]["state"] == "confirmed"

    # 5. the consultant logs the call about the booking; the partner's last contact moves
    api.call(
        "customer.interaction",
        "create",
        {
            "name": "确认拍摄时间",
            "partner_id": partner,
            "interaction_type": "wechat",
            "res_model": "studio.booking",
            "res_id": booking,
        },
    )
    assert api.call("studio.booking", "read", [booking], ["interaction_count"])[0]["interaction_count"] == 1
    assert api.call("res.partner", "read", [partner], ["last_contact_date"])[0]["last_contact_date"]

    # 6. shot, then the photo delivery date on the order
    api.call("studio.booking", "action_done", [booking])
    assert api.call("studio.booking", "read", [booking], ["state"])[0]["state"] == "done"
    start = datetime.strptime(b["start"], "%Y-%m-%d %H:%M:%S")
    api.call("sale.order", "write", [order], {"studio_delivery_date": (start + timedelta(days=21)).date().isoformat()})
    selection_to_survey(api, odoo_server, order)


def tiny_png(width, height, rgb):
    """A valid PNG made with the standard library (a photo stand-in)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def http(url, payload=None):
    """(status, body) of a GET, or of a JSON-RPC POST to a public route when payload is given."""
    data = headers = None
    if payload is not None:
        data = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": payload}).encode()
        headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def selection_to_survey(api, server, order):
    # 7. the photos of the shoot, uploaded to a selection gallery with 2 photos included
    attachments = api.call(
        "ir.attachment",
        "create",
        [
            {
                "name": f"IMG_{i:04d}.png",
                "datas": base64.b64encode(tiny_png(64, 48, (40 * i, 120, 200))).decode(),
                "mimetype": "image/png",
            }
            for i in range(1, 4)
        ],
    )
    album = api.call(
        "studio.photo.album",
        "create",
        {"sale_order_id": order, "quota": 2, "min_select": 1, "upload_attachment_ids": [(6, 0, attachments)]},
    )
    api.call("studio.photo.album", "action_process_uploads", [album])
    api.call("studio.photo.album", "action_open_to_customer", [album])
    rec = api.call("studio.photo.album", "read", [album], ["photo_ids", "portal_url", "state"])[0]
    assert rec["state"] == "open" and len(rec["photo_ids"]) == 3
    base = server.url + rec["portal_url"]

    # 8. the customer chooses on the gallery page: 3 photos, one more than included
    status, body = http(base)
    assert status == 200 and "IMG_0001" in body, status
    forged = base.rsplit("/", 1)[0] + "/" + "0" * 40
    status, body = http(forged)
    assert status == 404 and "IMG_0001" not in body
    status, body = http(forged + "/toggle", {"photo_id": rec["photo_ids"][0], "selected": True})
    assert json.loads(body)["result"] == {"ok": False, "error": "not found"}, "a forged link changes nothing"
    assert not api.call("studio.photo", "read", [rec["photo_ids"][0]], ["selected"])[0]["selected"]
    for photo in rec["photo_ids"]:
        status, body = http(base + "/toggle", {"photo_id": photo, "selected": True})
        assert status == 200 and json.loads(body)["result"]["ok"], body
    status, body = http(base + "/submit", {})
    result = json.loads(body)["result"]
    assert result["ok"] and result["state"] == "submitted" and result["extra"] == 1, result
    rec = api.call("studio.photo.album", "read", [album], ["state", "extra_count", "production_ids"])[0]
    assert rec["state"] == "submitted" and rec["extra_count"] == 1
    lines = api.call("sale.order.line", "search_read", [("order_id", "=", order)], fields=["product_uom_qty", "name"])
    assert any("Extra photos" in line["name"] and line["product_uom_qty"] == 1 for line in lines), lines

    # 9. post-production, stage by stage, until delivered: the survey goes out by itself
    assert len(rec["production_ids"]) == 1, "the submitted selection starts the post-production"
    work = rec["production_ids"][0]
    stages = []
    for _step in range(10):
        stage = api.call("studio.production", "read", [work], ["stage"])[0]["stage"]
        stages.append(stage)
        if stage == "done":
            break
        api.call("studio.production", "action_next_stage", [work])
    assert stages[0] == "first_retouch" and stages[-1] == "done", stages
    so = api.call("sale.order", "read", [order], ["studio_survey_sent", "partner_id"])[0]
    assert so["studio_survey_sent"], "delivering sends the satisfaction survey"
    answers = api.call("survey.user_input", "search_count", [("partner_id", "=", so["partner_id"][0])])
    assert answers == 1


def test_cancelling_frees_the_resource(api, company):
    fx = studio_fixture(api, company)
    partner = api.call("res.partner", "create", {"name": uniq("客户")})
    start = next_weekday(days=60, hour=3)
    vals = {
        "partner_id": partner,
        "company_id": company,
        "package_id": fx["package"],
        "start": odoo_dt(start),
        "stop": odoo_dt(start + timedelta(hours=2)),
        "line_ids": [(0, 0, {"resource_id": fx["photographer"]})],
    }
    first = api.call("studio.booking", "create", vals)
    expect_error(api.call, "studio.booking", "create", vals)
    api.call("studio.booking", "action_cancel", [first])
    second = api.call("studio.booking", "create", vals)
    assert second != first


def test_public_booking_two_customers_race_for_one_time(api, odoo_server, company):
    """The public booking page (no login) of a package that needs the one room of its kind: two
    customers choose the same time at the same moment through the real server (two workers); one
    holds it, the other is told and shown the next free times; the database holds one booking."""
    tag = uniq("online")
    room_type = api.call("studio.room.type", "create", {"name": f"Room type {tag}"})
    room = api.call(
        "resource.resource",
        "create",
        {
            "name": f"Room {tag}",
            "resource_type": "material",
            "studio_role": "room",
            "studio_room_type_id": room_type,
            "calendar_id": False,
            "company_id": company,
        },
    )
    template = api.call(
        "product.template",
        "create",
        {
            "name": f"Online package {tag}",
            "type": "service",
            "list_price": 3000.0,
            "company_id": company,
            "is_studio_package": True,
            "studio_online_booking": True,
            "studio_hours": 1.0,
            "studio_setup_minutes": 15,
            "studio_cleanup_minutes": 15,
            "studio_requirement_ids": [(0, 0, {"role": "room", "quantity": 1, "room_type_id": room_type})],
        },
    )
    package = api.call("product.product", "search", [("product_tmpl_id", "=", template)])[0]
    url = f"{odoo_server.url}/studio/book/{company}/{package}"
    customers = []
    for _index in range(2):
        session = requests.Session()
        session.headers["Accept-Language"] = "en-US"
        page = session.get(url, timeout=60)
        assert page.status_code == 200, page.text[:300]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        starts = re.findall(r'name="start"[^>]*? value="([^"]+)"', page.text)
        customers.append((session, token, starts))
    start = customers[0][2][0]
    assert start == customers[1][2][0], "both customers see the same first free time"
    barrier = threading.Barrier(2)
    answers = [None, None]

    def choose(index, phone):
        session, token, _starts = customers[index]
        barrier.wait()
        answers[index] = session.post(
            url,
            data={"csrf_token": token, "start": start, "name": f"Customer {index}", "phone": phone},
            allow_redirects=False,
            timeout=120,
        )

    threads = [threading.Thread(target=choose, args=(index, f"1390000{next(_phones):04d}")) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert sorted(answer.status_code for answer in answers) == [303, 409], [a.status_code for a in answers]
    winner = next(answer for answer in answers if answer.status_code == 303)
    loser = next(answer for answer in answers if answer.status_code == 409)
    assert "just been taken" in loser.text
    offered = re.findall(r'name="start"[^>]*? value="([^"]+)"', loser.text)
    assert offered and start not in offered, "the loser is shown the next free times, without the taken one"
    held = requests.get(odoo_server.url + winner.headers["Location"], timeout=60)
    assert held.status_code == 200 and "held" in held.text
    bookings = api.call(
        "studio.booking",
        "search_read",
        [("package_id", "=", package)],
        ["state", "start", "line_ids", "hold_expires"],
    )
    assert len(bookings) == 1
    assert bookings[0]["state"] == "hold"
    assert bookings[0]["start"] == start
    lines = api.call("studio.booking.line", "read", bookings[0]["line_ids"], ["resource_id"])
    assert [line["resource_id"][0] for line in lines] == [room]
    # the hold made the backend's quotation and its posted deposit invoice, paid through Odoo's payment pages
    order = api.call("studio.booking", "read", [bookings[0]["id"]], ["sale_order_id"])[0]["sale_order_id"]
    assert order, "the hold has its quotation"
    invoices = api.call(
        "account.move",
        "search_read",
        [("invoice_line_ids.sale_line_ids.order_id", "=", order[0]), ("state", "=", "posted")],
        ["amount_total", "payment_state"],
    )
    assert len(invoices) == 1 and invoices[0]["payment_state"] == "not_paid", invoices
    assert "/my/invoices/" in held.text, "the held time leads to the invoice's payment page"
