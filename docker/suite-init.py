#!/usr/bin/env python3
"""The one-shot init of the Docker route (the compose service `init`, run before the server).

Creates the database with the suite, or upgrades it, then exits; the server starts only after it
succeeded, so that Odoo (and queue_job's runner, which finds databases when it starts) sees a
database that is complete, and no install runs beside a live server and its crons.

    ODOO_DB           the database (default: suite)
    ODOO_MODULES      the addons a fresh database gets (default: the five lines); a name missing
                      from an existing database is installed, the others upgraded (-u)
    ODOO_UPDATE       what to upgrade on an existing database instead (e.g. `all` after a new
                      Odoo image); `none` upgrades nothing
    ODOO_WITH_DEMO    1: demo data (only when asked; never for a real business)
    ODOO_LANGUAGES    languages loaded beside English (default: zh_CN)

The database connection is the one the official image gives Odoo (HOST, PORT, USER and the
password the suite's entrypoint reads from the Docker secret). SUITE_OFFICIAL_ENTRYPOINT names
another program than the image's /entrypoint.sh to run Odoo with (tests/e2e/test_proxy.py).
"""

import os
import sys
import time

import psycopg2

SUITE = "customer_core,artwork_provenance,collector_crm,studio_booking,member_loyalty"


def connect(dbname):
    return psycopg2.connect(
        host=os.environ.get("HOST", "db"),
        port=os.environ.get("PORT", "5432"),
        user=os.environ.get("USER", "odoo"),
        password=os.environ["PASSWORD"],
        dbname=dbname,
        connect_timeout=5,
    )


def installed_modules(db):
    """The installed modules of db; None when it does not exist or has no Odoo in it yet."""
    for attempt in range(30):
        try:
            conn = connect("postgres")
            break
        except psycopg2.OperationalError as exc:
            if attempt == 29:
                raise SystemExit(f"suite-init: PostgreSQL does not answer: {exc}") from exc
            time.sleep(2)
    with conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        exists = cr.fetchone()
    conn.close()
    if not exists:
        return None
    conn = connect(db)
    try:
        with conn, conn.cursor() as cr:
            cr.execute("SELECT to_regclass('ir_module_module')")
            if cr.fetchone()[0] is None:
                return None
            cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
            names = {row[0] for row in cr.fetchall()}
    finally:
        conn.close()
    return names if "base" in names else None


def main():
    db = os.environ.get("ODOO_DB", "suite")
    wanted = [m.strip() for m in os.environ.get("ODOO_MODULES", SUITE).split(",") if m.strip()]
    installed = installed_modules(db)
    args = ["odoo", "-d", db, "--no-http", "--stop-after-init", "--workers=0", "--max-cron-threads=0"]
    if installed is None:
        print(f"suite-init: creating database {db} with {', '.join(wanted)}", flush=True)
        args += ["-i", ",".join(wanted)]
        if os.environ.get("ODOO_WITH_DEMO") == "1":
            args.append("--with-demo")
    else:
        new = [m for m in wanted if m not in installed]
        update = os.environ.get("ODOO_UPDATE") or ",".join(m for m in wanted if m in installed)
        if new:
            args += ["-i", ",".join(new)]
        if update and update != "none":
            args += ["-u", update]
        print(f"suite-init: database {db}: install {new or 'nothing'}, upgrade {update or 'nothing'}", flush=True)
    languages = os.environ.get("ODOO_LANGUAGES", "zh_CN")
    if languages:
        args += ["--load-language", languages]
    # the official entrypoint adds the connection arguments and waits for PostgreSQL
    entrypoint = os.environ.get("SUITE_OFFICIAL_ENTRYPOINT", "/entrypoint.sh")
    os.execv(entrypoint, [entrypoint, *args])


if __name__ == "__main__":
    sys.exit(main())
