#!/usr/bin/env python3
"""Checks of the Docker route that run without Docker: the compose files, the image's and the
scripts' Odoo configurations, the Dockerfile and the nginx configuration.

    .venv/bin/python docker/check.py        (CI's step `docker-check`; tests/e2e/test_proxy.py too)

- `docker compose config` when Docker Compose is installed, else the files parsed as YAML and
  their structure checked (below);
- `nginx -t` on docker/nginx/odoo.conf when nginx is installed (the upstream host names `odoo`
  replaced by 127.0.0.1, which nginx must resolve), else said so.

Each check is a sentence; the script prints the ones that fail and exits 1, or prints the count.
Needs PyYAML (in .venv with the lint tools).
"""

import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
COMPOSE_DEV = ROOT / "docker-compose.dev.yml"
NGINX_CONF = ROOT / "docker" / "nginx" / "odoo.conf"
IMAGE_CONF = ROOT / "docker" / "odoo.conf"
SCRIPTS_CONF = ROOT / "config" / "odoo.conf"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
PROD_REQUIREMENTS = ROOT / "docker" / "requirements.txt"
DEV_REQUIREMENTS = ROOT / "requirements.txt"
# test and benchmark packages: in requirements.txt for the scripts, never in the image
NOT_IN_PRODUCTION = {
    "pytest",
    "pytest-odoo",
    "websocket-client",
    "odoo-addon-resource_booking",
    "odoo-addon-base_tier_validation_formula",
}
SECRET_WORDS = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.IGNORECASE)


def load_yaml(path):
    import yaml

    return yaml.safe_load(path.read_text())


def read_conf(path):
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(path)
    return conf


def truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def requirement_names(path):
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.split(r"[=<>!~; \[]", line, maxsplit=1)[0].strip().lower())
    return names


def requirement_lines(path):
    """The requirement lines of a file, comments and blanks left out."""
    return {
        " ".join(line.split("#", 1)[0].split())
        for line in path.read_text().splitlines()
        if line.split("#", 1)[0].strip()
    }


def requirement_names_of(line):
    return re.split(r"[=<>!~; \[]", line, maxsplit=1)[0].strip().lower()


def depends_on(service):
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def command_of(service):
    cmd = service.get("command") or []
    return cmd.split() if isinstance(cmd, str) else [str(c) for c in cmd]


def bind_mounts(service):
    found = []
    for volume in service.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) else (volume.get("source") or "")
        if source.startswith((".", "/", "~")):
            found.append(volume if isinstance(volume, str) else f"{source}:{volume.get('target')}")
    return found


