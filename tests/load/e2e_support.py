"""Helpers shared by the end-to-end tests, the races and the load soak.

Everything goes through the public RPC surface (JSON-RPC, JSON-2) of a server started by
tests/suite_server.OdooServer on 127.0.0.1, except counting rows, which reads the database
directly so that a test can prove that nothing was written.
"""

import http.client
import itertools
import random
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from rpc import JsonRpc, RpcError

_seq = itertools.count(1)


# The e2e tests speak JSON-RPC through the suite's one client (tests/rpc.py).
Rpc = JsonRpc


def uniq(prefix="e2e"):
    """A short unique name, so that tests never collide with demo data or with each other."""
    return f"{prefix}-{uuid.uuid4().hex[:6]}-{next(_seq)}"


_light = set()


def light_password(server, login, password=None):
    """Store a 1,000-round PBKDF2 hash as the user's password, straight in the test database.

    Odoo checks a password with 600,000 rounds of PBKDF2 at every login and, per worker process,
    at the first call of a (uid, password) after each cache invalidation: 2-7 s of CPU on the
    busy 2-core CI machine, which would turn the races into a test of the hash function. The
    check itself (same code path, same scheme) is unchanged; only the work factor of these test
    users is lower. Integrations should use JSON-2 with API keys (docs/api.md, docs/scaling.md).
    """
    from passlib.context import CryptContext

    hashed = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=1000).hash(password or login)
    sql(server, "UPDATE res_users SET password = %s WHERE login = %s", [hashed, login])


def client_for(server, uid, login, timeout=300):
    """A JSON-RPC client of a user whose id is known: no login round trip (the password is still
    checked by the server on the calls, as for any integration)."""
    client = Rpc.__new__(Rpc)
    client.url, client.db, client.password, client.timeout, client.uid = server.url, server.db, login, timeout, uid
    return client


def admin(server, timeout=120):
    if (server.db, "admin") not in _light:
        light_password(server, "admin", "admin")
        _light.add((server.db, "admin"))
    return Rpc(server.url, server.db, "admin", "admin", timeout=timeout)


def xmlid(client, full_id):
    """The database id of a record from its XML id (through ir.model.data, readable by users)."""
    module, name = full_id.split(".", 1)
    rows = client.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
        limit=1,
    )
    if not rows:
        raise LookupError(full_id)
    return rows[0]["res_id"]


def make_user(server, client, login, groups, company_ids=None):
    """A user with the given groups (XML ids), able to log in with its login as password."""
    group_ids = [xmlid(client, g) for g in groups]
    vals = {"name": login, "login": login, "group_ids": [(6, 0, group_ids)]}
    if company_ids:
        vals["company_ids"] = [(6, 0, company_ids)]
        vals["company_id"] = company_ids[0]
    uid = client.call("res.users", "create", vals)
    light_password(server, login)
    return uid


def make_users(server, client, logins, groups):
    """Several users at once (one RPC), each able to log in with its login as password."""
    group_ids = [xmlid(client, g) for g in groups]
    uids = client.call(
        "res.users", "create", [{"name": login, "login": login, "group_ids": [(6, 0, group_ids)]} for login in logins]
    )
    for login in logins:
        light_password(server, login)
    return uids


TRANSPORT_ERRORS = (ConnectionResetError, ConnectionRefusedError, http.client.RemoteDisconnected)


def transport_retry(fn, counter, attempts=6):
    """fn() again when the connection was reset before an answer came back.

    Odoo's prefork server listens with a backlog of 8 x workers (16 for workers=2): when more
    clients connect at the same instant, the kernel resets the extra connections before any
    request reaches Odoo. A proxy in front (nginx) queues and retries them; a test client does
    it here. `counter` (a list) collects the number of resets seen. The tests still check the
    database afterwards, so a request that had in fact been handled would be caught.
    """
    for attempt in range(attempts):
        try:
            return fn()
        except urllib.error.URLError as err:
            if not isinstance(err.reason, TRANSPORT_ERRORS) or attempt == attempts - 1:
                raise
        except TRANSPORT_ERRORS:
            if attempt == attempts - 1:
                raise
        counter.append(1)
        time.sleep(0.2 + random.random() * (attempt + 1))
    return None


def sql(server, query, params=None):
    """Rows of one query on the server's database (autocommit, read-only use)."""
    conn = server.pg_connect(server.db)
    try:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(query, params or [])
            return cr.fetchall() if cr.description else []
    finally:
        conn.close()


def count(server, table, where="TRUE", params=None):
    return sql(server, f"SELECT count(*) FROM {table} WHERE {where}", params)[0][0]


