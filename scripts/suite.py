#!/usr/bin/env python3
"""Set up and drive the suite: Odoo 19, PostgreSQL, the virtualenv and the databases.

Standard library only: it runs before the virtualenv exists. The shell entry points
(`scripts/run`, `scripts/test`, ...) call one sub-command of this file each.
"""

import argparse
import ast
import concurrent.futures
import configparser
import hashlib
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / ".run"
LOGS = RUN / "logs"
VENV = ROOT / ".venv"
VPY = VENV / "bin" / "python"
ADDONS = ROOT / "addons"
USER_CONF = ROOT / "config" / "odoo.conf"

ODOO_SERIES = "19.0"
ODOO_GIT = "https://github.com/odoo/odoo.git"
RUN_DB = "suite"
TEMPLATE_DB = "suite_tmpl"
TEST_DB = "suite_test"
ODOO_TEST_DB = "suite_odoo_test"  # Odoo's and OCA's own tests (./scripts/test --odoo-tests)
EMBEDDED_ROLE = "odoo"
EMBEDDED_PORT = 5432
# channels of the job runner of ./scripts/run (config/odoo.scale.conf.example has production's)
QUEUE_JOB_CHANNELS = "root:2,root.collector_matching:1,root.member_loyalty:1,root.member_loyalty.campaign:1"

# The distributions Odoo 19.0 itself requires (its official requirements.txt). A source tree may
# carry modules of its own and add their requirements to that file: those lines are skipped.
ODOO_OWN_REQUIREMENTS = {
    "asn1crypto",
    "babel",
    "cbor2",
    "chardet",
    "cryptography",
    "docutils",
    "freezegun",
    "geoip2",
    "gevent",
    "greenlet",
    "idna",
    "jinja2",
    "libsass",
    "lxml",
    "lxml-html-clean",
    "markupsafe",
    "num2words",
    "ofxparse",
    "openpyxl",
    "passlib",
    "pillow",
    "polib",
    "psutil",
    "psycopg2",
    "pyopenssl",
    "pypdf2",
    "pypdf",
    "pypiwin32",
    "pyserial",
    "python-dateutil",
    "python-magic",
    "python-ldap",
    "python-stdnum",
    "pytz",
    "pyusb",
    "qrcode",
    "reportlab",
    "requests",
    "rjsmin",
    "rl-renderpm",
    "urllib3",
    "vobject",
    "werkzeug",
    "xlrd",
    "xlsxwriter",
    "xlwt",
    "zeep",
}

# Debian packages the suite needs: (package, how we notice it is there)
SYSTEM_PACKAGES = [
    ("postgresql", lambda: bool(find_pg_bindir())),
    ("postgresql-client", lambda: bool(shutil.which("psql"))),
    ("libpq-dev", lambda: bool(shutil.which("pg_config"))),
    ("libldap2-dev", lambda: Path("/usr/include/ldap.h").exists()),
    ("libsasl2-dev", lambda: Path("/usr/include/sasl/sasl.h").exists()),
    ("wkhtmltopdf", lambda: bool(shutil.which("wkhtmltopdf"))),
    ("chromium", lambda: bool(shutil.which("chromium") or shutil.which("chromium-browser"))),
    (
        "fonts-noto-cjk",
        lambda: any(
            Path(p).exists()
            for p in (
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            )
        ),
    ),
    # the reports' Chinese font: its PDF text reads back as the characters printed (Noto CJK maps
    # some of them to radicals: 门 -> ⻔, 户 -> ⼾)
    ("fonts-wqy-zenhei", lambda: Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").exists()),
    ("poppler-utils", lambda: bool(shutil.which("pdftotext"))),
]


class SetupError(Exception):
    """A problem the user can fix; printed without a traceback."""


def say(msg):
    print(f"[suite] {msg}", flush=True)


def is_root():
    return os.geteuid() == 0


def sh(cmd, check=True, env=None, quiet=False, **kw):
    if not quiet:
        say("$ " + " ".join(shlex.quote(str(c)) for c in cmd))
    res = subprocess.run([str(c) for c in cmd], check=False, env=env, **kw)
    if check and res.returncode:
        raise SetupError(f"command failed ({res.returncode}): {' '.join(map(str, cmd))}")
    return res


# --------------------------------------------------------------------------------------------
# system packages
# --------------------------------------------------------------------------------------------
def find_pg_bindir():
    """The newest PostgreSQL server binaries (15 or later) on this machine."""
    cands = []
    for d in Path("/usr/lib/postgresql").glob("*/bin"):
        if (d / "initdb").exists() and (d / "pg_ctl").exists() and d.parent.name.isdigit():
            cands.append((int(d.parent.name), d))
    if cands:
        version, path = max(cands)
        return path if version >= 15 else None
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def ensure_system_packages():
    missing = [name for name, present in SYSTEM_PACKAGES if not present()]
    if not missing:
        return
    line = "apt-get install -y " + " ".join(missing)
    if not is_root() or not shutil.which("apt-get"):
        raise SetupError(
            f"missing system packages: {', '.join(missing)}.\n"
            f"Install them (as root) with:\n    sudo apt-get update && sudo {line}"
        )
    say(f"installing system packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(["apt-get", "update", "-qq"], env=env)
    sh(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env, stdout=subprocess.DEVNULL)


# --------------------------------------------------------------------------------------------
# Odoo source tree
# --------------------------------------------------------------------------------------------
def default_odoo_dir():
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(cache) / "odoo" / ODOO_SERIES


def odoo_version(tree):
    release = tree / "odoo" / "release.py"
    if not release.is_file() or not (tree / "odoo-bin").is_file():
        return None
    m = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text(), re.MULTILINE)
    return (int(m.group(1)), int(m.group(2))) if m else None


def ensure_odoo_tree():
    source = os.environ.get("ODOO_SOURCE")
    if source:
        tree = Path(source).expanduser().resolve()
        if not tree.is_dir():
            raise SetupError(f"ODOO_SOURCE={source} does not exist or is not a folder.")
    else:
        tree = default_odoo_dir()
        if not tree.is_dir() or not any(tree.iterdir()):
            if not shutil.which("git"):
                raise SetupError("git is needed to fetch Odoo 19.0 (or set ODOO_SOURCE to an Odoo 19.0 tree).")
            say(f"no Odoo tree in {tree}: cloning Odoo {ODOO_SERIES} (shallow)")
            tree.parent.mkdir(parents=True, exist_ok=True)
            sh(["git", "clone", "--depth", "1", "--branch", ODOO_SERIES, ODOO_GIT, tree])
    version = odoo_version(tree)
    where = f"ODOO_SOURCE={tree}" if source else str(tree)
    if version is None:
        raise SetupError(f"{where} is not an Odoo source tree (no odoo/release.py with version_info and no odoo-bin).")
    if version[0] != 19:
        raise SetupError(f"{where} is Odoo {version[0]}.{version[1]}; this suite needs Odoo 19.0.")
    return tree


def odoo_requirements(tree):
    """Odoo's own pinned requirement lines of the tree, and the names of the lines skipped."""
    kept, skipped = [], []
    for raw in (tree / "requirements.txt").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)", line)
        name = m.group(1).lower().replace("_", "-") if m else ""
        if name in ODOO_OWN_REQUIREMENTS:
            kept.append(raw)
        elif name not in skipped:
            skipped.append(name)
    return kept, skipped


