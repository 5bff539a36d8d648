#!/bin/bash
# The suite's entrypoint, in front of the official image's /entrypoint.sh:
# - the database password from the Docker secret (DB_PASSWORD_FILE, default /run/secrets/db_password)
#   or PASSWORD, handed to the official entrypoint (which passes it to Odoo); none: refuse to start;
# - the master password from the secret odoo_admin_passwd (ODOO_ADMIN_PASSWD_FILE), written hashed
#   (PBKDF2, as Odoo stores it) into a private copy of /etc/odoo/odoo.conf; without the secret a
#   random one, so that the database manager never answers to Odoo's default 'admin';
# - ODOO_WORKERS, when set, replaces `workers` in that copy.
set -euo pipefail

db_password_file=${DB_PASSWORD_FILE:-/run/secrets/db_password}
if [ -r "$db_password_file" ]; then
    PASSWORD=$(<"$db_password_file")
    export PASSWORD
fi
if [ -z "${PASSWORD:-}" ]; then
    echo "suite-entrypoint: no database password (Docker secret db_password or PASSWORD); see the README's Docker route" >&2
    exit 1
fi

runtime_conf=$(mktemp /tmp/odoo-XXXXXXXX.conf)
chmod 600 "$runtime_conf"
python3 - "${ODOO_RC:-/etc/odoo/odoo.conf}" "$runtime_conf" "${ODOO_ADMIN_PASSWD_FILE:-/run/secrets/odoo_admin_passwd}" <<'EOF'
import configparser
import os
import secrets
import sys

from passlib.context import CryptContext

source, target, admin_file = sys.argv[1:4]
conf = configparser.ConfigParser(interpolation=None)
conf.read(source)
try:
    with open(admin_file) as f:
        admin = f.read().strip()
except OSError:
    admin = ""
if not admin:
    print("suite-entrypoint: no master password secret (odoo_admin_passwd): a random one is used", file=sys.stderr)
    admin = secrets.token_urlsafe(24)
conf["options"]["admin_passwd"] = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000).hash(admin)
if os.environ.get("ODOO_WORKERS"):
    conf["options"]["workers"] = str(int(os.environ["ODOO_WORKERS"]))
with open(target, "w") as f:
    conf.write(f)
EOF
export ODOO_RC="$runtime_conf"
exec /entrypoint.sh "$@"
