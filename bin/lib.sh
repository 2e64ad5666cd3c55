# Shared shell helpers for ./fsm run and ./fsm test. Sourced, never run.
# shellcheck shell=bash

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
ADDONS_DIR="$ROOT/addons"
ODOO_CONF="$ROOT/odoo.conf"
PYTHON="${PYTHON:-python3}"
# A private cluster, used only when no server is reachable and the machine has none we may start.
LOCAL_PGDATA="$ROOT/.pgdata"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

require_odoo() {
    if ! "$PYTHON" -c 'import odoo.release as r, sys; sys.exit(0 if r.version_info[:2] == (19, 0) else 1)' 2>/dev/null; then
        cat >&2 <<'MSG'
ERROR: Odoo 19.0 is not importable by python3.

Install Odoo 19.0 Community first, the official way (it is not on PyPI):
  https://www.odoo.com/documentation/19.0/administration/on_premise/source.html
  - get the 19.0 source (git clone --branch 19.0 https://github.com/odoo/odoo.git),
  - install its Python requirements (requirements.txt),
  - make it importable by python3, e.g. with a .pth file in site-packages naming the
    source folder, so that `python3 -c "import odoo"` works.
Then run this command again.
MSG
        exit 1
    fi
}

# The installable addons of the project, comma separated, in folder order; FSM_ADDONS (a comma
# separated list) narrows it, e.g. to work on one addon and its dependencies.
project_addons() {
    "$PYTHON" - "$ADDONS_DIR" "${FSM_ADDONS:-}" <<'PY'
import ast, pathlib, sys
wanted = {name for name in sys.argv[2].split(",") if name}
names = []
for manifest in sorted(pathlib.Path(sys.argv[1]).glob("*/__manifest__.py")):
    name = manifest.parent.name
    if ast.literal_eval(manifest.read_text()).get("installable", True) and (not wanted or name in wanted):
        names.append(name)
print(",".join(names))
PY
}

pg_reachable() { pg_isready -q ${PGHOST:+-h "$PGHOST"} ${PGPORT:+-p "$PGPORT"} >/dev/null 2>&1; }

pg_bin() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then echo "$bin"; return; fi
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return
    die "PostgreSQL is not installed (no initdb found). Install it (Debian: apt-get install postgresql)."
}

# Make sure a PostgreSQL server is reachable and that the current user has a role on it.
ensure_postgres() {
    if ! pg_reachable; then
        if [ "$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
            # root on a Debian machine: start the machine's own cluster.
            local version cluster
            read -r version cluster _ < <(pg_lsclusters -h | sort -V | tail -n 1)
            log "Starting PostgreSQL cluster $version/$cluster"
            pg_ctlcluster "$version" "$cluster" start
        elif [ "$(id -u)" = 0 ]; then
            command -v pg_createcluster >/dev/null 2>&1 || die "No PostgreSQL server reachable and none to start: install postgresql."
            local version
            version="$(basename "$(dirname "$(pg_bin)")")"
            log "Creating and starting PostgreSQL cluster $version/main"
            pg_createcluster "$version" main --start
        else
            # A normal user: a private cluster in the project folder (ignored by git).
            local bin
            bin="$(pg_bin)"
            export PGHOST="$LOCAL_PGDATA" PGPORT="${PGPORT:-5432}"
            if [ ! -f "$LOCAL_PGDATA/PG_VERSION" ]; then
                log "Creating a private PostgreSQL cluster in $LOCAL_PGDATA"
                "$bin/initdb" -D "$LOCAL_PGDATA" -U "$(id -un)" --auth=trust >/dev/null
            fi
            if ! pg_reachable; then
                log "Starting the private PostgreSQL cluster (socket in $LOCAL_PGDATA)"
                "$bin/pg_ctl" -D "$LOCAL_PGDATA" -l "$LOCAL_PGDATA/server.log" -w \
                    -o "-k '$LOCAL_PGDATA' -p $PGPORT -c listen_addresses=''" start >/dev/null
            fi
        fi
        local i
        for i in $(seq 30); do pg_reachable && break; sleep 1; done
        pg_reachable || die "PostgreSQL did not start."
    fi
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ]; then
            log "Creating PostgreSQL role '$(id -un)'"
            runuser -u postgres -- createuser --superuser "$(id -un)" 2>/dev/null \
                || runuser -u postgres -- psql -qc "ALTER ROLE \"$(id -un)\" SUPERUSER"
        else
            die "PostgreSQL is running but role '$(id -un)' cannot connect. Create it: sudo -u postgres createuser --createdb $(id -un)"
        fi
    fi
    if [ "$(id -un)" = postgres ]; then
        die "Odoo refuses to use the 'postgres' role: run this command as another user."
    fi
}

# python3 -m odoo with the project's configuration.
odoo() {
    "$PYTHON" -m odoo -c "$ODOO_CONF" --addons-path="$ADDONS_DIR" ${PGHOST:+--db_host="$PGHOST"} ${PGPORT:+--db_port="$PGPORT"} "$@"
}

# The demo's locale: fr_FR (default) makes the company a French installer (French accounting,
# EUR, Bordeaux, French users and customers); en_US keeps Odoo's default company (US, USD).
demo_locale() {
    case "${FSM_LOCALE:-fr_FR}" in
        fr|fr_FR) echo fr_FR ;;
        en|en_US|us) echo en_US ;;
        *) die "FSM_LOCALE must be fr_FR (the French demo, default) or en_US (the English/US one)." ;;
    esac
}

# create_database DB ADDONS DEMO(1|0): a new database with ADDONS, their demo data when DEMO=1, in
# the locale of demo_locale. Odoo's output goes to standard output.
create_database() {
    local db="$1" addons="$2" demo="$3" locale demo_flag=()
    locale="$(demo_locale)"
    [ "$demo" = 1 ] && demo_flag=(--with-demo)
    # Each step is checked: the caller may run this where `set -e` does not apply.
    if [ "$locale" = fr_FR ]; then
        "$PYTHON" -m odoo db -c "$ODOO_CONF" --addons-path="$ADDONS_DIR" ${PGHOST:+--db_host="$PGHOST"} \
            ${PGPORT:+--db_port="$PGPORT"} init "$db" "${demo_flag[@]}" --language fr_FR --country FR || return 1
        if [ "$demo" = 1 ]; then
            # Odoo's accounting demo puts its generic chart on the main company: install French
            # accounting first, then make the company French (bin/demo_fr.py), then the addons.
            odoo -d "$db" -i l10n_fr_account --with-demo --stop-after-init --http-port=0 || return 1
            demo_step "$db" company || return 1
        fi
    else
        "$PYTHON" -m odoo db -c "$ODOO_CONF" --addons-path="$ADDONS_DIR" ${PGHOST:+--db_host="$PGHOST"} \
            ${PGPORT:+--db_port="$PGPORT"} init "$db" "${demo_flag[@]}" || return 1
    fi
    odoo -d "$db" -i "$addons" "${demo_flag[@]}" --stop-after-init --http-port=0 || return 1
    if [ "$demo" = 1 ] && [ "$locale" = fr_FR ]; then
        demo_step "$db" customers || return 1
    fi
}

demo_step() {
    FSM_DEMO_STEP="$2" "$PYTHON" -m odoo shell -c "$ODOO_CONF" --addons-path="$ADDONS_DIR" \
        ${PGHOST:+--db_host="$PGHOST"} ${PGPORT:+--db_port="$PGPORT"} -d "$1" --no-http <"$ROOT/bin/demo_fr.py"
}
