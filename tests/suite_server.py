"""Start and stop a real Odoo server for end-to-end tests, load tests and benchmarks.

Only loopback: the server binds 127.0.0.1 on free ports; its database is a copy of the suite's
template database, dropped again when the server stops.

As in production (config/odoo.scale.conf.example) the server loads OCA queue_job's job runner as a
server-wide module, with one channel per kind of long job; the runner dispatches the jobs of the
server's database to its HTTP workers as soon as they are enqueued.
"""

import configparser
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent

# queue_job channels of the test server: root capacity 1 keeps one of the two HTTP workers free
# for requests while a job runs; one sub-channel per kind of long job, as in config/odoo.scale.conf.example
QUEUE_JOB_CHANNELS = "root:1,root.collector_matching:1,root.member_loyalty:1,root.member_loyalty.campaign:1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OdooServer:
    def __init__(self, workers=2, template=None, db=None, with_cron=False):
        self.tree = Path(os.environ["SUITE_ODOO_TREE"])
        self.conf_path = Path(os.environ["SUITE_ODOO_CONF"])
        conf = configparser.ConfigParser(interpolation=None)
        conf.read(self.conf_path)
        self.options = conf["options"]
        self.template = template or os.environ["SUITE_TEMPLATE_DB"]
        self.db = db or f"e2e_{uuid.uuid4().hex[:8]}"
        self.workers = workers
        self.with_cron = with_cron
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log = ROOT / ".run" / "logs" / f"server-{self.db}.log"
        self.server_conf = ROOT / ".run" / f"server-{self.db}.conf"

    # database --------------------------------------------------------------------------------
    def pg_connect(self, dbname="postgres"):
        o = self.options
        return psycopg2.connect(
            dbname=dbname,
            host=o.get("db_host") or None,
            port=o.get("db_port") or None,
            user=o.get("db_user") or None,
            password=o.get("db_password") or None,
        )

    def _filestore(self, db):
        return Path(self.options["data_dir"]) / "filestore" / db

    def create_db(self):
        conn = self.pg_connect()
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{self.db}"')
            cr.execute(f'CREATE DATABASE "{self.db}" TEMPLATE "{self.template}"')
        conn.close()
        if self._filestore(self.template).exists():
            shutil.copytree(self._filestore(self.template), self._filestore(self.db), dirs_exist_ok=True)
        # wkhtmltopdf fetches a report's styles and images from report.url (else web.base.url,
        # localhost:8069 in the template): this server's own address, as production's is
        with self.pg_connect(self.db) as conn, conn.cursor() as cr:
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value, create_date, write_date)"
                " VALUES ('report.url', %s, now(), now())"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [self.url],
            )
        conn.close()

    def drop_db(self):
        conn = self.pg_connect()
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [self.db])
            cr.execute(f'DROP DATABASE IF EXISTS "{self.db}"')
        conn.close()
        shutil.rmtree(self._filestore(self.db), ignore_errors=True)

    def api_key(self, login="admin", name="e2e"):
        """A new API key of a user, for the JSON-2 API (stored hashed, as Odoo stores them)."""
        import binascii

        from odoo.addons.base.models.res_users import API_KEY_SIZE, INDEX_SIZE, KEY_CRYPT_CONTEXT

        key = binascii.hexlify(os.urandom(API_KEY_SIZE)).decode()
        with self.pg_connect(self.db) as conn, conn.cursor() as cr:
            cr.execute(
                "INSERT INTO res_users_apikeys (name, user_id, scope, key, index, create_date)"
                " SELECT %s, id, NULL, %s, %s, now() at time zone 'utc' FROM res_users WHERE login = %s",
                [name, KEY_CRYPT_CONTEXT.hash(key), key[:INDEX_SIZE], login],
            )
        conn.close()
        return key

    # server ----------------------------------------------------------------------------------
    def write_conf(self):
        """The suite's test configuration plus the job runner: server-wide queue_job, its channels."""
        conf = configparser.ConfigParser(interpolation=None)
        conf.read(self.conf_path)
        conf["options"]["server_wide_modules"] = "base,web,queue_job"
        conf["queue_job"] = {"channels": QUEUE_JOB_CHANNELS}
        with open(self.server_conf, "w") as f:
            conf.write(f)
        self.server_conf.chmod(0o600)
        return self.server_conf

    def command(self):
        cmd = [
            sys.executable,
            str(self.tree / "odoo-bin"),
            "-c",
            str(self.write_conf()),
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            f"--workers={self.workers}",
            f"--max-cron-threads={1 if self.with_cron else 0}",
            f"--logfile={self.log}",
            "--limit-time-real=600",
            "--limit-time-cpu=300",
            "--limit-memory-soft=4294967296",
            "--limit-memory-hard=6442450944",
            "--db_maxconn=64",
        ]
        return cmd

    def start(self, timeout=180):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.create_db()
        self.proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/login", timeout=5) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer within {timeout} s; see {self.log}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.drop_db()
        self.server_conf.unlink(missing_ok=True)