# --------------------------------------------------------------------------------------------
# virtualenv
# --------------------------------------------------------------------------------------------
def ensure_venv(tree):
    kept, skipped = odoo_requirements(tree)
    project_reqs = (ROOT / "requirements.txt").read_text()
    stamp_value = hashlib.sha256("\n".join([str(tree), *kept, project_reqs, sys.version]).encode()).hexdigest()
    stamp = VENV / ".suite-stamp"
    if stamp.exists() and stamp.read_text() == stamp_value and VPY.exists():
        return
    if sys.version_info < (3, 10) or sys.version_info >= (3, 14):
        raise SetupError(f"Odoo 19 needs Python 3.10 to 3.13; this is {sys.version.split()[0]}.")
    if not VPY.exists():
        say(f"creating {VENV}")
        sh([sys.executable, "-m", "venv", VENV])
    pip = [VPY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    sh([*pip, "--upgrade", "pip", "wheel", "setuptools<81"])
    if skipped:
        say("skipping requirements that are not Odoo's own: " + ", ".join(skipped))
    RUN.mkdir(exist_ok=True)
    filtered = RUN / "odoo-requirements.txt"
    filtered.write_text("\n".join(kept) + "\n")
    sh([*pip, "-r", filtered])
    # Odoo itself, editable (a .pth entry): OCA wheels then find the `odoo` distribution and
    # land in site-packages/odoo/addons, which Odoo scans on its own.
    sh([*pip, "--no-deps", "--no-build-isolation", "-e", tree, "--config-settings", "editable_mode=compat"])
    sh([*pip, "-r", ROOT / "requirements.txt"])
    stamp.write_text(stamp_value)


# --------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------
def user_conf():
    conf = configparser.ConfigParser(interpolation=None)
    if USER_CONF.exists():
        conf.read(USER_CONF)
    opts = dict(conf["options"]) if conf.has_section("options") else {}
    return {k: v for k, v in opts.items() if v not in ("", "False", "false", "None")}


def configured_pg():
    """Connection settings named by PG* variables or config/odoo.conf, or None."""
    conf = user_conf()
    pairs = {
        "host": ("PGHOST", "db_host"),
        "port": ("PGPORT", "db_port"),
        "user": ("PGUSER", "db_user"),
        "password": ("PGPASSWORD", "db_password"),
    }
    found = {key: os.environ.get(env) or conf.get(opt) for key, (env, opt) in pairs.items()}
    if not any(found.values()):
        return None
    found["user"] = found["user"] or pwd.getpwuid(os.geteuid()).pw_name
    return found


def pg_env(pg):
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(pg["host"] or ""),
            "PGPORT": str(pg["port"] or 5432),
            "PGUSER": pg["user"],
            "PGDATABASE": "postgres",
            "PGCONNECT_TIMEOUT": "5",
        }
    )
    if pg.get("password"):
        env["PGPASSWORD"] = pg["password"]
    if not env["PGHOST"]:
        env.pop("PGHOST")
    return env


def psql(pg, sql, db="postgres", check=True):
    res = subprocess.run(
        ["psql", "-X", "-w", "-qtA", "-d", db, "-c", sql], check=False, env=pg_env(pg), capture_output=True, text=True
    )
    if check and res.returncode:
        raise SetupError(res.stderr.strip() or f"psql failed on: {sql}")
    return res


