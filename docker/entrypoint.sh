#!/bin/bash
# Start Odoo on the "onboarding" demo database.
#
# First start: create the database with the six addons and their demo data
# (Odoo 18 loads demo data unless --without-demo is given), then serve it.
# Later starts: serve the existing database.
#
# Arguments starting with "-" are passed on to Odoo; any other command
# (e.g. "bash" or "scripts/test") is run as is through the official
# entrypoint, with the database server in libpq's PG* variables, which
# scripts/test and psql read.
set -euo pipefail

DB_NAME="${ONBOARDING_DB:-onboarding}"
ADDONS="onboarding_training,hr_attendance_gate,training_analytics,onboarding_payroll,onboarding_slides,training_analytics_dashboard"

if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    export PGHOST="${PGHOST:-${HOST:-db}}"
    export PGPORT="${PGPORT:-${PORT:-5432}}"
    export PGUSER="${PGUSER:-${USER:-odoo}}"
    export PGPASSWORD="${PGPASSWORD:-${PASSWORD:-odoo}}"
    exec /entrypoint.sh "$@"
fi

# Same connection settings and defaults as the official /entrypoint.sh,
# exported so that both scripts talk to the same server.
export HOST="${HOST:-${PGHOST:-db}}"
export PORT="${PORT:-${PGPORT:-5432}}"
export USER="${USER:-${PGUSER:-odoo}}"
export PASSWORD="${PASSWORD:-${PGPASSWORD:-odoo}}"

wait-for-psql.py --db_host "$HOST" --db_port "$PORT" --db_user "$USER" \
    --db_password "$PASSWORD" --timeout=60

# Count our addons installed in the database; psql fails (empty result) while
# the database does not exist yet.
installed="$(PGPASSWORD="$PASSWORD" psql -h "$HOST" -p "$PORT" -U "$USER" -d "$DB_NAME" -tAc \
    "SELECT count(*) FROM ir_module_module
      WHERE state = 'installed'
        AND name IN ('onboarding_training', 'hr_attendance_gate',
                     'training_analytics', 'onboarding_payroll',
                     'onboarding_slides', 'training_analytics_dashboard')" 2>/dev/null || true)"

if [ "$installed" != "6" ]; then
    echo "onboarding: initialising database $DB_NAME with $ADDONS and demo data"
    /entrypoint.sh odoo -d "$DB_NAME" -i "$ADDONS" --stop-after-init
fi

exec /entrypoint.sh odoo -d "$DB_NAME" --db-filter="^${DB_NAME}\$" "$@"
