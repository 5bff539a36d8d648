"""The install log of the suite carries no WARNING or ERROR from our addons."""

import configparser
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (WARNING|ERROR|CRITICAL) (\S+) (\S+): (.*)$")


def our_markers():
    """Addon names of the suite and the models they create: a log line naming one is ours."""
    addons = sorted(m.parent.name for m in ADDONS.glob("*/__manifest__.py"))
    markers = set(addons)
    conf_path, db = os.environ.get("SUITE_ODOO_CONF"), os.environ.get("SUITE_TEMPLATE_DB")
    if conf_path and db:
        import psycopg2

        conf = configparser.ConfigParser(interpolation=None)
        conf.read(conf_path)
        o = conf["options"]
        conn = psycopg2.connect(
            dbname=db,
            host=o.get("db_host") or None,
            port=o.get("db_port") or None,
            user=o.get("db_user") or None,
            password=o.get("db_password") or None,
        )
        with conn, conn.cursor() as cr:
            # the module that created a model holds its first xmlid (extending modules add theirs later)
            cr.execute(
                "SELECT m.model FROM ir_model m WHERE ("
                "  SELECT d.module FROM ir_model_data d WHERE d.model = 'ir.model' AND d.res_id = m.id"
                "  ORDER BY d.id LIMIT 1) = ANY(%s)",
                [addons],
            )
            markers.update(r[0] for r in cr.fetchall())
        conn.close()
    return markers


# What PostgreSQL answers when one of our constraints refuses a write (exclusion, check, unique)
# or a concurrent transaction wins: Odoo's cursor logs the refused query before our code turns it
# into a clear error, and the tests provoke exactly that on purpose.
REFUSED = re.compile(r"^ERROR: .*(violates (exclusion|check|unique|foreign key) constraint|could not serialize access)")


def our_problems(text, markers, allow_refused_queries=False):
    problems = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        m = LINE.match(line)
        if not m:
            continue
        logger, message = m.group(3), m.group(4)
        if allow_refused_queries and logger == "odoo.sql_db" and message.startswith("bad query"):
            following = []
            for nxt in lines[index + 1 : index + 40]:
                if LINE.match(nxt):
                    break
                following.append(nxt)
            if any(REFUSED.match(f) for f in following):
                continue
        if any(logger.startswith(f"odoo.addons.{a}") for a in markers) or any(
            re.search(rf"(?<![\w.]){re.escape(mk)}(?![\w])", message) for mk in markers
        ):
            problems.append(line)
    return problems


def test_marker_detection_catches_our_lines():
    markers = {"customer_core", "customer.interaction"}
    log = (
        "2026-01-01 10:00:00,000 1 WARNING db odoo.fields: Field customer.interaction.x: unknown parameter 'y'\n"
        "2026-01-01 10:00:00,000 1 WARNING db odoo.modules.module: The module sign_oca has an incompatible version\n"
        "2026-01-01 10:00:00,000 1 ERROR db odoo.addons.customer_core.models.x: boom\n"
    )
    assert len(our_problems(log, markers)) == 2
    refused = (
        "2026-01-01 10:00:00,000 1 ERROR ? odoo.sql_db: bad query: insert of a customer.interaction\n"
        'ERROR: conflicting key value violates exclusion constraint "x"\n'
        "2026-01-01 10:00:00,000 1 ERROR ? odoo.sql_db: bad query: insert of a customer.interaction\n"
        'ERROR: column "y" does not exist\n'
    )
    assert len(our_problems(refused, markers, allow_refused_queries=True)) == 1, "only the refusal is expected"
    assert len(our_problems(refused, markers)) == 2


@pytest.mark.parametrize("log", ["SUITE_INSTALL_LOG", "SUITE_TEST_LOG"])
def test_log_is_clean(log):
    """The install log, and the log of the addons' tests (they run before this file)."""
    path = os.environ.get(log)
    if not path or not Path(path).exists():
        pytest.skip(f"no {log} (run through ./scripts/test)")
    problems = our_problems(
        Path(path).read_text(errors="replace"), our_markers(), allow_refused_queries=(log == "SUITE_TEST_LOG")
    )
    assert not problems, f"WARNING/ERROR from our addons in {path}:\n" + "\n".join(problems)