def check_pg(pg, origin):
    if pg["user"] == "postgres":
        raise SetupError(
            f"{origin} names the role 'postgres'; Odoo refuses to connect as postgres. "
            "Use a role of Odoo's own (createuser -d odoo)."
        )
    res = psql(pg, "SELECT 1", check=False)
    if res.returncode:
        where = f"{pg['host'] or 'localhost'}:{pg['port'] or 5432} as {pg['user']}"
        raise SetupError(
            f"PostgreSQL at {where} ({origin}) refused the connection:\n    {res.stderr.strip()}\n"
            "Start that server or fix the settings; unset the PG* variables and the db_* keys of "
            "config/odoo.conf to let the scripts run their own embedded PostgreSQL."
        )
    res = psql(pg, "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
    if res.stdout.strip() != "t":
        raise SetupError(f"role {pg['user']} ({origin}) may not create databases: ALTER ROLE {pg['user']} CREATEDB;")


class Embedded:
    """A private PostgreSQL cluster under .run/, reachable on a unix socket only."""

    def __init__(self):
        self.bindir = find_pg_bindir()
        self.os_user = None
        self.prefix = []
        if is_root():
            self.os_user = self._unprivileged_user()
            self.prefix = ["runuser", "-u", self.os_user, "--"]
        base = RUN
        if self.os_user and not self._can_reach(RUN.parent):
            # the repository sits where the unprivileged user cannot go (e.g. under /root)
            base = Path("/var/tmp") / f"odoo-suite-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]}"
        self.datadir = base / "pgdata"
        self.sockdir = base / "pgsock"
        if len(str(self.sockdir)) > 90:
            self.sockdir = Path("/tmp") / f"odoo-suite-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]}"
        self.log = LOGS / "postgresql.log"

    @staticmethod
    def _unprivileged_user():
        for name in ("postgres", "odoosuite"):
            try:
                pwd.getpwnam(name)
                return name
            except KeyError:
                continue
        sh(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "odoosuite"])
        return "odoosuite"

    def _can_reach(self, path):
        return (
            subprocess.run(["runuser", "-u", self.os_user, "--", "test", "-x", str(path)], check=False).returncode == 0
        )

    def _own(self, path):
        path.mkdir(parents=True, exist_ok=True)
        if self.os_user:
            pw = pwd.getpwnam(self.os_user)
            os.chown(path, pw.pw_uid, pw.pw_gid)
        path.chmod(0o700)

    def _pg_ctl(self, *args, check=True):
        return sh(
            [*self.prefix, self.bindir / "pg_ctl", "-D", self.datadir, *args],
            check=check,
            quiet=True,
            capture_output=True,
            text=True,
        )

    def running(self):
        return self.datadir.exists() and self._pg_ctl("status", check=False).returncode == 0

    def settings(self):
        return {"host": str(self.sockdir), "port": EMBEDDED_PORT, "user": EMBEDDED_ROLE, "password": None}

    def start(self):
        if not self.bindir:
            raise SetupError("no PostgreSQL 15+ server binaries found (apt-get install postgresql).")
        LOGS.mkdir(parents=True, exist_ok=True)
        if not (self.datadir / "PG_VERSION").exists():
            say(f"creating the embedded PostgreSQL cluster in {self.datadir}")
            self._own(self.datadir.parent)
            self._own(self.datadir)
            sh(
                [
                    *self.prefix,
                    self.bindir / "initdb",
                    "-D",
                    self.datadir,
                    "-U",
                    EMBEDDED_ROLE,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                stdout=subprocess.DEVNULL,
            )
            with open(self.datadir / "postgresql.conf", "a") as f:
                f.write(
                    "\n# odoo-suite: a private development cluster, unix socket only\n"
                    "listen_addresses = ''\n"
                    f"port = {EMBEDDED_PORT}\n"
                    f"unix_socket_directories = '{self.sockdir}'\n"
                    "unix_socket_permissions = 0700\n"
                    "max_connections = 200\n"
                    "shared_buffers = 512MB\n"
                    "work_mem = 32MB\n"
                    "maintenance_work_mem = 256MB\n"
                    "fsync = off\n"
                    "synchronous_commit = off\n"
                    "full_page_writes = off\n"
                    # bulk passes (reclaim, RFM, benchmarks) without a checkpoint every few seconds
                    "max_wal_size = 8GB\n"
                    "checkpoint_timeout = 30min\n"
                    # Odoo's short statements pay JIT compilation (~200 ms on a name search over
                    # 1,000,000 partners) and never win from it (docs/scaling.md)
                    "jit = off\n"
                )
        if self.running():
            return self.settings()
        self._own(self.sockdir)
        if self.os_user:
            self.log.touch()
            pw = pwd.getpwnam(self.os_user)
            os.chown(self.log, pw.pw_uid, pw.pw_gid)
            if self.log.parent == LOGS:
                LOGS.chmod(0o755)
                for p in (RUN,):
                    p.chmod(p.stat().st_mode | 0o055)
        say("starting the embedded PostgreSQL")
        res = self._pg_ctl("-l", self.log, "-w", "-t", "60", "start", check=False)
        if res.returncode:
            tail = self.log.read_text()[-2000:] if self.log.exists() else res.stderr
            raise SetupError(f"the embedded PostgreSQL did not start:\n{tail}")
        return self.settings()

    def stop(self):
        if self.running():
            say("stopping the embedded PostgreSQL")
            self._pg_ctl("-m", "fast", "-w", "stop")


def ensure_postgres():
    pg = configured_pg()
    if pg:
        check_pg(pg, "PG* variables / config/odoo.conf")
        return pg
    pg = Embedded().start()
    check_pg(pg, "embedded cluster")
    return pg


# --------------------------------------------------------------------------------------------
# Odoo configuration and databases
# --------------------------------------------------------------------------------------------
def our_addons():
    """The suite's installable addons (base alone while there are none)."""
    found = []
    for path in sorted(ADDONS.iterdir()):
        manifest = path / "__manifest__.py"
        if manifest.exists() and not re.search(r"""["']installable["']\s*:\s*False""", manifest.read_text()):
            found.append(path.name)
    return found or ["base"]


def addons_hash():
    h = hashlib.sha256()
    for p in sorted(ADDONS.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(ADDONS)).encode())
            h.update(p.read_bytes())
    h.update((ROOT / "requirements.txt").read_bytes())
    return h.hexdigest()


def http_port():
    return int(os.environ.get("ODOO_HTTP_PORT") or user_conf().get("http_port") or 8069)


def queue_job_section():
    """The [queue_job] section of config/odoo.conf, or the channels of the long jobs (one per kind)."""
    conf = configparser.ConfigParser(interpolation=None)
    if USER_CONF.exists():
        conf.read(USER_CONF)
    if conf.has_section("queue_job") and conf["queue_job"].get("channels"):
        return dict(conf["queue_job"])
    return {"channels": QUEUE_JOB_CHANNELS}


# The test servers: no cron thread, no worker. The suite's tests call the XML-RPC endpoints on
# purpose (integrations still use them); Odoo 19 logs a deprecation warning at every such call,
# addressed to the client: muted as Odoo's message suggests, so that the log shows real warnings.
TEST_CONF = {
    "max_cron_threads": 0,
    "workers": 0,
    "log_handler": ":INFO,odoo.addons.rpc.controllers.xmlrpc:ERROR",
}


