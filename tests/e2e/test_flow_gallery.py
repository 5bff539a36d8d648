"""Gallery, end to end through RPC and HTTP as an integration and a collector see it.

intake of an artwork → approval by the art director → matching with collectors → viewing room
(public page behind a signed link) → quotation with a discount, approved by the sales director →
sale → delivery → the "sold" entry of the provenance chain and the public verification page.
"""

import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from load.e2e_support import Rpc, admin, client_for, expect_error, make_user, uniq


def http_get(url, timeout=60):
    """(status, body) of a GET, without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def local(server, url):
    """The same path and query on the test server (web.base.url of the copy may differ)."""
    parts = urllib.parse.urlsplit(url)
    return f"{server.url}{parts.path}?{parts.query}" if parts.query else f"{server.url}{parts.path}"


@pytest.fixture(scope="module")
def api(odoo_server):
    return admin(odoo_server)


@pytest.fixture(scope="module")
def director(api, odoo_server):
    login = uniq("director")
    make_user(
        odoo_server,
        api,
        login,
        [
            "base.group_user",
            "artwork_provenance.group_art_director",
            "artwork_provenance.group_art_manager",
            "customer_core.group_approval_director",
            "customer_core.group_customer_manager",
            "sales_team.group_sale_salesman_all_leads",
        ],
    )
    return Rpc(odoo_server.url, odoo_server.db, login, login)


@pytest.fixture(scope="module")
def registrar(api, odoo_server):
    login = uniq("registrar")
    uid = make_user(odoo_server, api, login, ["base.group_user", "artwork_provenance.group_art_registrar"])
    return client_for(odoo_server, uid, login)


@pytest.fixture(scope="module")
def gallery(api):
    """An artist, a core collector interested in that artist, an artwork of theirs (draft intake)."""
    artist = api.call("res.partner", "create", {"name": uniq("徐冰"), "is_artist": True})
    collector = api.call(
        "res.partner",
        "create",
        {
            "name": uniq("陈先生"),
            "email": "chen@example.com",
            "lang": "zh_CN",
            "is_collector": True,
            "collector_level": "core",
            "user_id": api.uid,
            "collector_interest_ids": [(0, 0, {"interest_type": "artist", "artist_id": artist, "weight": 10})],
        },
    )
    artwork = api.call(
        "art.artwork",
        "create",
        {"name": uniq("天书"), "artist_id": artist, "year": 2019, "list_price": 120000.0, "height": 80, "width": 60},
    )
    return {"artist": artist, "collector": collector, "artwork": artwork}


def test_gallery_intake_to_provenance(api, director, registrar, gallery, odoo_server):
    art, collector = gallery["artwork"], gallery["collector"]
    rec = api.call("art.artwork", "read", [art], ["product_id", "lot_id", "provenance_ids", "intake_state"])[0]
    assert rec["product_id"] and rec["lot_id"], "an artwork is backed by its own product and serial"
    assert len(rec["provenance_ids"]) == 1, "the creation by the artist opens the chain"
    product, lot = rec["product_id"][0], rec["lot_id"][0]

    # 1. intake: submitted by the registrar, then approved by the art director (tier validation)
    registrar.call("art.artwork", "action_submit_intake", [art])
    assert api.call("art.artwork", "read", [art], ["intake_state"])[0]["intake_state"] == "to_approve"
    expect_error(
        api.call, "sale.order", "create", {"partner_id": collector, "order_line": [(0, 0, {"product_id": product})]}
    )  # not for sale before approval
    director.call("art.artwork", "validate_tier", [art])
    assert api.call("art.artwork", "read", [art], ["intake_state"])[0]["intake_state"] == "approved"

    # 2. the approval queued the matching, which the server's job runner runs (queue_job):
    #    our collector is ranked, with the reasons
    deadline = time.monotonic() + 120
    while True:
        matches = api.call(
            "collector.match",
            "search_read",
            [("artwork_id", "=", art)],
            fields=["partner_id", "score", "reasons", "state"],
        )
        ours = [m for m in matches if m["partner_id"][0] == collector]
        if ours or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert ours and ours[0]["score"] > 0, f"the collector interested in the artist must be matched: {matches}"

    # 3. the work arrives in stock
    warehouse = api.call(
        "stock.warehouse",
        "search_read",
        [("company_id", "=", api.call("res.users", "read", [api.uid], ["company_id"])[0]["company_id"][0])],
        fields=["lot_stock_id"],
        limit=1,
    )[0]
    ctx = {"inventory_mode": True}
    quant = api.call(
        "stock.quant",
        "create",
        {"product_id": product, "lot_id": lot, "location_id": warehouse["lot_stock_id"][0], "inventory_quantity": 1},
        context=ctx,
    )
    api.call("stock.quant", "action_apply_inventory", [quant], context=ctx)
    assert api.call("art.artwork", "read", [art], ["status"])[0]["status"] == "in_stock"

    # 4. viewing room: a recommendation sent to the collector, opened through its signed link
    reco = api.call(
        "collector.recommendation",
        "create",
        {"partner_id": collector, "name": "秋季推荐", "line_ids": [(0, 0, {"artwork_id": art})]},
    )
    api.call("collector.recommendation", "action_send", [reco])
    url = api.call("collector.recommendation", "read", [reco], ["viewing_room_url"])[0]["viewing_room_url"]
    title = api.call("art.artwork", "read", [art], ["name"])[0]["name"]
    status, body = http_get(local(odoo_server, url))
    assert status == 200 and title in body
    status, body = http_get(f"{odoo_server.url}/viewing-room/{reco}?token=forged")
    assert status == 404 and title not in body

    # 5. a quotation with 15 % off needs the sales director's approval before confirmation
    order = api.call(
        "sale.order",
        "create",
        {"partner_id": collector, "order_line": [(0, 0, {"product_id": product, "discount": 15.0})]},
    )
    expect_error(api.call, "sale.order", "action_confirm", [order])
    api.call("sale.order", "request_validation", [order])
    director.call("sale.order", "validate_tier", [order])
    api.call("sale.order", "action_confirm", [order])
    so = api.call("sale.order", "read", [order], ["state", "picking_ids", "amount_untaxed"])[0]
    assert so["state"] == "sale"
    assert so["amount_untaxed"] == pytest.approx(120000 * 0.85)
    match = api.call(
        "collector.match", "search_read", [("artwork_id", "=", art), ("partner_id", "=", collector)], fields=["state"]
    )
    assert match[0]["state"] == "sold"

    # 6. delivery: the "sold" provenance entry is appended by itself, the chain stays intact
    picking = so["picking_ids"][0]
    api.call("stock.picking", "action_assign", [picking])
    result = api.call("stock.picking", "button_validate", [picking])
    assert result is True or not isinstance(result, dict) or not result.get("res_model"), result
    entries = api.call(
        "art.provenance.entry",
        "search_read",
        [("artwork_id", "=", art)],
        fields=["event_type", "owner_id", "sale_order_id", "hash", "prev_hash"],
        order="sequence",
    )
    assert [e["event_type"] for e in entries] == ["created", "sold"]
    assert entries[-1]["owner_id"][0] == collector and entries[-1]["sale_order_id"][0] == order
    assert entries[-1]["prev_hash"] == entries[0]["hash"]
    art_rec = api.call("art.artwork", "read", [art], ["status", "chain_intact", "public_url"])[0]
    assert art_rec["status"] == "sold" and art_rec["chain_intact"]

    # 7. the public verification page shows the chain; a guessed token shows nothing
    status, body = http_get(local(odoo_server, art_rec["public_url"]))
    assert status == 200 and title in body
    status, body = http_get(f"{odoo_server.url}/art/verify/{'0' * 32}")
    assert status == 404 and title not in body


def test_interaction_about_an_artwork_is_logged(api, gallery):
    interaction = api.call(
        "customer.interaction",
        "create",
        {
            "name": "看了《天书》的图录",
            "partner_id": gallery["collector"],
            "interaction_type": "meeting",
            "res_model": "art.artwork",
            "res_id": gallery["artwork"],
            "artwork_ids": [(6, 0, [gallery["artwork"]])],
        },
    )
    assert interaction
    seen = api.call("art.artwork", "read", [gallery["artwork"]], ["collector_interaction_count", "interaction_count"])
    assert seen[0]["collector_interaction_count"] >= 1
