"""./scripts/backup and ./scripts/restore: one archive, restored into a new database and checked."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))


def run(*cmd):
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True, check=False)


def test_backup_restore_round_trip(odoo_server, tmp_path):
    import dbarchive

    archive = tmp_path / "suite.zip"
    res = run(ROOT / "scripts" / "backup", odoo_server.db, "-o", archive)
    assert res.returncode == 0, res.stderr
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    assert {"dump.sql", "manifest.json", "suite-check.json"} <= names
    assert any(n.startswith("filestore/") for n in names), "the filestore is in the archive"

    target = f"{odoo_server.db}_restored"
    try:
        res = run(ROOT / "scripts" / "restore", archive, target)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "as in the archive" in res.stdout

        # a damaged restore is reported, not passed over
        check = dbarchive.snapshot(odoo_server.db)
        fname = next(iter(check["attachments"]))
        (dbarchive.filestore(target) / fname).write_bytes(b"damaged")
        problems, _now = dbarchive.verify(target, check)
        assert any(fname in p and "checksum" in p for p in problems)
    finally:
        conn = odoo_server.pg_connect()
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.close()
        import shutil

        shutil.rmtree(dbarchive.filestore(target), ignore_errors=True)
