"""The platform from outside: a real server, logged into through XML-RPC and JSON-RPC."""

import json
import urllib.request
import xmlrpc.client
from pathlib import Path

ADDONS = sorted(p.parent.name for p in (Path(__file__).resolve().parents[2] / "addons").glob("*/__manifest__.py"))


def jsonrpc(url, service, method, *args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"service": service, "method": method, "args": list(args)},
    }
    req = urllib.request.Request(f"{url}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.load(resp)
    if "error" in body:
        raise RuntimeError(body["error"]["data"]["message"])
    return body["result"]


def test_xmlrpc_login_and_installed_modules(odoo_server):
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    assert common.version()["server_serie"] == "19.0"
    uid = common.authenticate(odoo_server.db, "admin", "admin", {})
    assert uid, "admin/admin must log in"
    models = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
    installed = models.execute_kw(
        odoo_server.db,
        uid,
        "admin",
        "ir.module.module",
        "search_read",
        [[("state", "=", "installed")]],
        {"fields": ["name"]},
    )
    names = {m["name"] for m in installed}
    assert set(ADDONS) <= names, f"not installed: {set(ADDONS) - names}"


def test_jsonrpc_login_and_wrong_password(odoo_server):
    uid = jsonrpc(odoo_server.url, "common", "login", odoo_server.db, "admin", "admin")
    assert uid
    assert jsonrpc(odoo_server.url, "common", "login", odoo_server.db, "admin", "wrong") is False
    langs = jsonrpc(
        odoo_server.url,
        "object",
        "execute_kw",
        odoo_server.db,
        uid,
        "admin",
        "res.lang",
        "search_read",
        [[("active", "=", True)]],
        {"fields": ["code"]},
    )
    assert {"en_US", "zh_CN"} <= {lang["code"] for lang in langs}


def test_json2_api_with_api_key(odoo_server):
    from rpc import Json2, RpcError

    api = Json2(odoo_server.url, odoo_server.db, odoo_server.api_key())
    partners = api.call("res.partner", "search_read", domain=[("id", "=", 1)], fields=["name"])
    assert partners and partners[0]["id"] == 1
    bad = Json2(odoo_server.url, odoo_server.db, "0" * 40)
    try:
        bad.call("res.partner", "search_read", domain=[], fields=["name"])
    except RpcError as err:
        assert err.status == 401
    else:
        raise AssertionError("a wrong API key must be refused")
