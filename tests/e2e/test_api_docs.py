"""The integration guide runs as written: every ```python block of docs/api.md is executed, in its
own Python process with nothing but the standard library, against a real server.

The examples read ODOO_URL, ODOO_DB, ODOO_LOGIN, ODOO_PASSWORD and ODOO_API_KEY from the
environment; the test points them at the test server. docs/api.zh_CN.md must carry the same
code (comments and printed text may be translated).
"""

import io
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from load.e2e_support import admin

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(name):
    path = DOCS / name
    return BLOCK.findall(path.read_text(encoding="utf-8")) if path.exists() else []


def code_only(source):
    """The tokens of the source without comments and string contents (translated text may differ)."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        if tok.type == tokenize.STRING:
            out.append("<str>")
            continue
        out.append(tok.string)
    return out


EN = blocks("api.md")


def test_the_guide_has_the_examples_the_issue_asks_for():
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    for topic in (
        "crm.lead",
        "studio.slot.wizard",
        "action_member_enroll",
        "member.wallet.operation",
        "member.points.redeem",
        "art.artwork",
        "art.provenance.entry",
        "customer.interaction",
        "collector.match",
    ):
        assert topic in text, f"docs/api.md has no example using {topic}"
    assert len(EN) >= 7


def test_chinese_guide_has_the_same_code():
    zh = blocks("api.zh_CN.md")
    assert len(zh) == len(EN), "docs/api.zh_CN.md must have the same examples as docs/api.md"
    for i, (en, cn) in enumerate(zip(EN, zh, strict=True)):
        assert code_only(en) == code_only(cn), f"example {i + 1} differs between the two guides"


@pytest.mark.parametrize("index", range(len(EN)), ids=[f"example-{i + 1}" for i in range(len(EN))])
def test_example_runs(odoo_server, index):
    admin(odoo_server)  # the test database's admin password, with the light hash of the e2e tests
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ODOO_URL": odoo_server.url,
        "ODOO_DB": odoo_server.db,
        "ODOO_LOGIN": "admin",
        "ODOO_PASSWORD": "admin",
        "ODOO_API_KEY": odoo_server.api_key("admin", name=f"docs example {index + 1}"),
        "PYTHONIOENCODING": "utf-8",
    }
    proc = subprocess.run(
        [sys.executable, "-I", "-c", EN[index]],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, f"example {index + 1} failed:\n{proc.stdout}\n{proc.stderr}"
