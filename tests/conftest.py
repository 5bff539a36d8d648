"""Fixtures for the suite's cross-addon tests: a real Odoo server on a loopback port.

`./scripts/test` sets SUITE_ODOO_TREE, SUITE_ODOO_CONF and SUITE_TEMPLATE_DB (the database with
the whole suite and its demo data installed). Each server gets its own copy of that database.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from suite_server import OdooServer


def _require_env():
    missing = [k for k in ("SUITE_ODOO_TREE", "SUITE_ODOO_CONF", "SUITE_TEMPLATE_DB") if not os.environ.get(k)]
    if missing:
        pytest.fail(f"run the end-to-end tests through ./scripts/test ({', '.join(missing)} not set)")


@pytest.fixture(scope="session")
def odoo_server():
    """One Odoo server (workers=2, as in production) on a fresh copy of the suite database."""
    _require_env()
    server = OdooServer(workers=int(os.environ.get("SUITE_E2E_WORKERS", "2")))
    server.start()
    try:
        yield server
    finally:
        server.stop()