def compose_checks():
    """[(sentence, ok)] on docker-compose.yml and docker-compose.dev.yml."""
    out = []
    compose = load_yaml(COMPOSE)
    dev = load_yaml(COMPOSE_DEV)
    services = compose.get("services") or {}
    out.append(
        (
            "docker-compose.yml has the services db, init, odoo and nginx",
            {"db", "init", "odoo", "nginx"} <= set(services),
        )
    )
    db, init, odoo, nginx = (services.get(n) or {} for n in ("db", "init", "odoo", "nginx"))
    named = set(compose.get("volumes") or {})

    out.append(("db runs the official postgres image", str(db.get("image", "")).startswith("postgres:")))
    out.append(("db has a healthcheck", bool((db.get("healthcheck") or {}).get("test"))))
    data = [v for v in db.get("volumes") or [] if isinstance(v, str) and v.endswith(":/var/lib/postgresql/data")]
    out.append(("db keeps its data in a named volume", bool(data) and data[0].split(":", 1)[0] in named))
    out.append(("db takes its password from a secret file", "POSTGRES_PASSWORD_FILE" in (db.get("environment") or {})))

    out.append(
        ("init is the one-shot suite-init", command_of(init)[:1] == ["suite-init"] and init.get("restart") == "no")
    )
    out.append(("init waits for a healthy db", depends_on(init).get("db") == "service_healthy"))
    init_env = init.get("environment") or {}
    out.append(
        (
            "init loads no demo data unless asked",
            str(init_env.get("ODOO_WITH_DEMO", "0")).startswith("${ODOO_WITH_DEMO:-0}")
            or str(init_env.get("ODOO_WITH_DEMO")) == "0",
        )
    )

    deps = depends_on(odoo)
    out.append(
        (
            "odoo starts after init completed and db is healthy",
            deps.get("init") == "service_completed_successfully" and deps.get("db") == "service_healthy",
        )
    )
    cmd = command_of(odoo)
    out.append(("odoo runs with --proxy-mode (nginx alone reaches it)", "--proxy-mode" in cmd))
    out.append(("odoo publishes no port (reachable only through nginx)", not odoo.get("ports")))
    exposed = {str(p) for p in odoo.get("expose") or []}
    out.append(("odoo exposes the HTTP (8069) and websocket (8072) ports to nginx", {"8069", "8072"} <= exposed))
    out.append(("odoo has a healthcheck", bool((odoo.get("healthcheck") or {}).get("test"))))
    for name in ("odoo", "init"):
        svc = services.get(name) or {}
        build = svc.get("build") or {}
        out.append(
            (
                f"{name} is built from docker/Dockerfile",
                isinstance(build, dict) and build.get("dockerfile") == "docker/Dockerfile",
            )
        )
        out.append((f"{name} has no bind mount in production (addons are in the image)", not bind_mounts(svc)))
        out.append((f"{name} reads the database password from a secret", "db_password" in (svc.get("secrets") or [])))

    out.append(("nginx runs the official nginx image", str(nginx.get("image", "")).startswith("nginx:")))
    out.append(("nginx waits for a healthy odoo", depends_on(nginx).get("odoo") == "service_healthy"))
    mounts = [v for v in nginx.get("volumes") or [] if isinstance(v, str)]
    out.append(("nginx gets docker/nginx/odoo.conf", any(v.startswith("./docker/nginx/odoo.conf:") for v in mounts)))
    published = [n for n, s in services.items() if s.get("ports")]
    out.append(("only nginx publishes a port", published == ["nginx"]))

    plain = [
        f"{n}.{k}"
        for n, s in services.items()
        for k, v in (s.get("environment") or {}).items()
        if SECRET_WORDS.search(k) and not k.endswith("_FILE") and v not in (None, "")
    ]
    out.append((f"no secret written in the compose file {plain or ''}".strip(), not plain))
    secrets = compose.get("secrets") or {}
    out.append(
        (
            "the secrets db_password and odoo_admin_passwd are files under docker/secrets/",
            {"db_password", "odoo_admin_passwd"} <= set(secrets)
            and all(str(s.get("file", "")).startswith("./docker/secrets/") for s in secrets.values()),
        )
    )
    ignored = (
        (ROOT / "docker" / "secrets" / ".gitignore").read_text()
        if (ROOT / "docker/secrets/.gitignore").exists()
        else ""
    )
    out.append(("docker/secrets/ is git-ignored", "*" in ignored.split()))

    dev_services = dev.get("services") or {}
    dev_mounts = bind_mounts(dev_services.get("odoo") or {})
    out.append(
        (
            "docker-compose.dev.yml bind-mounts ./addons (development only)",
            any(m.startswith("./addons:") for m in dev_mounts),
        )
    )
    return out


def config_checks():
    out = []
    image = read_conf(IMAGE_CONF)["options"]
    out.append(
        (
            "docker/odoo.conf: proxy_mode off (only the compose server behind nginx turns it on)",
            not truthy(image.get("proxy_mode", "False")),
        )
    )
    for key in ("admin_passwd", "db_password"):
        out.append((f"docker/odoo.conf: no {key}", key not in image))
    out.append(
        (
            "docker/odoo.conf: no demo data setting that loads demo",
            "without_demo" not in image and not truthy(image.get("with_demo", "False")),
        )
    )
    out.append(
        (
            "docker/odoo.conf: workers > 0 with the websocket on gevent_port 8072",
            int(image.get("workers", "0")) > 0 and image.get("gevent_port") == "8072",
        )
    )
    out.append(("docker/odoo.conf: the database manager is off", not truthy(image.get("list_db", "True"))))
    dockerfile = DOCKERFILE.read_text()
    out.append(
        (
            "docker/odoo.conf: addons_path is where the Dockerfile copies the addons",
            f"COPY --chown=root:root addons {image.get('addons_path')}" in dockerfile,
        )
    )
    out.append(
        (
            "the Dockerfile installs docker/requirements.txt, not the test requirements",
            "COPY docker/requirements.txt " in dockerfile and "COPY requirements.txt" not in dockerfile,
        )
    )
    prod = set(requirement_names(PROD_REQUIREMENTS))
    extra = sorted(prod & NOT_IN_PRODUCTION)
    out.append(
        (
            f"docker/requirements.txt has no test or benchmark package {extra or ''}".strip(),
            not extra,
        )
    )

    # what requirements.txt (the scripts', CI's) holds for the addons at run time, the image holds too
    dev_lines = requirement_lines(DEV_REQUIREMENTS)
    prod_lines = requirement_lines(PROD_REQUIREMENTS)
    missing = sorted(line for line in dev_lines - prod_lines if requirement_names_of(line) not in NOT_IN_PRODUCTION)
    out.append(
        (f"docker/requirements.txt pins what requirements.txt does for run time {missing or ''}".strip(), not missing)
    )

    scripts = read_conf(SCRIPTS_CONF)
    opts = scripts["options"] if scripts.has_section("options") else {}
    out.append(
        (
            "config/odoo.conf: proxy_mode off (the embedded route has no proxy in front)",
            not truthy(opts.get("proxy_mode", "False")),
        )
    )
    out.append(("config/odoo.conf: no master password committed", "admin_passwd" not in opts))
    out.append(
        (
            "config/odoo.conf: no demo data for new databases",
            "without_demo" not in opts or truthy(opts.get("without_demo")),
        )
    )
    return out


