"""Forwarded headers and the Docker route (issue #22).

The public verification page (`/art/verify/<token>`) limits requests per client address. Odoo
believes X-Forwarded-For only in proxy_mode (and when X-Forwarded-Host is sent): on the embedded
route, with no proxy in front, proxy_mode must stay off, or any client chooses the address the
limit counts. The same forged requests against a server with proxy_mode on show what the test
guards against, and through the Docker route's nginx configuration in front of that server (when
an nginx binary is here) that nginx puts the peer's address back. The Docker route's files are
checked by docker/check.py (CI's step docker-check); its init by docker/suite-init.py's test below.
"""

import ast
import configparser
import importlib.util
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from load.e2e_support import admin, sql
from suite_server import OdooServer, free_port

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 3
PARAM = "artwork_provenance.verify_rate_limit"


def load_check():
    spec = importlib.util.spec_from_file_location("docker_check", ROOT / "docker" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verify(server, forged_for):
    """GET the verification page of an unknown token as a client that claims to be forged_for."""
    req = urllib.request.Request(
        f"{server.url}/art/verify/{uuid.uuid4().hex}",
        headers={
            "X-Forwarded-For": forged_for,
            "X-Forwarded-Host": "gallery.example.com",
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def forged_burst(server):
    """LIMIT + 2 requests, each claiming another address; (statuses, addresses, rows of the limit)."""
    forged = [f"203.0.113.{i}" for i in range(1, LIMIT + 3)]
    client = admin(server)
    before = client.call("ir.config_parameter", "get_param", PARAM)
    client.call("ir.config_parameter", "set_param", PARAM, str(LIMIT))
    sql(server, "DELETE FROM art_verify_rate")
    try:
        statuses = [verify(server, address) for address in forged]
        rows = dict(sql(server, "SELECT client, sum(hits) FROM art_verify_rate GROUP BY client"))
    finally:
        client.call("ir.config_parameter", "set_param", PARAM, before or "30")
        sql(server, "DELETE FROM art_verify_rate")
    return statuses, forged, rows


def test_embedded_route_has_no_proxy_mode():
    """The configuration the scripts generate (from config/odoo.conf) keeps proxy_mode off."""
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(os.environ["SUITE_ODOO_CONF"])
    assert conf["options"].get("proxy_mode", "False").lower() in ("false", "0", ""), (
        "proxy_mode is on for the embedded route: a client with no proxy in front chooses its own address"
    )


def test_forged_forwarded_for_does_not_move_the_rate_limit(odoo_server):
    statuses, forged, rows = forged_burst(odoo_server)
    # one address, the peer's, is counted: the (LIMIT + 1)-th request is refused
    assert 429 in statuses[: LIMIT + 1], statuses
    assert set(statuses[:LIMIT]) == {404}, statuses
    assert not set(forged) & set(rows), f"a forged address reached the rate limit: {rows}"
    assert rows.get("127.0.0.1", 0) == len(forged), rows


class ProxyModeServer(OdooServer):
    """The same server with proxy_mode on, as config/odoo.conf set it before issue #22."""

    def write_conf(self):
        path = super().write_conf()
        conf = configparser.ConfigParser(interpolation=None)
        conf.read(path)
        conf["options"]["proxy_mode"] = "True"
        with open(path, "w") as f:
            conf.write(f)
        return path


@pytest.fixture(scope="module")
def proxy_mode_server():
    server = ProxyModeServer(workers=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_proxy_mode_without_proxy_lets_clients_choose_their_address(proxy_mode_server):
    """What the test above guards against: with proxy_mode on and no proxy, every forged address is
    counted on its own and the limit never bites."""
    statuses, forged, rows = forged_burst(proxy_mode_server)
    assert 429 not in statuses, statuses
    assert set(forged) <= set(rows), rows


def test_behind_nginx_the_rate_limit_sees_the_peer(proxy_mode_server, tmp_path):
    """The Docker route's nginx configuration in front of the same server: nginx replaces the forged
    X-Forwarded-For with the peer's address, and the limit bites again."""
    check = load_check()
    nginx = check.nginx_binary()
    if not nginx:
        pytest.skip("nginx is not installed here (set NGINX to an nginx binary)")
    tmp_path.chmod(0o755)
    listen = free_port()
    main = check.write_nginx_conf(tmp_path, http_port=proxy_mode_server.port, websocket_port=free_port(), listen=listen)
    proc = subprocess.Popen(
        [nginx, "-e", "stderr", "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        front = SimpleNamespace(url=f"http://127.0.0.1:{listen}", db=proxy_mode_server.db)
        for _i in range(50):
            try:
                urllib.request.urlopen(f"{front.url}/web/health", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)
        client = admin(proxy_mode_server)
        client.call("ir.config_parameter", "set_param", PARAM, str(LIMIT))
        sql(proxy_mode_server, "DELETE FROM art_verify_rate")
        forged = [f"203.0.113.{i}" for i in range(1, LIMIT + 3)]
        try:
            statuses = [verify(front, address) for address in forged]
            rows = dict(sql(proxy_mode_server, "SELECT client, sum(hits) FROM art_verify_rate GROUP BY client"))
        finally:
            client.call("ir.config_parameter", "set_param", PARAM, "30")
            sql(proxy_mode_server, "DELETE FROM art_verify_rate")
    finally:
        proc.terminate()
        proc.wait(30)
    assert 429 in statuses[: LIMIT + 1], statuses
    assert not set(forged) & set(rows), f"a forged address reached the rate limit through nginx: {rows}"
    assert rows == {"127.0.0.1": len(forged)}, rows


def test_docker_route_files():
    """docker/check.py: the compose files, the Odoo configurations, the Dockerfile, nginx (-t when
    nginx is installed)."""
    failed, passed, notes = load_check().run_all()
    assert not failed, "\n".join(failed)
    assert passed >= 40, notes


def test_docker_check_catches_an_unsafe_configuration(tmp_path, monkeypatch):
    """The checks fail on what issue #22 found: proxy_mode on the embedded route, a committed master
    password, and an nginx that passes on the client's X-Forwarded-For."""
    check = load_check()
    conf = tmp_path / "odoo.conf"
    conf.write_text("[options]\nproxy_mode = True\nadmin_passwd = change-me-in-production\n")
    nginx = tmp_path / "nginx.conf"
    nginx.write_text(
        (ROOT / "docker" / "nginx" / "odoo.conf")
        .read_text()
        .replace("X-Forwarded-For $remote_addr", "X-Forwarded-For $http_x_forwarded_for")
    )
    monkeypatch.setattr(check, "SCRIPTS_CONF", conf)
    monkeypatch.setattr(check, "NGINX_CONF", nginx)
    failed = [name for name, ok in check.config_checks() + check.nginx_checks() if not ok]
    assert "config/odoo.conf: proxy_mode off (the embedded route has no proxy in front)" in failed
    assert "config/odoo.conf: no master password committed" in failed
    assert "nginx location / sets X-Forwarded-For $remote_addr itself" in failed


def test_production_requirements_cover_the_addons():
    """docker/requirements.txt pins every OCA module the addons depend on (and what those depend
    on), at the versions of requirements.txt, and nothing for tests or benchmarks."""
    check = load_check()
    prod = check.requirement_names(check.PROD_REQUIREMENTS)
    dev_pins = {
        line.split("==")[0].strip().lower(): line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip().startswith("odoo-addon-")
    }
    prod_pins = [
        line.strip() for line in check.PROD_REQUIREMENTS.read_text().splitlines() if line.startswith("odoo-addon-")
    ]
    for line in prod_pins:
        name = line.split("==")[0].lower()
        assert dev_pins.get(name) == line, f"{line} differs from requirements.txt ({dev_pins.get(name)})"
    import odoo.addons.queue_job

    oca = Path(odoo.addons.queue_job.__file__).resolve().parent.parent
    ours = {p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py")}
    needed, seen, todo = set(), set(), [*ours]
    while todo:
        name = todo.pop()
        manifest = (ROOT / "addons" if name in ours else oca) / name / "__manifest__.py"
        if name in seen or not manifest.exists():
            continue  # done, or a module of Odoo's
        seen.add(name)
        if name not in ours:
            needed.add(name)
        todo += ast.literal_eval(manifest.read_text()).get("depends", [])
    # a wheel brings the wheels it requires (sale_commission_oca brings account_commission_oca)
    brought = set()
    for dist in oca.parent.parent.glob("odoo_addon_*.dist-info"):
        module = dist.name.split("-")[0][len("odoo_addon_") :]
        if f"odoo-addon-{module}" in prod:
            for line in (dist / "METADATA").read_text().splitlines():
                if line.startswith("Requires-Dist: odoo-addon-"):
                    brought.add(line.split()[1].split("=")[0].split("<")[0].split(">")[0][len("odoo-addon-") :])
    listed = {n[len("odoo-addon-") :] for n in prod if n.startswith("odoo-addon-")}
    missing = needed - listed - brought
    assert not missing, f"the image lacks the OCA modules {sorted(missing)}"


def run_init(tmp_path, **env):
    """docker/suite-init.py against the embedded cluster, the image's entrypoint replaced by a
    program that writes down the Odoo command it was given."""
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(os.environ["SUITE_ODOO_CONF"])
    opts = conf["options"]
    written = tmp_path / "odoo-args"
    fake = tmp_path / "entrypoint"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {written}\n')
    fake.chmod(0o755)
    full_env = dict(
        os.environ,
        HOST=opts.get("db_host") or "",
        PORT=opts.get("db_port") or "5432",
        USER=opts.get("db_user") or "odoo",
        PASSWORD=opts.get("db_password") or "",
        SUITE_OFFICIAL_ENTRYPOINT=str(fake),
        **env,
    )
    res = subprocess.run(
        [sys.executable, str(ROOT / "docker" / "suite-init.py")],
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    return written.read_text().split("\n")[:-1]


def test_init_creates_a_database_without_demo_and_upgrades_an_existing_one(tmp_path):
    suite = "customer_core,artwork_provenance,collector_crm,studio_booking,member_loyalty"
    fresh = f"no_such_db_{uuid.uuid4().hex[:8]}"
    args = run_init(tmp_path, ODOO_DB=fresh)
    assert args[:3] == ["odoo", "-d", fresh] and "--stop-after-init" in args, args
    assert args[args.index("-i") + 1] == suite and "-u" not in args, args
    assert "--with-demo" not in args, "no demo data unless asked"
    assert args[args.index("--load-language") + 1] == "zh_CN"
    assert "--with-demo" in run_init(tmp_path, ODOO_DB=fresh, ODOO_WITH_DEMO="1")

    # the suite's database: its addons upgraded, a new one installed, never demo data added
    existing = os.environ["SUITE_TEMPLATE_DB"]
    args = run_init(tmp_path, ODOO_DB=existing, ODOO_MODULES=f"{suite},not_installed_yet", ODOO_WITH_DEMO="1")
    assert args[args.index("-u") + 1] == suite, args
    assert args[args.index("-i") + 1] == "not_installed_yet", args
    assert "--with-demo" not in args, args
    assert "-u" not in run_init(tmp_path, ODOO_DB=existing, ODOO_UPDATE="none")
