"""What every benchmark of tests/bench/ shares: Odoo set-up, the bench database, timing, the table.

A benchmark's run.py starts with::

    import os, sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import benchlib as bl

Importing benchlib puts the Odoo tree of ``SUITE_ODOO_TREE`` on the path and parses
``SUITE_ODOO_CONF`` (both exported by ``./scripts/bench``), so ``import odoo`` works after it.

- ``bl.log(msg)``: a time-stamped progress line.
- ``bl.clone_db(source, target)``: (re)create ``target`` as a copy of the installed database
  ``source``; returns False and keeps it when ``BENCH_KEEP_DB`` is set and it exists already (so
  the generated data is reused between runs).
- ``bl.drop_db(name)``.
- ``bl.rolled_back(db, fn)``: run ``fn(env)`` as superuser in a fresh transaction, roll back;
  returns ``(seconds, result)``.
- ``bl.median(fn, runs)``: median seconds of ``runs`` calls of ``fn()`` (after one warm-up call
  unless ``warmup=False``); returns ``(seconds, last result)``.
- ``bl.Table``: ``table.add(operation, ours_s, baseline_s, baseline="bare SQL", target="")`` then
  ``table.print(title)`` prints operation, ours, baseline, ratio and target in one table.
"""

import os
import statistics
import sys
import time

TREE = os.environ["SUITE_ODOO_TREE"]
CONF = os.environ["SUITE_ODOO_CONF"]
if TREE not in sys.path:
    sys.path.insert(0, TREE)

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tools import config

config.parse_config(["-c", CONF, "--log-level=warn"])
odoo.netsvc.init_logger()


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _admin(sql, params=None):
    with db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(sql, params)
        return cr.fetchall() if cr.description else None


def _kick(name):
    _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )


def drop_db(name):
    _kick(name)
    _admin(f'DROP DATABASE IF EXISTS "{name}"')


def clone_db(source, target):
    """Copy the installed database ``source`` to ``target``; False if kept (BENCH_KEEP_DB)."""
    if os.environ.get("BENCH_KEEP_DB") and _admin("SELECT 1 FROM pg_database WHERE datname = %s", [target]):
        log(f"reusing database {target} (BENCH_KEEP_DB)")
        return False
    if not _admin("SELECT 1 FROM pg_database WHERE datname = %s", [source]):
        raise SystemExit(f"database {source} does not exist: install it first (./scripts/dev install <addon>)")
    drop_db(target)
    _kick(source)
    _admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    log(f"database {target} copied from {source}")
    return True


def registry(db):
    return Registry(db)


def rolled_back(db, fn):
    """fn(env) in its own transaction as superuser, rolled back after; (seconds, result)."""
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        env.invalidate_all()
        t0 = time.perf_counter()
        result = fn(env)
        env.flush_all()
        elapsed = time.perf_counter() - t0
        cr.rollback()
    return elapsed, result


def median(fn, runs=5, warmup=True):
    """Median seconds of ``runs`` calls of fn(); (seconds, last result)."""
    result = fn() if warmup else None
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _fmt(seconds):
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


class Table:
    """The figures a benchmark prints: ours beside the baseline its issue names."""

    def __init__(self):
        self.rows = []

    def add(self, operation, ours, baseline=None, baseline_name="bare SQL", target=""):
        self.rows.append((operation, ours, baseline, baseline_name, target))

    def print(self, title=""):
        head = ("operation", "ours", "baseline", "", "ratio", "target")
        lines = []
        for operation, ours, baseline, name, target in self.rows:
            if baseline and ours:
                ratio = f"{ours / baseline:.2f}x" if ours >= baseline else f"{baseline / ours:.1f}x faster"
            else:
                ratio = "-"
            lines.append((operation, _fmt(ours), _fmt(baseline), name if baseline else "", ratio, target))
        widths = [max(len(str(r[i])) for r in [head, *lines]) for i in range(len(head))]
        print()
        if title:
            print(title)
        for row in [head, *lines]:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        print(flush=True)