def nginx_blocks(text):
    """{location: body} of the nginx configuration (one level of braces inside server {})."""
    text = re.sub(r"#[^\n]*", "", text)
    return {m.group(1).strip(): m.group(2) for m in re.finditer(r"location\s+([^{]+)\{([^{}]*)\}", text)}


def nginx_checks():
    out = []
    text = NGINX_CONF.read_text()
    blocks = nginx_blocks(text)
    proxied = {loc: body for loc, body in blocks.items() if "proxy_pass" in body}
    out.append(("nginx proxies / and /websocket", {"/", "/websocket"} <= set(proxied)))
    for loc, body in proxied.items():
        for header, value in (
            ("X-Forwarded-For", "$remote_addr"),
            ("X-Forwarded-Host", "$host"),
            ("X-Forwarded-Proto", "$scheme"),
        ):
            ok = re.search(rf"proxy_set_header\s+{header}\s+{re.escape(value)}\s*;", body) is not None
            out.append((f"nginx location {loc} sets {header} {value} itself", ok))
    ws = proxied.get("/websocket", "")
    upstream = re.search(r"upstream\s+odoo_websocket\s*\{[^}]*server\s+odoo:8072", text) is not None
    out.append(
        (
            "nginx sends /websocket to Odoo's gevent port 8072 with the upgrade headers",
            upstream and "proxy_pass http://odoo_websocket" in ws and "Upgrade $http_upgrade" in ws,
        )
    )
    out.append(
        (
            "nginx closes the database manager",
            any("/web/database" in loc and "return 404" in body for loc, body in blocks.items()),
        )
    )
    return out


def nginx_binary():
    """nginx from $NGINX (a path), the PATH or /usr/sbin; None when there is none."""
    for candidate in (os.environ.get("NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def write_nginx_conf(directory, http_port=8069, websocket_port=8072, listen=18080):
    """docker/nginx/odoo.conf under a main configuration of its own in directory: Odoo at
    127.0.0.1:http_port/websocket_port (the compose host name `odoo` means nothing here), nginx on
    127.0.0.1:listen, its pid and temporary files in directory. Returns the main file."""
    d = Path(directory)
    site = (
        NGINX_CONF.read_text()
        .replace("server odoo:8069", f"server 127.0.0.1:{http_port}")
        .replace("server odoo:8072", f"server 127.0.0.1:{websocket_port}")
        .replace("listen 80;", f"listen 127.0.0.1:{listen};")
    )
    (d / "site.conf").write_text(site)
    temp = d / "temp"
    temp.mkdir(exist_ok=True)
    temp.chmod(0o777)  # the worker processes run as nobody when nginx starts as root
    paths = "".join(
        f" {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    main = d / "nginx.conf"
    main.write_text(
        f"{user}pid {d}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n access_log off;\n{paths} include {d}/site.conf;\n}}\n"
    )
    return main


def nginx_t():
    """(ran, ok, output) of `nginx -t` on the configuration, or (False, True, reason)."""
    nginx = nginx_binary()
    if not nginx:
        return False, True, "nginx is not installed here: nginx -t not run (the structure checks above ran)"
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp).chmod(0o755)
        main = write_nginx_conf(tmp)
        res = subprocess.run(
            [nginx, "-t", "-e", "stderr", "-p", tmp, "-c", str(main)], capture_output=True, text=True, check=False
        )
    return True, res.returncode == 0, (res.stdout + res.stderr).strip()


def docker_compose_config():
    """(ran, ok, output) of `docker compose config -q`, or (False, True, reason)."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        res = subprocess.run(
            [docker, "compose", "-f", str(COMPOSE), "-f", str(COMPOSE_DEV), "config", "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return True, res.returncode == 0, (res.stdout + res.stderr).strip()
    return (
        False,
        True,
        "Docker Compose is not installed here: docker compose config not run (YAML parsed and checked instead)",
    )


def run_all():
    """(failed sentences, passed count, notes)."""
    checks = compose_checks() + config_checks() + nginx_checks()
    failed = [name for name, ok in checks if not ok]
    notes = []
    for what, (ran, ok, output) in (("docker compose config", docker_compose_config()), ("nginx -t", nginx_t())):
        if ran and not ok:
            failed.append(f"{what} failed: {output}")
        notes.append(f"{what}: {'ok' if ran else output}")
    return failed, len(checks) - len([n for n, ok in checks if not ok]), notes


def main():
    try:
        failed, passed, notes = run_all()
    except ImportError:
        print(
            "docker/check.py needs PyYAML: run it with .venv/bin/python after ./scripts/lint --install", file=sys.stderr
        )
        return 2
    for note in notes:
        print(note)
    for name in failed:
        print(f"FAILED: {name}")
    print(f"docker route: {passed} checks passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
