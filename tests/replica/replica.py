"""A PostgreSQL streaming replica of the embedded cluster, and the proof that Odoo 19 with workers
and `db_replica_host` sends read-only requests to it and writes to the primary (issue #22).

    eval "$(python3 scripts/suite.py env)"
    SUITE_TEMPLATE_DB=suite_tmpl .venv/bin/python tests/replica/replica.py prove
    .venv/bin/python tests/replica/replica.py start|stop|destroy

The replica: `pg_basebackup -R -X stream` of the embedded cluster (.run/pgdata, run by
scripts/suite.py's `Embedded`), a hot standby on a unix socket of its own (.run/replica/sock, port
5433), streaming from the primary's socket; as the primary, it is run by the unprivileged user
when the scripts run as root. No replication slot (a forgotten slot would keep WAL on the shared
cluster for ever): the replica is rebuilt at each start.

`prove` starts the replica, an Odoo server (workers=4, a copy of the template database) with
`db_replica_host`/`db_replica_port` pointing at it, and holds each kind of request on a lock so
that pg_stat_activity catches it where it runs:
- a read (JSON-2 `search_read`, read-only in Odoo 19) of a table the primary holds in ACCESS
  EXCLUSIVE mode: the lock is replayed on the standby, so the Odoo backend that waits for it, its
  query text carrying the probe, shows in the REPLICA's pg_stat_activity, and in none of the
  primary's backends;
- a write (JSON-2 `write`) of a row the primary holds FOR UPDATE: the Odoo backend that waits,
  its UPDATE carrying the probe, shows in the PRIMARY's pg_stat_activity and not in the replica's;
  once released, the written value is read back from the replica (streamed).
It prints both sides' rows and exits 1 when a request ran on the wrong side.
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import suite

REPLICA_PORT = 5433


class Replica:
    """A hot standby of the embedded cluster, streaming from it over its unix socket."""

    def __init__(self):
        self.primary = suite.Embedded()
        self.base = self.primary.datadir.parent / "replica"
        self.datadir = self.base / "pgdata"
        self.sockdir = self.base / "sock"
        self.log = self.base / "postgresql.log"

    def _run(self, *cmd, check=True):
        res = subprocess.run([*self.primary.prefix, *map(str, cmd)], capture_output=True, text=True, check=False)
        if check and res.returncode:
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{res.stdout}{res.stderr}")
        return res

    def running(self):
        return (self.datadir / "PG_VERSION").exists() and self._run(
            self.primary.bindir / "pg_ctl", "-D", self.datadir, "status", check=False
        ).returncode == 0

    def settings(self):
        return {"host": str(self.sockdir), "port": REPLICA_PORT, "user": suite.EMBEDDED_ROLE}

    def connect(self, dbname="postgres", replica=True):
        where = self.settings() if replica else self.primary.settings()
        conn = psycopg2.connect(dbname=dbname, host=where["host"], port=where["port"], user=where["user"])
        conn.autocommit = True
        return conn

    def start(self):
        if not self.primary.running():
            raise RuntimeError("the embedded PostgreSQL is not running (./scripts/run or ./scripts/test starts it)")
        if self.running():
            return self
        self.destroy()
        self.primary._own(self.base)
        self.primary._own(self.sockdir)
        t0 = time.monotonic()
        primary = self.primary.settings()
        self._run(
            shutil.which("pg_basebackup") or self.primary.bindir / "pg_basebackup",
            "-h", primary["host"], "-p", primary["port"], "-U", primary["user"],
            "-D", self.datadir, "-X", "stream", "-R", "-c", "fast", "--no-sync",
        )  # fmt: skip
        with open(self.datadir / "postgresql.auto.conf", "a") as f:
            f.write(
                "\n# the replica of tests/replica/replica.py: its own socket, a hot standby\n"
                "listen_addresses = ''\n"
                f"port = {REPLICA_PORT}\n"
                f"unix_socket_directories = '{self.sockdir}'\n"
                "hot_standby = on\n"
                "shared_buffers = 256MB\n"
                "max_connections = 200\n"
            )
        self._run(self.primary.bindir / "pg_ctl", "-D", self.datadir, "-l", self.log, "-w", "-t", "120", "start")
        print(f"replica: base backup and start in {time.monotonic() - t0:.0f} s ({self.sockdir}, port {REPLICA_PORT})")
        return self

    def stop(self):
        if self.running():
            self._run(self.primary.bindir / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "stop")

    def destroy(self):
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    def wait_caught_up(self, timeout=300):
        """Wait until the replica has replayed the primary's WAL as of now."""
        with self.connect(replica=False) as conn, conn.cursor() as cr:
            cr.execute("SET synchronous_commit = on; SELECT txid_current(); SELECT pg_current_wal_lsn()")
            target = cr.fetchone()[0]
        conn.close()
        deadline = time.monotonic() + timeout
        with self.connect() as conn, conn.cursor() as cr:
            while True:
                cr.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cr.fetchone()[0]:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the replica did not replay {target} within {timeout} s")
                time.sleep(0.2)
        conn.close()


def replica_server_class():
    from suite_server import OdooServer

    class ReplicaServer(OdooServer):
        """tests/suite_server.OdooServer with db_replica_host/db_replica_port on the replica."""

        def __init__(self, replica, **kw):
            super().__init__(**kw)
            self.replica = replica

        def create_db(self):
            super().create_db()
            self.replica.wait_caught_up()  # the copy exists on the replica before Odoo reads it there

        def write_conf(self):
            import configparser

            path = super().write_conf()
            conf = configparser.ConfigParser(interpolation=None)
            conf.read(path)
            conf["options"]["db_replica_host"] = str(self.replica.sockdir)
            conf["options"]["db_replica_port"] = str(REPLICA_PORT)
            with open(path, "w") as f:
                conf.write(f)
            return path

    return ReplicaServer