def wait_jobs(api, domain, timeout=180, allow_none=False):
    """The queue.job rows of the domain once none of them is waiting or running any more
    (with allow_none, also when there are none at all)."""
    fields = ["state", "channel", "user_id", "date_done", "exc_info", "result", "name", "model_name", "method_name"]
    deadline = time.monotonic() + timeout
    while True:
        jobs = api.call("queue.job", "search_read", domain, fields=fields)
        if (jobs or allow_none) and all(j["state"] in ("done", "failed", "cancelled") for j in jobs):
            return jobs
        assert time.monotonic() < deadline, f"the job runner did not finish the jobs within {timeout} s: {jobs}"
        time.sleep(0.5)


def odoo_dt(value):
    return value.strftime("%Y-%m-%d %H:%M:%S")


def next_weekday(days=7, hour=2):
    """A naive UTC datetime some days ahead at the given UTC hour, on a weekday."""
    day = datetime.now(UTC).replace(tzinfo=None, hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def expect_error(fn, *args, **kwargs):
    """Call fn, which must fail with an RPC error; return the error."""
    try:
        fn(*args, **kwargs)
    except RpcError as err:
        return err
    raise AssertionError(f"{getattr(fn, '__name__', fn)}{args} was accepted; it must be refused")


def studio_fixture(client, company_id, tag=None):
    """A photographer resource and a package needing exactly that role, both ours."""
    tag = tag or uniq("studio")
    photographer = client.call(
        "resource.resource",
        "create",
        {
            "name": f"Photographer {tag}",
            "resource_type": "material",
            "studio_role": "photographer",
            "studio_level": "3",
            "company_id": company_id,
        },
    )
    package_tmpl = client.call(
        "product.template",
        "create",
        {
            "name": f"Package {tag}",
            "type": "service",
            "list_price": 8800.0,
            "is_studio_package": True,
            "studio_shoot_type": "portrait",
            "studio_hours": 2.0,
            "studio_setup_minutes": 30,
            "studio_cleanup_minutes": 15,
            "studio_requirement_ids": [(0, 0, {"role": "photographer", "quantity": 1})],
        },
    )
    package = client.call("product.product", "search", [("product_tmpl_id", "=", package_tmpl)])[0]
    return {"photographer": photographer, "package": package, "package_tmpl": package_tmpl}


def member_fixture(client, name=None, phone=None):
    """A new enrolled member; returns the partner id and the stored value card id."""
    partner = client.call(
        "res.partner",
        "create",
        {"name": name or uniq("member"), "phone": phone or f"139{uuid.uuid4().int % 10**8:08d}"},
    )
    client.call("res.partner", "action_member_enroll", [partner])
    row = client.call("res.partner", "read", [partner], ["member_wallet_id", "member_card_id", "is_member"])[0]
    assert row["is_member"], "enrolment must make the partner a member"
    return partner, row["member_wallet_id"][0], row["member_card_id"][0]


def birthday_program(client):
    """The birthday coupon program of the admin's chain (Odoo's main company), made once.

    The demo's birthday program belongs to the demo group; the e2e members are the main company's."""
    company = client.call("res.users", "read", [client.uid], ["company_id"])[0]["company_id"][0]
    head = client.call("res.company", "read", [company], ["root_id"])[0]["root_id"][0]
    current = client.call("res.company", "read", [head], ["member_birthday_program_id"])[0]
    if current["member_birthday_program_id"]:
        return current["member_birthday_program_id"][0]
    program = client.call(
        "loyalty.program",
        "create",
        {
            "name": "生日礼券（满300减88）",
            "program_type": "coupons",
            "trigger": "with_code",
            "applies_on": "current",
            "company_id": head,
            "rule_ids": [(0, 0, {"reward_point_mode": "order", "reward_point_amount": 1, "minimum_amount": 300})],
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount_mode": "per_order",
                        "discount": 88,
                        "discount_applicability": "order",
                        "required_points": 1,
                    },
                )
            ],
        },
    )
    client.call("res.company", "write", [head], {"member_birthday_program_id": program})
    return program


def confirmed_order(client, partner, product_name, price):
    """A confirmed sales order of one new goods product for the partner; returns the order and
    product ids.
    (The product has a category: member_loyalty's points posting joins on it.)"""
    product = client.call(
        "product.product",
        "create",
        {
            "name": uniq(product_name),
            "list_price": price,
            "type": "consu",
            "categ_id": xmlid(client, "product.product_category_goods"),
        },
    )
    order = client.call(
        "sale.order",
        "create",
        {"partner_id": partner, "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})]},
    )
    client.call("sale.order", "action_confirm", [order])
    return order, product


def wallet(client, partner, operation, amount, description=None):
    """Top up / spend / refund a member's stored value through the cashier's wizard (public API)."""
    vals = {"partner_id": partner, "operation": operation, "amount": amount}
    if description:
        vals["description"] = description
    wizard = client.call("member.wallet.operation", "create", vals)
    return client.call("member.wallet.operation", "action_confirm", [wizard])