def test_conf_name():
    """odoo-test.conf, or odoo-test-<port>.conf when ODOO_HTTP_PORT is set: test runs side by side
    (CI runs the suite's tests beside Odoo's) each read their own port."""
    port = os.environ.get("ODOO_HTTP_PORT")
    return f"odoo-test-{port}.conf" if port else "odoo-test.conf"


def write_conf(tree, pg, name, sections=None, **extra):
    """An Odoo configuration file in .run/: the user's config/odoo.conf, then what the scripts need
    (and extra sections, e.g. [queue_job])."""
    conf = configparser.ConfigParser(interpolation=None)
    conf["options"] = {}
    opts = conf["options"]
    for key, value in user_conf().items():
        if key not in ("addons_path", "data_dir"):
            opts[key] = value
    opts.update(
        {
            "addons_path": ",".join(str(p) for p in (ADDONS, tree / "addons", tree / "odoo" / "addons")),
            "data_dir": str(RUN / "data"),
            "db_host": str(pg["host"] or ""),
            "db_port": str(pg["port"] or 5432),
            "db_user": pg["user"],
            "db_password": pg.get("password") or "",
            "http_interface": "127.0.0.1",
            "http_port": str(http_port()),
            "admin_passwd": admin_password(),
            "list_db": "False",
            "log_level": "info",
        }
    )
    opts.update({k: str(v) for k, v in extra.items()})
    for section, values in (sections or {}).items():
        conf[section] = values
    path = RUN / name
    with open(path, "w") as f:
        conf.write(f)
    return path


def admin_password():
    """The database manager's master password: random, kept in .run/ (never 'admin')."""
    path = RUN / "master-password"
    if not path.exists():
        path.write_text(hashlib.sha256(os.urandom(32)).hexdigest()[:24])
        path.chmod(0o600)
    return path.read_text().strip()


def db_exists(pg, db):
    return psql(pg, f"SELECT 1 FROM pg_database WHERE datname = '{db}'").stdout.strip() == "1"