ACTIVITY = """
    SELECT pid, application_name, state, wait_event_type, wait_event, left(query, 160)
      FROM pg_stat_activity
     WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


def activity(conn, db, probe=None):
    with conn.cursor() as cr:
        if probe:
            cr.execute(ACTIVITY + " AND query LIKE %s", [db, f"%{probe}%"])
        else:
            cr.execute(ACTIVITY, [db])
        return cr.fetchall()


def catch(replica, db, probe, where, timeout=60):
    """Poll both sides' pg_stat_activity until a backend shows the probe; (replica rows, primary rows)."""
    deadline = time.monotonic() + timeout
    rep, pri = replica.connect(db), replica.connect(db, replica=False)
    try:
        while True:
            on_replica, on_primary = activity(rep, db, probe), activity(pri, db, probe)
            if on_replica or on_primary or time.monotonic() > deadline:
                time.sleep(0.5)  # give the other side the same chance to show it
                return activity(rep, db, probe), activity(pri, db, probe)
            time.sleep(0.1)
    finally:
        rep.close()
        pri.close()


def show(title, rows):
    print(f"  {title}: {len(rows)} backend(s)")
    for pid, app, state, wtype, wevent, query in rows:
        print(f"    pid {pid} {app} {state} waiting on {wtype}/{wevent}: {' '.join(query.split())}")


def in_thread(fn):
    out = {}

    def run():
        try:
            out["result"] = fn()
        except Exception as exc:  # noqa: BLE001 — reported by the caller
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def prove(keep=False):
    from rpc import Json2

    replica = Replica().start()
    server = replica_server_class()(replica, workers=4, template=os.environ.get("SUITE_TEMPLATE_DB", "suite_tmpl"))
    ok = True
    try:
        print(f"Odoo 19, workers=4, db_replica_host={replica.sockdir} port {REPLICA_PORT}, database {server.db}")
        server.start()
        key = server.api_key("admin", name="replica proof")
        replica.wait_caught_up()
        api = Json2(server.url, server.db, key, timeout=180)
        api.call("res.bank", "search_read", domain=[], fields=["name"], limit=1)  # workers warm
        print("pg_stat_activity of the database on each side after one read:")
        with replica.connect(server.db) as rep, replica.connect(server.db, replica=False) as pri:
            show("replica", activity(rep, server.db))
            show("primary", activity(pri, server.db))
        rep.close()
        pri.close()

        # 1. a read-only request, held by a lock the primary takes and the replica replays
        probe = f"replica-probe-{uuid.uuid4().hex[:10]}"
        holder = replica.connect(server.db, replica=False)
        holder.autocommit = False
        with holder.cursor() as cr:
            cr.execute("LOCK TABLE res_bank IN ACCESS EXCLUSIVE MODE")
        replica.wait_caught_up()  # the lock's WAL record is replayed: the standby holds it too
        thread, out = in_thread(
            lambda: api.call("res.bank", "search_read", domain=[("name", "=", probe)], fields=["name"])
        )
        on_replica, on_primary = catch(replica, server.db, probe, "replica")
        holder.rollback()
        holder.close()
        thread.join(180)
        print(f"READ  JSON-2 res.bank/search_read name = {probe!r} (read-only), held by a replayed table lock:")
        show("replica", on_replica)
        show("primary", on_primary)
        read_ok = bool(on_replica) and not on_primary and out.get("result") == []
        print(f"  -> {'the read ran on the replica' if read_ok else 'FAILED'} (answer {out})")
        ok &= read_ok

        # 2. a write, held by a row lock on the primary
        bank_id = api.call("res.bank", "create", vals_list=[{"name": f"replica-bank-{uuid.uuid4().hex[:6]}"}])[0]
        probe = f"primary-probe-{uuid.uuid4().hex[:10]}"
        holder = replica.connect(server.db, replica=False)
        holder.autocommit = False
        with holder.cursor() as cr:
            cr.execute("SELECT id FROM res_bank WHERE id = %s FOR UPDATE", [bank_id])
        thread, out = in_thread(lambda: api.call("res.bank", "write", ids=[bank_id], vals={"name": probe}))
        on_replica, on_primary = catch(replica, server.db, probe, "primary")
        holder.rollback()
        holder.close()
        thread.join(180)
        replica.wait_caught_up()
        with replica.connect(server.db) as rep, rep.cursor() as cr:
            cr.execute("SELECT name, pg_is_in_recovery() FROM res_bank WHERE id = %s", [bank_id])
            streamed = cr.fetchone()
        rep.close()
        print(f"WRITE JSON-2 res.bank/write name = {probe!r}, held by a row lock on the primary:")
        show("replica", on_replica)
        show("primary", on_primary)
        write_ok = bool(on_primary) and not on_replica and out.get("result") is True and streamed == (probe, True)
        print(
            f"  -> {'the write ran on the primary' if write_ok else 'FAILED'} (answer {out}); "
            f"read back from the replica (in recovery): {streamed}"
        )
        ok &= write_ok
    finally:
        server.stop()
        if not keep:
            replica.destroy()
    print("replica routing: " + ("proven" if ok else "NOT proven"))
    return 0 if ok else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["prove", "start", "stop", "destroy"])
    parser.add_argument("--keep", action="store_true", help="prove: leave the replica running")
    args = parser.parse_args(argv)
    if args.action == "prove":
        return prove(keep=args.keep)
    replica = Replica()
    getattr(replica, args.action)()
    return 0


if __name__ == "__main__":
    sys.exit(main())
