"""Backup and restore of one database with its filestore, in one archive, checked.

The archive is Odoo's own backup format (`odoo-bin db dump`: a zip with dump.sql, filestore/ and
manifest.json) plus `suite-check.json`: the exact row count of every table and the checksum of
every stored attachment. A restore (`odoo-bin db load`) into a new database is then compared with
it: same row counts, every attachment file present and hashing to its checksum.

Run through ./scripts/backup and ./scripts/restore (they set SUITE_ODOO_TREE / SUITE_ODOO_CONF).
"""

import argparse
import configparser
import hashlib
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psycopg2
from psycopg2 import sql

TREE = Path(os.environ["SUITE_ODOO_TREE"])
CONF = Path(os.environ["SUITE_ODOO_CONF"])
OPTIONS = configparser.ConfigParser(interpolation=None)
OPTIONS.read(CONF)
OPTIONS = OPTIONS["options"]
CHECK_NAME = "suite-check.json"


def connect(db):
    return psycopg2.connect(
        dbname=db,
        host=OPTIONS.get("db_host") or None,
        port=OPTIONS.get("db_port") or None,
        user=OPTIONS.get("db_user") or None,
        password=OPTIONS.get("db_password") or None,
    )


def filestore(db):
    return Path(OPTIONS["data_dir"]) / "filestore" / db


def snapshot(db):
    """Exact row counts per table and stored attachments' checksums of a database."""
    with connect(db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [r[0] for r in cr.fetchall()]
        counts = {}
        for table in tables:
            cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cr.fetchone()[0]
        cr.execute(
            "SELECT store_fname, checksum FROM ir_attachment"
            " WHERE store_fname IS NOT NULL AND checksum IS NOT NULL ORDER BY store_fname"
        )
        attachments = dict(cr.fetchall())
    conn.close()
    return {"database": db, "tables": counts, "attachments": attachments}


def odoo(*args):
    cmd = [sys.executable, str(TREE / "odoo-bin"), "db", "-c", str(CONF), *args]
    res = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if res.returncode:
        sys.exit(f"error: {' '.join(args[:2])} failed:\n{res.stderr[-3000:]}")


def backup(db, out):
    out = Path(out or f"backup-{db}-{time.strftime('%Y%m%d-%H%M%S')}.zip").resolve()
    check = snapshot(db)
    odoo("dump", db, str(out))
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr(CHECK_NAME, json.dumps(check, indent=1, sort_keys=True))
    print(
        f"backup of {db}: {out} ({out.stat().st_size // 1024} KiB, {len(check['tables'])} tables, "
        f"{sum(check['tables'].values())} rows, {len(check['attachments'])} stored attachments)"
    )
    return out


def verify(db, check):
    """Differences between a restored database and the check data of its archive."""
    problems = []
    now = snapshot(db)
    for table, count in check["tables"].items():
        if now["tables"].get(table) != count:
            problems.append(f"table {table}: {now['tables'].get(table)} rows, archive has {count}")
    for fname, checksum in check["attachments"].items():
        path = filestore(db) / fname
        if not path.exists():
            problems.append(f"attachment {fname}: missing from the restored filestore")
        elif hashlib.sha1(path.read_bytes()).hexdigest() != checksum:
            problems.append(f"attachment {fname}: checksum differs")
    return problems, now


def restore(archive, db):
    archive = Path(archive).resolve()
    with zipfile.ZipFile(archive) as zf:
        check = json.loads(zf.read(CHECK_NAME)) if CHECK_NAME in zf.namelist() else None
    db = db or f"{check['database'] if check else 'restored'}_restored"
    odoo("load", db, str(archive))
    if check is None:
        print(f"restored {archive} into {db} (no check data in that archive)")
        return 0
    problems, now = verify(db, check)
    if problems:
        print(f"restored into {db}, but it differs from the archive:\n  " + "\n  ".join(problems[:50]))
        return 1
    print(
        f"restored {archive.name} into {db}: {len(now['tables'])} tables and "
        f"{sum(now['tables'].values())} rows as in the archive, "
        f"{len(check['attachments'])} attachments present with their checksums"
    )
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backup")
    b.add_argument("database", nargs="?", default="suite")
    b.add_argument("-o", "--output")
    r = sub.add_parser("restore")
    r.add_argument("archive")
    r.add_argument("database", nargs="?", help="new database (default <original>_restored)")
    args = parser.parse_args()
    if args.cmd == "backup":
        backup(args.database, args.output)
        return 0
    return restore(args.archive, args.database)


if __name__ == "__main__":
    sys.exit(main())