def db_stamp(pg, db):
    """The addons hash a database was built from (kept in a PostgreSQL comment on it)."""
    res = psql(pg, f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{db}'", check=False)
    return res.stdout.strip()


def drop_db(pg, db):
    psql(
        pg, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid()"
    )
    psql(pg, f'DROP DATABASE IF EXISTS "{db}"')


def odoo_bin(tree):
    return [VPY, tree / "odoo-bin"]


def install_db(tree, pg, conf, db, modules, demo=True):
    """Create db with the given modules (and zh_CN); the log goes to .run/logs/install-<db>.log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"install-{db}.log"
    log.unlink(missing_ok=True)  # Odoo appends: a log of an earlier install would be checked again
    say(f"installing {', '.join(modules)} into database {db} (log: {log.relative_to(ROOT)})")
    t0 = time.time()
    cmd = [
        *odoo_bin(tree),
        "-c",
        conf,
        "-d",
        db,
        "-i",
        ",".join(modules),
        "--load-language",
        "en_US,zh_CN",
        "--stop-after-init",
        "--max-cron-threads",
        "0",
        "--logfile",
        log,
        "--log-level",
        "info",
    ]
    if demo:
        cmd.append("--with-demo")
    res = sh(cmd, check=False)
    if res.returncode:
        tail = "".join(log.read_text().splitlines(True)[-40:]) if log.exists() else ""
        raise SetupError(f"installing the suite into {db} failed (see {log}):\n{tail}")
    say(f"database {db} ready in {time.time() - t0:.0f} s")
    return log


def ensure_template(tree, pg):
    """suite_tmpl: the whole suite installed with demo data; rebuilt when an addon changes."""
    conf = write_conf(tree, pg, test_conf_name(), **TEST_CONF)
    stamp = addons_hash()
    if db_exists(pg, TEMPLATE_DB) and db_stamp(pg, TEMPLATE_DB) == stamp:
        return conf
    drop_db(pg, TEMPLATE_DB)
    try:
        install_db(tree, pg, conf, TEMPLATE_DB, our_addons())
    except SetupError:
        drop_db(pg, TEMPLATE_DB)
        raise
    psql(pg, f"COMMENT ON DATABASE \"{TEMPLATE_DB}\" IS '{stamp}'")
    return conf


def clone_db(pg, source, target):
    """A copy of a database and its filestore (PostgreSQL's CREATE DATABASE ... TEMPLATE)."""
    drop_db(pg, target)
    for attempt in range(10):
        # CI copies suite_tmpl for two test steps side by side: PostgreSQL refuses a copy while
        # another session is connected to the source (e.g. the other step's log check reading it)
        res = psql(pg, f'CREATE DATABASE "{target}" TEMPLATE "{source}"', check=False)
        if not res.returncode:
            break
        if "being accessed by other users" not in res.stderr or attempt == 9:
            raise SetupError(res.stderr.strip())
        time.sleep(3)
    filestore = RUN / "data" / "filestore"
    if (filestore / source).exists():
        shutil.rmtree(filestore / target, ignore_errors=True)
        shutil.copytree(filestore / source, filestore / target)


def setup():
    ensure_system_packages()
    tree = ensure_odoo_tree()
    ensure_venv(tree)
    RUN.mkdir(exist_ok=True)
    pg = ensure_postgres()
    return tree, pg


# --------------------------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------------------------
def answers_login(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=5) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def pid_alive(pidfile):
    try:
        pid = int(pidfile.read_text())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def cmd_run(args):
    pidfile = RUN / "odoo.pid"
    if args.stop:
        pid = pid_alive(pidfile)
        if pid:
            say(f"stopping Odoo (pid {pid})")
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if not pid_alive(pidfile):
                    break
                time.sleep(0.2)
            else:
                os.kill(pid, signal.SIGKILL)
        pidfile.unlink(missing_ok=True)
        embedded = Embedded()
        if not configured_pg() and embedded.running():
            others = psql(
                embedded.settings(),
                "SELECT string_agg(DISTINCT datname, ', ') FROM pg_stat_activity "
                f"WHERE backend_type = 'client backend' AND datname NOT IN ('{RUN_DB}', 'postgres') "
                "AND pid <> pg_backend_pid()",
            ).stdout.strip()
            if others:
                say(f"the embedded PostgreSQL stays up: other programs use it ({others})")
            else:
                embedded.stop()
        say("stopped")
        return 0
    port = http_port()
    if pid_alive(pidfile) and answers_login(port):
        say(f"already running: http://127.0.0.1:{port}/web/login  (login admin / password admin)")
        return 0
    if not port_free(port):
        raise SetupError(
            f"port {port} on 127.0.0.1 is already taken by another program; stop it or "
            f"choose another port: ODOO_HTTP_PORT=8070 ./scripts/run"
        )
    tree, pg = setup()
    # OCA queue_job's job runner runs the long jobs (matching fan-out, RFM refresh, campaign sends)
    conf = write_conf(
        tree,
        pg,
        "odoo.conf",
        sections={"queue_job": queue_job_section()},
        max_cron_threads=1,
        dbfilter=f"^{RUN_DB}$",
        server_wide_modules="base,web,queue_job",
    )
    stamp = addons_hash()
    if not db_exists(pg, RUN_DB):
        install_db(tree, pg, conf, RUN_DB, our_addons())
        psql(pg, f"COMMENT ON DATABASE \"{RUN_DB}\" IS '{stamp}'")
    elif db_stamp(pg, RUN_DB) != stamp:
        say("addons changed since the last run: updating them")
        LOGS.mkdir(exist_ok=True)
        mods = our_addons()
        installed = psql(pg, "SELECT name FROM ir_module_module WHERE state = 'installed'", db=RUN_DB).stdout.split()
        new = [m for m in mods if m not in installed]
        cmd = [
            *odoo_bin(tree),
            "-c",
            conf,
            "-d",
            RUN_DB,
            "-u",
            ",".join(m for m in mods if m in installed),
            "--stop-after-init",
            "--logfile",
            LOGS / "update.log",
        ]
        if new:
            cmd += ["-i", ",".join(new)]
        sh(cmd)
        psql(pg, f"COMMENT ON DATABASE \"{RUN_DB}\" IS '{stamp}'")
    log = LOGS / "odoo.log"
    say(f"starting Odoo on http://127.0.0.1:{port} (log: {log.relative_to(ROOT)})")
    subprocess.Popen(
        [*map(str, odoo_bin(tree)), "-c", str(conf), "-d", RUN_DB, "--pidfile", str(pidfile), "--logfile", str(log)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while not answers_login(port):
        if time.time() > deadline:
            raise SetupError(f"Odoo did not answer on port {port} within 120 s; see {log}")
        if not pid_alive(pidfile) and time.time() > deadline - 110:
            raise SetupError(f"Odoo stopped while starting; see {log}")
        time.sleep(0.5)
    print()
    print(f"  Odoo 19 suite: http://127.0.0.1:{port}/web/login")
    print("  login: admin    password: admin")
    print("  stop:  ./scripts/run --stop")
    return 0


def odoo_test_paths(tree, modules, selection=None):
    """The test files of Odoo's and OCA's modules named in scripts/odoo_tests.py ODOO_TESTS (or of
    `modules`), or of `selection` ({module: files}, the same form)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from odoo_tests import ODOO_TESTS

    if selection is not None:
        ODOO_TESTS = selection
    unknown = [m for m in modules if m not in ODOO_TESTS]
    if unknown:
        raise SetupError(f"not in scripts/odoo_tests.py ODOO_TESTS: {', '.join(unknown)}")
    roots = [tree / "addons", *sorted(VENV.glob("lib/python3*/site-packages/odoo/addons"))]
    paths = []
    for module in modules or ODOO_TESTS:
        folder = next((r / module / "tests" for r in roots if (r / module / "tests").is_dir()), None)
        if folder is None:
            raise SetupError(f"no tests folder for {module} in {', '.join(map(str, roots))}")
        files = ODOO_TESTS[module]
        if isinstance(files, tuple):  # ("*", names left out): every test file but those
            files = sorted(p.name for p in folder.glob("test_*.py") if p.name not in files[1])
        paths += [folder / f for f in files] if files else [folder]
    return paths


def cmd_test(args):
    if args.alone:
        return cmd_alone(args)
    if args.odoo_tests:
        return cmd_odoo_tests(args)
    tree, pg = setup()
    conf = ensure_template(tree, pg)
    clone_db(pg, TEMPLATE_DB, TEST_DB)
    env = dict(
        os.environ,
        SUITE_ODOO_TREE=str(tree),
        SUITE_ODOO_CONF=str(conf),
        SUITE_TEMPLATE_DB=TEMPLATE_DB,
        SUITE_INSTALL_LOG=str(LOGS / f"install-{TEMPLATE_DB}.log"),
        SUITE_TEST_LOG=str(LOGS / f"test-{TEST_DB}.log"),
    )
    env.pop("PGDATABASE", None)
    (LOGS / f"test-{TEST_DB}.log").write_text("")
    paths = args.paths or ["addons", "tests"]
    cmd = [
        VPY,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        f"--odoo-config={conf}",
        f"--odoo-database={TEST_DB}",
        f"--odoo-addons-path={ADDONS},{tree / 'addons'},{tree / 'odoo' / 'addons'}",
        "--odoo-http",
        "--odoo-log-level=warn",
        f"--odoo-extra=logfile={LOGS / f'test-{TEST_DB}.log'}",
        "--ignore=tests/bench",
        "--ignore=tests/load",
        "--durations=25",  # the slowest tests, to keep CI under 40 minutes (docs/DEVELOPING.md)
        *args.pytest_args,
        *paths,
    ]
    res = sh(cmd, check=False, env=env, cwd=ROOT)
    return res.returncode


def cmd_odoo_tests(args):
    """Odoo's and OCA's own tests of the modules the suite extends, on a copy of suite_tmpl of
    their own (suite_odoo_test): they never share state with the suite's tests."""
    tree, pg = setup()
    conf = ensure_template(tree, pg)
    clone_db(pg, TEMPLATE_DB, ODOO_TEST_DB)
    paths = odoo_test_paths(tree, args.paths)
    log = LOGS / f"test-{ODOO_TEST_DB}.log"
    log.write_text("")
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")])),
        SUITE_ODOO_TESTS_WHOLE="1",  # odoo_tests.SUITE_DESELECT applies (the whole suite, with its till)
    )
    env.pop("PGDATABASE", None)
    cmd = [
        VPY,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "odoo_tests",
        "-c",
        ROOT / "pytest.ini",
        "--rootdir",
        ROOT,
        f"--odoo-config={conf}",
        f"--odoo-database={ODOO_TEST_DB}",
        f"--odoo-addons-path={ADDONS},{tree / 'addons'},{tree / 'odoo' / 'addons'}",
        "--odoo-http",
        "--odoo-log-level=warn",
        f"--odoo-extra=logfile={log}",
        "--durations=25",
        *args.pytest_args,
        *paths,
    ]
    return sh(cmd, check=False, env=env, cwd=ROOT).returncode


# --------------------------------------------------------------------------------------------
# each addon alone (./scripts/test --alone)
# --------------------------------------------------------------------------------------------
ALONE_DB_PREFIX = os.environ.get("SUITE_ALONE_DB_PREFIX") or "alone_"
ODOO_RESULT = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
POST_TESTS = re.compile(r"(\d+) post-tests in ([\d.]+)s")
# pytest's closing line, with or without its "=" frame (-q drops it)
PYTEST_SUMMARY = re.compile(r"^(=+ )?\d+ (passed|failed|errors?|skipped|deselected)\b.* in [\d.]+s|^=+ no tests ran")
TEST_FAILURE = re.compile(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) \S+ (\S+): (FAIL|ERROR): (.*)$", re.MULTILINE)


def manifest_depends(tree):
    """{module: its depends} for every module of the addons paths (ours, Odoo's, OCA's wheels)."""
    roots = [ADDONS, tree / "addons", tree / "odoo" / "addons", *VENV.glob("lib/python3*/site-packages/odoo/addons")]
    found = {}
    for root in roots:
        for manifest in root.glob("*/__manifest__.py"):
            if manifest.parent.name not in found:
                try:
                    found[manifest.parent.name] = ast.literal_eval(manifest.read_text()).get("depends", [])
                except (ValueError, SyntaxError):
                    found[manifest.parent.name] = []
    return found


def closure(module, depends):
    """The module and every module it pulls in (what installing it alone installs)."""
    seen, todo = set(), [module]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(depends.get(m, []))
    return seen


def alone_problems(conf, db, log):
    """WARNING/ERROR/CRITICAL lines of the log from our addons, as tests/test_install_log.py tells
    them (the addons' names and the models they create; a constraint refusing a write on purpose is
    not a problem). Run by the virtualenv's Python: it reads the database with psycopg2."""
    code = (
        "import os, sys; sys.path.insert(0, 'tests'); import test_install_log as t; "
        "text = open(sys.argv[1], errors='replace').read(); "
        "print('\\n'.join(t.our_problems(text, t.our_markers(), allow_refused_queries=True)))"
    )
    env = dict(os.environ, SUITE_ODOO_CONF=str(conf), SUITE_TEMPLATE_DB=db)
    res = subprocess.run(
        [str(VPY), "-c", code, str(log)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if res.returncode:
        return [f"(the log check itself failed: {res.stderr.strip().splitlines()[-1:]})"]
    return [line for line in res.stdout.splitlines() if line.strip()]


def run_alone_odoo_tests(tree, conf, addon, db, port=None):
    """Odoo's and OCA's tests of what `addon` overrides (scripts/odoo_tests.py ALONE_ODOO_TESTS) on
    its database alone, with pytest-odoo (at_install tests included, DESELECT applied); None when
    the addon has no selection. Output in .run/logs/alone-<db>-odoo-tests.txt."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from odoo_tests import ALONE_ODOO_TESTS

    selection = ALONE_ODOO_TESTS.get(addon)
    if not selection:
        return None
    paths = odoo_test_paths(tree, list(selection), selection)
    out = LOGS / f"alone-{db}-odoo-tests.txt"
    log = LOGS / f"alone-{db}-odoo-tests.log"
    log.write_text("")
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")]))
    )
    env.pop("PGDATABASE", None)
    if port:
        env["ODOO_HTTP_PORT"] = str(port)  # Odoo 19 reads ODOO_<OPTION> over the configuration file
    cmd = [
        VPY,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "odoo_tests",
        "-c",
        ROOT / "pytest.ini",
        "--rootdir",
        ROOT,
        f"--odoo-config={conf}",
        f"--odoo-database={db}",
        f"--odoo-addons-path={ADDONS},{tree / 'addons'},{tree / 'odoo' / 'addons'}",
        "--odoo-http",
        "--odoo-log-level=warn",
        f"--odoo-extra=logfile={log}",
        "-q",
        "-rfE",
        # no browser tours: they run on the suite (--odoo-tests); here a request held up by a busy
        # machine would fail them (the test cursor's 20 s lock), not the line
        "-k",
        "not tour",
        *paths,
    ]
    say(
        f"{addon}: Odoo's and OCA's tests of what it overrides ({', '.join(selection)}), output {out.relative_to(ROOT)}"
    )
    t0 = time.time()
    with open(out, "w") as f:
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    text = out.read_text(errors="replace")
    found = [line.strip("= ") for line in text.splitlines() if PYTEST_SUMMARY.match(line)]
    summary = found[-1] if found else "no pytest summary"

    def num(word):
        m = re.search(rf"(\d+) {word}\b", summary)
        return int(m.group(1)) if m else 0

    return {
        "ok": rc == 0,
        "seconds": time.time() - t0,
        "cpu": usage.ru_utime + usage.ru_stime,
        "summary": summary,
        "passed": num("passed"),
        "failed": num("failed") + num("errors?"),
        "failures": [f"Odoo/OCA test {line}" for line in text.splitlines() if re.match(r"^(FAILED|ERROR) \S*::", line)],
        "out": out,
    }


def run_alone(tree, pg, addon, db, port, keep, odoo_tests=False):
    """A fresh database with only `addon` (its dependencies and demo data), installed by Odoo's own
    runner with its own tests (and, with `odoo_tests`, Odoo's and OCA's tests of what it overrides);
    returns a result dict."""
    conf = write_conf(tree, pg, f"odoo-alone-{port}.conf", http_port=port, **TEST_CONF)
    log = LOGS / f"alone-{db}.log"
    log.unlink(missing_ok=True)
    drop_db(pg, db)
    shutil.rmtree(RUN / "data" / "filestore" / db, ignore_errors=True)
    if not port_free(port):
        return {"addon": addon, "db": db, "ok": False, "log": log, "seconds": 0, "why": f"port {port} is taken"}
    say(f"{addon}: installing alone into {db} (port {port}, log {log.relative_to(ROOT)})")
    cmd = [
        *odoo_bin(tree),
        "-c",
        conf,
        "-d",
        db,
        "-i",
        addon,
        "--with-demo",
        "--test-enable",
        "--test-tags",
        f"/{addon}",
        "--stop-after-init",
        "--max-cron-threads",
        "0",
        "--logfile",
        log,
        "--log-level",
        "info",
    ]
    t0 = time.time()
    # waited for with wait4: the CPU time of this install alone (a shared machine stretches the
    # wall time; the CPU time tells what it costs on a machine of its own)
    # Odoo 19 takes ODOO_<OPTION> environment variables over the configuration file: an
    # ODOO_HTTP_PORT of the caller would put two installs side by side on one port
    env = dict(os.environ, ODOO_HTTP_PORT=str(port))
    proc = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = rc = os.waitstatus_to_exitcode(status)
    seconds = time.time() - t0
    text = log.read_text(errors="replace") if log.exists() else ""
    result = {"addon": addon, "db": db, "log": log, "seconds": seconds, "rc": rc}
    result["cpu"] = usage.ru_utime + usage.ru_stime
    m = ODOO_RESULT.search(text)
    result["failed"], result["errors"], result["tests"] = map(int, m.groups()) if m else (None, None, None)
    m = POST_TESTS.search(text)
    result["post_seconds"] = float(m.group(2)) if m else None
    result["failures"] = [f"{kind}: {what}" for _, kind, what in TEST_FAILURE.findall(text)]
    result["problems"] = alone_problems(conf, db, log) if db_exists(pg, db) else []
    if odoo_tests and result["tests"] is not None and db_exists(pg, db):
        result["odoo"] = odoo = run_alone_odoo_tests(tree, conf, addon, db, port)
        if odoo:
            result["failures"] += odoo["failures"]
    why = []
    if rc:
        why.append(f"odoo-bin exit {rc}")
    if result["tests"] is None:
        why.append("no test report in the log (the install failed?)")
    if result["failed"] or result["errors"]:
        why.append(f"{result['failed']} failed, {result['errors']} error(s)")
    if result["problems"]:
        why.append(f"{len(result['problems'])} WARNING/ERROR line(s) from our addons")
    if result.get("odoo") and not result["odoo"]["ok"]:
        why.append(f"Odoo/OCA tests beside it: {result['odoo']['summary']}")
    result["ok"] = not why
    result["why"] = "; ".join(why)
    if result["ok"] and not keep:
        drop_db(pg, db)
        shutil.rmtree(RUN / "data" / "filestore" / db, ignore_errors=True)
    return result


def alone_line(r):
    """One summary line of an addon alone."""
    if r.get("tests") is None:
        counts = "no test report"
    else:
        counts = f"{r['tests']} tests, {r['failed']} failed, {r['errors']} error(s)"
    post = f" (post-install tests {r['post_seconds']:.0f} s)" if r.get("post_seconds") is not None else ""
    clean = "" if r.get("problems") is None else f", {len(r.get('problems') or [])} log problem(s)"
    verdict = "OK" if r["ok"] else f"FAILED: {r['why']}"
    cpu = f", Odoo's CPU {r['cpu']:.0f} s" if r.get("cpu") else ""
    odoo = r.get("odoo")
    beside = (
        f"; beside it {odoo['passed']} Odoo/OCA tests passed, {odoo['failed']} failed "
        f"({odoo['seconds']:.0f} s, CPU {odoo['cpu']:.0f} s)"
        if odoo
        else ""
    )
    return (
        f"{r['addon']:<22} installed + tested in {r['seconds']:4.0f} s{post}{cpu}; {counts}{clean}{beside} — {verdict}"
    )


def cmd_alone(args):
    """Each addon alone: a fresh database with only it and its demo data, Odoo's own runner with its
    own tests (--test-tags /<addon>), no extra language; then a clean log. Two at a time."""
    tree, pg = setup()
    addons = args.paths or our_addons()
    unknown = [a for a in addons if not (ADDONS / a / "__manifest__.py").exists()]
    if unknown:
        raise SetupError(f"not addons of addons/: {', '.join(unknown)}")
    depends = manifest_depends(tree)
    # the biggest first: two lanes then end close together
    addons = sorted(addons, key=lambda a: -len(closure(a, depends)))
    jobs = max(1, min(args.jobs, len(addons)))  # one addon needs one port
    if args.ports:
        ports = [int(p) for p in args.ports.split(",")]
    else:
        ports, candidate = [], http_port()
        while len(ports) < jobs and candidate < http_port() + 100:
            if port_free(candidate):
                ports.append(candidate)
            candidate += 1
    if len(ports) < jobs:
        raise SetupError(f"{jobs} parallel installs need {jobs} HTTP ports; --ports gives {len(ports)}")
    free_ports = list(ports[:jobs])
    lock = threading.Lock()

    def one(addon):
        with lock:
            port = free_ports.pop()
        try:
            r = run_alone(tree, pg, addon, f"{args.db_prefix}{addon}", port, args.keep, args.odoo_tests)
        finally:
            with lock:
                free_ports.append(port)
        r["modules"] = len(closure(addon, depends))
        say("alone: " + alone_line(r))
        return r

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, addons))
    print()
    for r in results:
        print(f"[alone] {alone_line(r)}")
        for line in (r["failures"] + r["problems"])[:20]:
            print(f"[alone]     {line}")
        if not r["ok"]:
            print(f"[alone]     log: {r['log'].relative_to(ROOT)}; database {r['db']} kept")
    bad = [r["addon"] for r in results if not r["ok"]]
    print(
        f"[alone] {len(results) - len(bad)} of {len(results)} addons pass alone in {time.time() - t0:.0f} s"
        + (f"; failing: {', '.join(bad)}" if bad else "")
    )
    return 1 if bad else 0


def cmd_template(args):
    """Only build suite_tmpl (CI builds it once before running test steps side by side)."""
    tree, pg = setup()
    ensure_template(tree, pg)
    say(f"{TEMPLATE_DB} is up to date")
    return 0


def cmd_dev(args):
    """The developer's loop on one addon: a database dev_<addon> with it installed, and its tests."""
    tree, pg = setup()
    # one configuration file per HTTP port, so that developers testing side by side
    # (ODOO_HTTP_PORT=8071 ./scripts/dev test ...) never read each other's port
    conf = write_conf(tree, pg, test_conf_name(), **TEST_CONF)
    db = args.db or f"dev_{args.addon}"
    addons_path = f"{ADDONS},{tree / 'addons'},{tree / 'odoo' / 'addons'}"
    if args.action == "install":
        drop_db(pg, db)
        shutil.rmtree(RUN / "data" / "filestore" / db, ignore_errors=True)
        install_db(tree, pg, conf, db, [args.addon], demo=not args.no_demo)
        return 0
    if args.action == "update":
        log = LOGS / f"update-{db}.log"
        res = sh(
            [*odoo_bin(tree), "-c", conf, "-d", db, "-u", args.addon, "--stop-after-init", "--logfile", log],
            check=False,
        )
        for line in log.read_text().splitlines():
            if " WARNING " in line or " ERROR " in line or " CRITICAL " in line:
                print(line)
        return res.returncode
    path = ADDONS / args.addon if (ADDONS / args.addon).exists() else Path(args.addon)
    cmd = [
        VPY,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        f"--odoo-config={conf}",
        f"--odoo-database={db}",
        f"--odoo-addons-path={addons_path}",
        "--odoo-http",
        *args.rest,
        path,
    ]
    return sh(cmd, check=False, cwd=ROOT).returncode


def cmd_setup(args):
    tree, pg = setup()
    write_conf(tree, pg, "odoo.conf")
    say(f"Odoo {ODOO_SERIES} from {tree}; venv {VENV}; PostgreSQL at {pg['host'] or 'localhost'}")
    return 0


def cmd_env(args):
    """Print shell exports for tools (benchmarks, e2e) that need the same set-up."""
    tree, pg = setup()
    conf = write_conf(tree, pg, "odoo-test.conf", **TEST_CONF)
    for k, v in {"SUITE_ODOO_TREE": tree, "SUITE_ODOO_CONF": conf, "SUITE_VENV_PYTHON": VPY}.items():
        print(f"export {k}={shlex.quote(str(v))}")
    return 0


def main():
    parser = argparse.ArgumentParser(prog="suite")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run", help="set up and serve Odoo with the suite")
    p.add_argument("--stop", action="store_true", help="stop Odoo and the embedded PostgreSQL")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("test", help="set up and run the test suite")
    p.add_argument("paths", nargs="*", help="pytest paths; with --odoo-tests: module names (default all)")
    p.add_argument(
        "--odoo-tests",
        action="store_true",
        help="run Odoo's and OCA's own tests of the modules the suite extends (scripts/odoo_tests.py); "
        "with --alone: after each addon alone, Odoo's and OCA's tests of what it overrides "
        "(scripts/odoo_tests.py ALONE_ODOO_TESTS) on its database",
    )
    p.add_argument(
        "--alone",
        action="store_true",
        help="each addon (or the addons named) alone: a fresh database with it and its demo data, "
        "installed by Odoo's runner with its own tests (--test-tags /<addon>), then a clean log",
    )
    p.add_argument("--jobs", type=int, default=2, help="with --alone: installs side by side (default 2)")
    p.add_argument("--ports", help="with --alone: HTTP ports, one per job (default: free ports from ODOO_HTTP_PORT)")
    p.add_argument(
        "--db-prefix",
        default=ALONE_DB_PREFIX,
        help=f"with --alone: database <prefix><addon> (default {ALONE_DB_PREFIX})",
    )
    p.add_argument("--keep", action="store_true", help="with --alone: keep the databases that pass too")
    p.add_argument("--pytest-args", dest="pytest_args", nargs=argparse.REMAINDER, default=[])
    p.set_defaults(func=cmd_test)
    sub.add_parser("setup", help="only set up").set_defaults(func=cmd_setup)
    sub.add_parser("template", help="only build suite_tmpl (the whole suite with demo data)").set_defaults(
        func=cmd_template
    )
    p = sub.add_parser("dev", help="install, update or test one addon in its own database dev_<addon>")
    p.add_argument("action", choices=["install", "update", "test"])
    p.add_argument("addon")
    p.add_argument("--db", help="database name (default dev_<addon>)")
    p.add_argument("--no-demo", action="store_true")
    p.set_defaults(rest=[])
    p.set_defaults(func=cmd_dev)
    sub.add_parser("env", help="print exports for tools").set_defaults(func=cmd_env)
    args, extra = parser.parse_known_args()
    if extra and args.cmd == "dev" and args.action == "test":
        args.rest = extra  # extra pytest arguments, e.g. -k name
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except SetupError as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
