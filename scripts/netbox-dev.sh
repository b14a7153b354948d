#!/usr/bin/env bash
# netbox-dev.sh: install and run a real NetBox (PyPI package, experimental packaging) on loopback
# for the provider's acceptance tests. Everything lives under a cache directory outside the
# repository, so a second run (also from a fresh clone) is fast.
#
#   bash scripts/netbox-dev.sh up       install what is missing, start, wait until healthy
#   bash scripts/netbox-dev.sh down     stop what `up` started (no-op when nothing runs)
#   bash scripts/netbox-dev.sh status   show what runs; exit non-zero unless NetBox is healthy
#   bash scripts/netbox-dev.sh env      print `export NETBOX_URL=... NETBOX_TOKEN=...` for eval
#   bash scripts/netbox-dev.sh purge    down, undo what the script changed on the host (packages,
#                                       ACLs, the service user) and delete the NetBox cache
#
# NetBox (gunicorn and the netbox commands) runs as an unprivileged user made for it; Redis and
# PostgreSQL take passwords kept in a 0600 secrets file; no secret is ever on a command line.
#
# Diagnostics go to stderr. See scripts/netbox/README.md for ports, paths and timings.
set -euo pipefail

NETBOX_VERSION=4.7.3 # pinned: `pip index versions netbox` offered 4.7.0..4.7.3

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}
NB=$CACHE/netbox
LISTEN=127.0.0.1
PG_PORT=${HEDGEHOG_PG_PORT:-55432}
REDIS_PORT=${HEDGEHOG_REDIS_PORT:-56379}
NETBOX_PORT=${HEDGEHOG_NETBOX_PORT:-58000}
GUNICORN_WORKERS=${HEDGEHOG_GUNICORN_WORKERS:-3}
HEALTH_TIMEOUT=${HEDGEHOG_HEALTH_TIMEOUT:-180}
STOP_TIMEOUT=30

# The unprivileged user NetBox runs as: its cache uses pickles from Redis, which a root process
# must never load.
NB_USER=${HEDGEHOG_NETBOX_USER:-hedgehog-netbox}
# What the script changed on the host, one change a line, for `purge`.
HOST_CHANGES=$NB/host-changes
VENV=$NB/venv
NBROOT=$NB/root # NETBOX_ROOT: conf/, static/, media/, scripts/, reports/
PGDATA=$NB/pgdata
REDIS_DIR=$NB/redis
RUN=$NB/run
NBRUN=$RUN/netbox # written by NetBox's user: gunicorn's pid file
NBHOME=$NB/home   # HOME of NetBox's user
LOG=$NB/log
TRIXIE=$NB/trixie
SECRETS=$NB/secrets.env
TOKENS=$NB/tokens.env
URL="http://$LISTEN:$NETBOX_PORT"
# A pg_dump of a freshly migrated NetBox database (made by `make-seed`): loading it takes seconds,
# running NetBox's ~340 migrations takes 5-10 CPU-bound minutes on this machine size.
SEED=$SCRIPT_DIR/netbox/netbox-$NETBOX_VERSION-migrated.sql.gz

log() { printf '[netbox-dev] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

# pid_alive PIDFILE PATTERN: succeeds when the pid in PIDFILE runs and its command line matches.
pid_alive() {
	local pidfile=$1 pattern=$2 pid
	[[ -s $pidfile ]] || return 1
	pid=$(head -n1 "$pidfile" | tr -dc 0-9)
	[[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern"
}

pid_of() { head -n1 "$1" | tr -dc 0-9; }

# stop_pid PIDFILE PATTERN NAME: SIGTERM, wait, then SIGKILL.
stop_pid() {
	local pidfile=$1 pattern=$2 name=$3 pid i
	if ! pid_alive "$pidfile" "$pattern"; then
		rm -f "$pidfile"
		return 0
	fi
	pid=$(pid_of "$pidfile")
	log "stopping $name (pid $pid)"
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "$name did not stop within ${STOP_TIMEOUT}s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.5
	fi
	rm -f "$pidfile"
}

# record_change LINE: remember a change made to the host (once).
record_change() {
	mkdir -p "$NB"
	grep -qxF -- "$*" "$HOST_CHANGES" 2>/dev/null || printf '%s\n' "$*" >>"$HOST_CHANGES"
}

randhex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# apt_install PKG...: install the Debian packages that are missing (apt-get update only then).
apt_install() {
	local missing=() p
	for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
	((${#missing[@]})) || return 0
	log "installing Debian packages: ${missing[*]}"
	local policy_created=
	# Never start the packages' system services (there is no systemd here; we run our own). The
	# traps remove the policy file however the install ends, interrupted or not.
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
		trap 'rm -f /usr/sbin/policy-rc.d; exit 130' INT TERM
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		policy_created=1
	fi
	local rc=0
	{
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 &&
			apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
	} || rc=$?
	if [[ -n $policy_created ]]; then
		rm -f /usr/sbin/policy-rc.d
		trap - EXIT INT TERM
	fi
	((rc == 0)) || die "apt-get install ${missing[*]} failed"
	for p in "${missing[@]}"; do record_change pkg "$p"; done
}

pg_bin() {
	if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then
		echo /usr/lib/postgresql/15/bin
		return
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
	[[ -n $d && -x $d/postgres ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
	echo "$d"
}

# ---------------------------------------------------------------------------------------------
# Secrets and tokens (generated once, kept in the cache)
# ---------------------------------------------------------------------------------------------

load_secrets() {
	if [[ ! -s $SECRETS ]]; then
		log "generating secrets in $SECRETS"
		(umask 077 && cat >"$SECRETS.tmp") <<EOF
SECRET_KEY=$(randhex 32)
API_TOKEN_PEPPER=$(randhex 32)
PG_SUPERUSER_PASSWORD=$(randhex 16)
DB_PASSWORD=$(randhex 16)
REDIS_PASSWORD=$(randhex 24)
ADMIN_PASSWORD=$(randhex 12)
TOKEN_V1=$(randhex 20)
TOKEN_V2_KEY=$(randhex 6)
TOKEN_V2_SECRET=$(randhex 20)
EOF
		mv "$SECRETS.tmp" "$SECRETS"
	fi
	if ! grep -q '^REDIS_PASSWORD=' "$SECRETS"; then
		(umask 077 && echo "REDIS_PASSWORD=$(randhex 24)" >>"$SECRETS")
	fi
	# shellcheck disable=SC1090
	source "$SECRETS"
	TOKEN_V2="nbt_${TOKEN_V2_KEY}.${TOKEN_V2_SECRET}"
}

write_tokens_env() {
	(umask 077 && cat >"$TOKENS.tmp") <<EOF
NETBOX_URL=$URL
NETBOX_TOKEN=$TOKEN_V2
NETBOX_TOKEN_V1=$TOKEN_V1
NETBOX_TOKEN_V2=$TOKEN_V2
EOF
	mv "$TOKENS.tmp" "$TOKENS"
}

# ---------------------------------------------------------------------------------------------
# Python >= 3.12
# ---------------------------------------------------------------------------------------------

py_ok() {
	"$1" -c 'import sys, ssl, sqlite3, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' \
		>/dev/null 2>&1
}

# find_python: print the real path of the first usable interpreter, or nothing.
find_python() {
	local c cands=()
	if [[ -n ${HEDGEHOG_PYTHON:-} ]]; then
		c=$(command -v "$HEDGEHOG_PYTHON" || echo "$HEDGEHOG_PYTHON")
		if [[ -x $c ]] && py_ok "$c"; then
			cands+=("$c")
		else
			log "HEDGEHOG_PYTHON=$HEDGEHOG_PYTHON is not a usable Python >= 3.12 (ssl, sqlite3, venv); looking further"
		fi
	fi
	for c in python3.13 python3.12; do
		command -v "$c" >/dev/null 2>&1 && cands+=("$(command -v "$c")")
	done
	local pyenvs="${PYENV_ROOT:-$HOME/.pyenv}/versions /root/.pyenv/versions" p
	for p in $pyenvs; do
		# shellcheck disable=SC2012
		for c in $(ls -d "$p"/3.1[3-9]* 2>/dev/null | sort -rV) $(ls -d "$p"/3.12* 2>/dev/null | sort -rV); do
			cands+=("$c/bin/python3")
		done
	done
	for c in "${cands[@]}"; do
		# pyenv shims exist on PATH but fail unless that version is selected: py_ok weeds them out.
		if [[ -x $c ]] && py_ok "$c"; then
			"$c" -c 'import sys; print(sys.executable)'
			return 0
		fi
	done
	return 0
}

# trixie_python: last resort on a machine without Python >= 3.12. Builds a Debian 13 root with
# debootstrap and makes its python3.13 runnable on the host: a copy of the binary is patched
# (patchelf) to use trixie's dynamic loader and libraries (DT_RPATH, so extension modules find
# them too). No chroot, no mounts: pip, certificates and DNS are the host's.
trixie_python() {
	local py=$TRIXIE/usr/bin/python3.13-host
	if [[ -x $py ]] && py_ok "$py"; then
		echo "$py"
		return 0
	fi
	apt_install debootstrap patchelf
	local mirror
	mirror=$(debian_mirror)
	if [[ ! -x $TRIXIE/usr/bin/python3.13 ]]; then
		log "no Python >= 3.12 found; building a Debian 13 root in $TRIXIE from $mirror (about 2 min)"
		rm -rf "$TRIXIE"
		debootstrap --variant=minbase --include=python3.13-venv,python3-pip,libpq5 \
			trixie "$TRIXIE" "$mirror" >"$LOG/debootstrap.log" 2>&1 ||
			{
				tail -n 30 "$LOG/debootstrap.log" >&2
				die "debootstrap failed (log: $LOG/debootstrap.log)"
			}
	fi
	cp "$TRIXIE/usr/bin/python3.13" "$py"
	local libs="$TRIXIE/usr/lib/x86_64-linux-gnu:$TRIXIE/lib/x86_64-linux-gnu"
	patchelf --set-interpreter "$TRIXIE/lib64/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$libs" "$py"
	py_ok "$py" || die "the trixie python $py does not work (ssl, sqlite3, venv)"
	echo "$py"
}

debian_mirror() {
	local m=
	if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
		m=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources)
	fi
	if [[ -z $m ]]; then
		m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { if ($i !~ /security/) { print $i; exit } } }')
	fi
	echo "${m:-http://deb.debian.org/debian}"
}

# ---------------------------------------------------------------------------------------------
# Install steps
# ---------------------------------------------------------------------------------------------

ensure_packages() {
	local pkgs=(postgresql redis-server curl)
	# psycopg[c] (a NetBox requirement) is compiled by pip: it needs pg_config and a C compiler.
	[[ -x $VENV/bin/python && -f $VENV/.hedgehog-stamp ]] || pkgs+=(libpq-dev gcc)
	apt_install "${pkgs[@]}"
	PG_BIN=$(pg_bin)
	command -v redis-server >/dev/null || die "redis-server is missing after installation"
}

venv_ok() {
	[[ -f $VENV/.hedgehog-stamp ]] &&
		grep -qx "netbox==$NETBOX_VERSION" "$VENV/.hedgehog-stamp" &&
		"$VENV/bin/python" -c 'import netbox, gunicorn, psycopg' >/dev/null 2>&1
}

ensure_venv() {
	venv_ok && return 0
	local py='' trixie=''
	# HEDGEHOG_PYTHON=trixie forces the Debian 13 fallback (to test it on a machine that has 3.12+).
	[[ ${HEDGEHOG_PYTHON:-} == trixie ]] || py=$(find_python)
	if [[ -z $py ]]; then
		py=$(trixie_python)
		trixie=1
	fi
	log "creating $VENV with $py ($("$py" -V 2>&1)) and installing netbox==$NETBOX_VERSION (log: $LOG/pip.log)"
	rm -rf "$VENV"
	local pip=("$VENV/bin/python" -m pip --disable-pip-version-check)
	if [[ -z $trixie ]]; then
		"$py" -m venv "$VENV"
	else
		# Debian's ensurepip looks for its wheels under the host's /usr/share/python-wheels: bootstrap
		# pip from the trixie root's wheel instead.
		"$py" -m venv --without-pip "$VENV"
		local whl
		whl=$(ls "$TRIXIE"/usr/share/python-wheels/pip-*.whl | head -n1)
		"$VENV/bin/python" "$whl/pip" install --disable-pip-version-check -q pip >"$LOG/pip.log" 2>&1 ||
			{
				cat "$LOG/pip.log" >&2
				die "bootstrapping pip into $VENV failed"
			}
	fi
	if [[ -z $trixie ]]; then
		"${pip[@]}" install "netbox==$NETBOX_VERSION" >"$LOG/pip.log" 2>&1 ||
			{
				tail -n 40 "$LOG/pip.log" >&2
				die "pip install netbox==$NETBOX_VERSION failed (log: $LOG/pip.log)"
			}
	else
		# No compiler/headers for trixie's python here: take NetBox's requirements as they are,
		# except psycopg[c] (built from source) -> psycopg[binary] (manylinux wheel, same API).
		{
			"${pip[@]}" install --no-deps "netbox==$NETBOX_VERSION" &&
				"$VENV/bin/python" - >"$NB/requirements-trixie.txt" <<'PY' &&
import importlib.metadata as md, re
for r in md.requires('netbox') or []:
    if 'extra ==' in r:
        continue
    print(re.sub(r'^psycopg\[c,pool\]', 'psycopg[binary,pool]', r))
PY
				"${pip[@]}" install -r "$NB/requirements-trixie.txt"
		} >"$LOG/pip.log" 2>&1 || {
			tail -n 40 "$LOG/pip.log" >&2
			die "pip install netbox==$NETBOX_VERSION failed (log: $LOG/pip.log)"
		}
	fi
	"$VENV/bin/python" -c 'import gunicorn' 2>/dev/null || "${pip[@]}" install gunicorn >>"$LOG/pip.log" 2>&1
	printf 'netbox==%s\npython=%s\n' "$NETBOX_VERSION" "$py" >"$VENV/.hedgehog-stamp"
}

# ensure_traversal USER: USER must be able to reach $NB (e.g. /root is 0700 when HOME=/root).
# Each folder that needs it gets a search-only ACL entry for that user, recorded for `purge`.
ensure_traversal() {
	local user=$1 d=$NB dirs=()
	runuser -u "$user" -- test -x "$NB" && return 0
	while [[ $d != / ]]; do
		d=$(dirname "$d")
		dirs+=("$d")
	done
	command -v setfacl >/dev/null || apt_install acl
	for d in "${dirs[@]}"; do
		if ! runuser -u "$user" -- test -x "$d/."; then
			log "granting the $user user search (x) permission on $d (ACL)"
			if setfacl -m "u:$user:x" "$d" 2>/dev/null; then
				record_change acl "$user" "$d"
			else
				chmod o+x "$d"
				record_change chmod-o+x "$d"
			fi
		fi
	done
	runuser -u "$user" -- test -x "$NB" || die "the $user user cannot reach $NB"
}

# ensure_user: the system user NetBox runs as, and what it may write: NETBOX_ROOT (static and
# media files), its pid folder, its HOME and its log files. The configuration stays root's,
# readable by the user's group.
ensure_user() {
	if ! id -u "$NB_USER" >/dev/null 2>&1; then
		log "creating the system user $NB_USER for NetBox"
		useradd --system --user-group --no-create-home --home-dir "$NBHOME" --shell /usr/sbin/nologin "$NB_USER"
		record_change user "$NB_USER"
	fi
	ensure_traversal "$NB_USER"
	mkdir -p "$NBROOT" "$NBRUN" "$NBHOME" "$LOG"
	[[ $(stat -c %U "$NBROOT") == "$NB_USER" ]] || chown -R "$NB_USER:$NB_USER" "$NBROOT"
	chown "$NB_USER:$NB_USER" "$NBRUN" "$NBHOME"
	local f
	for f in gunicorn.log gunicorn-access.log; do
		touch "$LOG/$f"
		chown "$NB_USER:$NB_USER" "$LOG/$f"
	done
}

pg_running() { pid_alive "$RUN/postgres.pid" "-D $PGDATA" && "$PG_BIN/pg_isready" -q -h "$LISTEN" -p "$PG_PORT"; }

# psql_super DB ARGS...: psql as the cluster's superuser.
psql_super() {
	local db=$1
	shift
	PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=$PG_SUPERUSER_PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$LISTEN" -p "$PG_PORT" \
		-U postgres -d "$db" "$@"
}

# psql_netbox DB ARGS...: psql as the netbox role (the owner of NetBox's objects).
psql_netbox() {
	local db=$1
	shift
	PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=$DB_PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$LISTEN" -p "$PG_PORT" \
		-U netbox -d "$db" "$@"
}

ensure_postgres() {
	ensure_traversal postgres
	if [[ ! -s $PGDATA/PG_VERSION ]]; then
		log "initialising a private PostgreSQL cluster in $PGDATA"
		rm -rf "$PGDATA"
		install -d -o postgres -g postgres -m 700 "$PGDATA"
		local pwfile=$RUN/pg-pwfile
		printf '%s\n' "$PG_SUPERUSER_PASSWORD" >"$pwfile"
		chown postgres "$pwfile"
		chmod 600 "$pwfile"
		runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
			--auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
			>"$LOG/initdb.log" 2>&1 || {
			rm -f "$pwfile"
			cat "$LOG/initdb.log" >&2
			die "initdb failed"
		}
		rm -f "$pwfile"
		cat >>"$PGDATA/postgresql.conf" <<EOF

# terraform-provider-hedgehog dev instance (scripts/netbox-dev.sh)
listen_addresses = '$LISTEN'
port = $PG_PORT
unix_socket_directories = ''
synchronous_commit = off
shared_buffers = 256MB
max_connections = 100
EOF
	fi
	if pg_running; then
		return 0
	fi
	# A stale postmaster.pid (e.g. the process was killed) whose pid now belongs to some other
	# process would make postgres refuse to start.
	if [[ -f $PGDATA/postmaster.pid ]] && ! pid_alive "$PGDATA/postmaster.pid" postgres; then
		rm -f "$PGDATA/postmaster.pid"
	fi
	touch "$LOG/postgres.log"
	chown postgres "$LOG/postgres.log"
	log "starting PostgreSQL on $LISTEN:$PG_PORT"
	runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$LOG/postgres.log" -w -t 120 \
		-o "-p $PG_PORT" start </dev/null >/dev/null 2>&1 9>&- || {
		tail -n 30 "$LOG/postgres.log" >&2
		die "PostgreSQL did not start"
	}
	head -n1 "$PGDATA/postmaster.pid" >"$RUN/postgres.pid"
	pg_running || die "PostgreSQL started but does not answer on $LISTEN:$PG_PORT"
}

ensure_database() {
	if [[ $(psql_super postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'netbox'") != 1 ]]; then
		# On standard input, not on the command line (ps shows command lines to every user).
		psql_super postgres <<<"CREATE ROLE netbox LOGIN PASSWORD '$DB_PASSWORD'"
	fi
	if [[ $(psql_super postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'netbox'") != 1 ]]; then
		log "creating database netbox"
		create_database netbox
	fi
}

create_database() {
	psql_super postgres -c "CREATE DATABASE $1 OWNER netbox ENCODING 'UTF8' TEMPLATE template0"
}

redis_alive() { pid_alive "$RUN/redis.pid" "$LISTEN:$REDIS_PORT"; }

# redis_running: our Redis answers with the password, and refuses without it.
redis_running() {
	redis_alive &&
		[[ $(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli --no-auth-warning -h "$LISTEN" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] &&
		[[ $(redis-cli -h "$LISTEN" -p "$REDIS_PORT" ping 2>/dev/null) != PONG ]]
}

ensure_redis() {
	redis_running && return 0
	# One started before Redis had a password is replaced.
	stop_pid "$RUN/redis.pid" "$LISTEN:$REDIS_PORT" redis
	mkdir -p "$REDIS_DIR"
	(umask 077 && printf 'requirepass %s\n' "$REDIS_PASSWORD" >"$NB/redis.conf")
	log "starting Redis on $LISTEN:$REDIS_PORT (password in $NB/redis.conf)"
	rm -f "$RUN/redis.pid"
	redis-server "$NB/redis.conf" --bind "$LISTEN" --port "$REDIS_PORT" --daemonize yes --pidfile "$RUN/redis.pid" \
		--dir "$REDIS_DIR" --logfile "$LOG/redis.log" --save '' --appendonly no \
		</dev/null >/dev/null 2>&1 9>&-
	local i
	for ((i = 0; i < 100; i++)); do
		redis_running && return 0
		sleep 0.1
	done
	tail -n 20 "$LOG/redis.log" >&2
	die "Redis did not start"
}

write_config() {
	mkdir -p "$NBROOT/conf"
	chown root:"$NB_USER" "$NBROOT/conf"
	chmod 0750 "$NBROOT/conf"
	(umask 077 && cat >"$NBROOT/conf/configuration.py.tmp") <<EOF
# Generated by scripts/netbox-dev.sh on every 'up'; secrets come from $SECRETS.
ALLOWED_HOSTS = ['*']
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'netbox',
        'USER': 'netbox',
        'PASSWORD': '$DB_PASSWORD',
        'HOST': '$LISTEN',
        'PORT': '$PG_PORT',
        'CONN_MAX_AGE': 300,
    }
}
REDIS = {
    'tasks': {'HOST': '$LISTEN', 'PORT': $REDIS_PORT, 'USERNAME': '', 'PASSWORD': '$REDIS_PASSWORD', 'DATABASE': 0, 'SSL': False},
    'caching': {'HOST': '$LISTEN', 'PORT': $REDIS_PORT, 'USERNAME': '', 'PASSWORD': '$REDIS_PASSWORD', 'DATABASE': 1, 'SSL': False},
}
SECRET_KEY = '$SECRET_KEY'
API_TOKEN_PEPPERS = {1: '$API_TOKEN_PEPPER'}
# Loopback test instance: no outbound calls.
CENSUS_REPORTING_ENABLED = False
ISOLATED_DEPLOYMENT = True
TIME_ZONE = 'UTC'
EOF
	touch "$NBROOT/conf/__init__.py"
	chown root:"$NB_USER" "$NBROOT/conf/configuration.py.tmp" "$NBROOT/conf/__init__.py"
	chmod 0640 "$NBROOT/conf/configuration.py.tmp" "$NBROOT/conf/__init__.py"
	mv "$NBROOT/conf/configuration.py.tmp" "$NBROOT/conf/configuration.py"
	# Bundled deployment examples etc.; never overwrites the configuration written above.
	[[ -d $NBROOT/contrib ]] || netbox_cmd setup --target "$NBROOT" >/dev/null
}

# netbox_cmd ARGS...: the netbox command, as NetBox's user. Variables named HB_* are passed on.
netbox_cmd() {
	local pass=() v
	for v in $(compgen -e | grep '^HB_' || true); do pass+=("$v=${!v}"); done
	(cd "$NBROOT" && runuser -u "$NB_USER" -- env -i PATH=/usr/bin:/bin HOME="$NBHOME" LANG=C.UTF-8 \
		NETBOX_ROOT="$NBROOT" "${pass[@]}" "$VENV/bin/netbox" "$@")
}

ensure_migrated() {
	local stamp=$PGDATA/hedgehog-migrated-netbox-$NETBOX_VERSION
	[[ -f $stamp ]] && return 0
	if [[ -s $SEED && $(psql_super netbox -tAc "SELECT to_regclass('public.django_migrations') IS NULL") == t ]]; then
		log "loading the migrated NetBox $NETBOX_VERSION schema from ${SEED#"$SCRIPT_DIR/"}"
		if ! gzip -dc "$SEED" | psql_netbox netbox --single-transaction >"$LOG/seed.log" 2>&1; then
			log "loading the seed failed (log: $LOG/seed.log); recreating the database, migrating from scratch"
			psql_super postgres -c "DROP DATABASE netbox"
			create_database netbox
		fi
	fi
	log "running 'netbox upgrade --no-input' (migrations, static files; log: $LOG/upgrade.log)"
	netbox_cmd upgrade --no-input >"$LOG/upgrade.log" 2>&1 || {
		tail -n 40 "$LOG/upgrade.log" >&2
		die "netbox upgrade failed"
	}
	rm -f "$PGDATA"/hedgehog-migrated-netbox-*
	date -u +%FT%TZ >"$stamp"
}

ensure_tokens() {
	local stamp=$PGDATA/hedgehog-tokens
	if [[ -f $stamp ]] && grep -qx "$TOKEN_V1 $TOKEN_V2_KEY" "$stamp"; then
		return 0
	fi
	log "creating the superuser 'admin' and API tokens"
	HB_ADMIN_PASSWORD=$ADMIN_PASSWORD HB_V1=$TOKEN_V1 HB_V2_KEY=$TOKEN_V2_KEY HB_V2_SECRET=$TOKEN_V2_SECRET \
		netbox_cmd shell --no-imports --no-startup -c '
import os
from users.models import Token, User

env = os.environ
user, created = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.invalid"})
user.is_superuser = True
user.is_staff = True
user.is_active = True
user.set_password(env["HB_ADMIN_PASSWORD"])
user.save()

v1 = Token.objects.filter(version=1, plaintext=env["HB_V1"]).first()
if v1 is None:
    Token(user=user, version=1, token=env["HB_V1"], write_enabled=True, description="hedgehog dev v1").save()
elif not (v1.enabled and v1.write_enabled) or v1.expires or v1.user_id != user.pk:
    Token.objects.filter(pk=v1.pk).update(enabled=True, write_enabled=True, expires=None, user=user)

v2 = Token.objects.filter(version=2, key=env["HB_V2_KEY"]).first()
if v2 is not None and not v2.validate(env["HB_V2_SECRET"]):
    v2.delete()  # e.g. the pepper changed
    v2 = None
if v2 is None:
    Token(user=user, version=2, key=env["HB_V2_KEY"], token=env["HB_V2_SECRET"], write_enabled=True,
          description="hedgehog dev v2").save()
else:
    Token.objects.filter(pk=v2.pk).update(enabled=True, write_enabled=True, expires=None, user=user)
print("tokens ok")
' >"$LOG/tokens.log" 2>&1 || {
		cat "$LOG/tokens.log" >&2
		die "creating the superuser/tokens failed"
	}
	echo "$TOKEN_V1 $TOKEN_V2_KEY" >"$stamp"
}

GUNICORN_PID=$NBRUN/gunicorn.pid
gunicorn_running() { pid_alive "$GUNICORN_PID" "--bind $LISTEN:$NETBOX_PORT"; }

ensure_gunicorn() {
	gunicorn_running && return 0
	# A gunicorn from before NetBox had its own user ran as root: replace it.
	stop_pid "$RUN/gunicorn.pid" "--bind $LISTEN:$NETBOX_PORT" "gunicorn (root)"
	rm -f "$GUNICORN_PID"
	log "starting gunicorn ($GUNICORN_WORKERS workers) on $URL as $NB_USER"
	(
		cd "$NBROOT"
		exec runuser -u "$NB_USER" -- env -i PATH=/usr/bin:/bin HOME="$NBHOME" LANG=C.UTF-8 NETBOX_ROOT="$NBROOT" \
			"$VENV/bin/gunicorn" netbox.wsgi \
			--daemon --pid "$GUNICORN_PID" --bind "$LISTEN:$NETBOX_PORT" \
			--workers "$GUNICORN_WORKERS" --threads 2 --timeout 120 \
			--max-requests 5000 --max-requests-jitter 500 --no-control-socket \
			--error-logfile "$LOG/gunicorn.log" --access-logfile "$LOG/gunicorn-access.log" --capture-output
	) </dev/null >>"$LOG/gunicorn.log" 2>&1 9>&-
	# The daemonised master writes its pid file a moment after the launcher returns.
	local i
	for ((i = 0; i < 300; i++)); do
		gunicorn_running && return 0
		sleep 0.1
	done
	tail -n 40 "$LOG/gunicorn.log" >&2 || true
	die "gunicorn did not start (log: $LOG/gunicorn.log)"
}

# status_version TOKEN-HEADER: print netbox-version from /api/status/, fail otherwise.
status_version() {
	local body
	body=$(curl -s -m 10 -H "Authorization: $1" -H 'Accept: application/json' "$URL/api/status/" 2>/dev/null) ||
		return 1
	grep -o '"netbox-version": *"[^"]*"' <<<"$body" | sed 's/.*: *"\(.*\)"/\1/' | grep . || return 1
}

healthy() {
	[[ -s $TOKENS ]] || return 1
	# shellcheck disable=SC1090
	source "$TOKENS"
	status_version "Bearer $NETBOX_TOKEN_V2" >/dev/null
}

# wait_healthy START: poll /api/status/ until NetBox answers (at most HEALTH_TIMEOUT after START).
wait_healthy() {
	local start=$1 v
	while :; do
		if v=$(status_version "Bearer $TOKEN_V2"); then
			echo "$v"
			return 0
		fi
		if ((SECONDS - start > HEALTH_TIMEOUT)); then
			tail -n 40 "$LOG/gunicorn.log" >&2 || true
			die "NetBox did not become healthy within ${HEALTH_TIMEOUT}s (log: $LOG/gunicorn.log)"
		fi
		gunicorn_running || {
			tail -n 40 "$LOG/gunicorn.log" >&2 || true
			die "gunicorn exited (log: $LOG/gunicorn.log)"
		}
		sleep 1
	done
}

# ---------------------------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------------------------

lock() {
	mkdir -p "$NB" "$RUN" "$LOG"
	exec 9>"$NB/.lock"
	flock -w 1800 9 || die "could not lock $NB/.lock"
}

cmd_up() {
	local start=$SECONDS
	lock
	load_secrets
	if healthy && pg_running_quick && redis_running && gunicorn_running; then
		local v
		v=$(status_version "Bearer $NETBOX_TOKEN_V2")
		echo "NetBox $v already running at $URL (checked in $((SECONDS - start))s)"
		return 0
	fi
	ensure_packages
	ensure_venv
	ensure_user
	ensure_postgres
	ensure_database
	ensure_redis
	write_config
	ensure_migrated
	ensure_tokens
	write_tokens_env
	ensure_gunicorn
	local v
	v=$(wait_healthy "$SECONDS")
	status_version "Token $TOKEN_V1" >/dev/null || die "NetBox is up but the v1 token is rejected"
	echo "NetBox $v is up at $URL (v1 and v2 tokens verified) in $((SECONDS - start))s; tokens: $TOKENS"
}

# make-seed: regenerate $SEED by migrating an empty scratch database (needs a running `up`).
cmd_make_seed() {
	lock
	load_secrets
	PG_BIN=$(pg_bin)
	pg_running && venv_ok || die "run 'up' first"
	local db=hedgehog_seed tmp
	tmp=$(mktemp -d)
	psql_super postgres -c "DROP DATABASE IF EXISTS $db"
	create_database "$db"
	mkdir -p "$tmp/conf"
	touch "$tmp/conf/__init__.py"
	sed "s/'NAME': 'netbox'/'NAME': '$db'/" "$NBROOT/conf/configuration.py" >"$tmp/conf/configuration.py"
	chown -R "$NB_USER:$NB_USER" "$tmp"
	log "migrating a scratch database (log: $LOG/make-seed.log)"
	(cd "$tmp" && runuser -u "$NB_USER" -- env -i PATH=/usr/bin:/bin HOME="$NBHOME" LANG=C.UTF-8 NETBOX_ROOT="$tmp" \
		"$VENV/bin/netbox" migrate --no-input) >"$LOG/make-seed.log" 2>&1 ||
		die "migrate failed (log: $LOG/make-seed.log)"
	mkdir -p "$(dirname "$SEED")"
	PGPASSWORD=$DB_PASSWORD "$PG_BIN/pg_dump" -h "$LISTEN" -p "$PG_PORT" -U netbox --no-owner --no-privileges "$db" |
		gzip -9n >"$SEED.tmp"
	mv "$SEED.tmp" "$SEED"
	psql_super postgres -c "DROP DATABASE $db"
	rm -rf "$tmp"
	log "wrote $SEED ($(stat -c %s "$SEED") bytes)"
}

# The pid files are checked against the command lines `up` started (data folder, ports), so
# a recycled pid never gets another process killed.
pg_alive() { pid_alive "$RUN/postgres.pid" "-D $PGDATA"; }
pg_running_quick() { pg_alive; }

cmd_down() {
	lock
	stop_pid "$GUNICORN_PID" "--bind $LISTEN:$NETBOX_PORT" gunicorn
	stop_pid "$RUN/gunicorn.pid" "--bind $LISTEN:$NETBOX_PORT" "gunicorn (root)"
	stop_pid "$RUN/redis.pid" "$LISTEN:$REDIS_PORT" redis
	if pg_alive; then
		log "stopping PostgreSQL (pid $(pid_of "$RUN/postgres.pid"))"
		PG_BIN=$(pg_bin)
		runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t "$STOP_TIMEOUT" stop \
			</dev/null >/dev/null 2>&1 9>&- || true
	fi
	stop_pid "$RUN/postgres.pid" "-D $PGDATA" postgres
	log "stopped"
}

# purge: stop everything, undo the recorded host changes (newest first) and delete the NetBox
# cache (database, virtual environment, secrets). Terraform's build stays.
cmd_purge() {
	cmd_down
	local kind a b pkgs=()
	if [[ -s $HOST_CHANGES ]]; then
		while read -r kind a b; do
			case $kind in
			acl) setfacl -x "u:$a" "$b" 2>/dev/null && log "removed the ACL entry of $a on $b" ;;
			chmod-o+x) chmod o-x "$a" && log "removed o+x from $a" ;;
			user) userdel "$a" 2>/dev/null && log "deleted the user $a" ;;
			pkg) pkgs+=("$a") ;;
			esac
		done < <(tac "$HOST_CHANGES")
	fi
	if ((${#pkgs[@]})); then
		log "purging the Debian packages the script installed: ${pkgs[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq --autoremove "${pkgs[@]}" </dev/null >&2 || true
	fi
	rm -rf "$NB"
	log "purged $NB"
}

cmd_status() {
	local ok=0 v
	if pg_alive; then
		echo "postgres: running (pid $(pid_of "$RUN/postgres.pid"), $LISTEN:$PG_PORT, data $PGDATA)"
	else
		echo "postgres: stopped"
	fi
	if redis_alive; then
		echo "redis:    running (pid $(pid_of "$RUN/redis.pid"), $LISTEN:$REDIS_PORT)"
	else
		echo "redis:    stopped"
	fi
	if gunicorn_running; then
		echo "gunicorn: running (pid $(pid_of "$GUNICORN_PID"), $URL, user $NB_USER)"
	else
		echo "gunicorn: stopped"
	fi
	if [[ -s $TOKENS ]]; then
		# shellcheck disable=SC1090
		source "$TOKENS"
		if v=$(status_version "Bearer $NETBOX_TOKEN_V2"); then
			echo "netbox:   healthy, version $v, $URL (tokens: $TOKENS)"
			ok=1
		fi
	fi
	((ok)) || {
		echo "netbox:   NOT healthy"
		return 1
	}
}

cmd_env() {
	[[ -s $TOKENS ]] || die "$TOKENS is missing: run 'bash scripts/netbox-dev.sh up' first"
	(
		# shellcheck disable=SC1090
		source "$TOKENS"
		printf 'export NETBOX_URL=%q\n' "$NETBOX_URL"
		printf 'export NETBOX_TOKEN=%q\n' "$NETBOX_TOKEN"
		printf 'export NETBOX_TOKEN_V1=%q\n' "$NETBOX_TOKEN_V1"
	)
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
env) cmd_env ;;
make-seed) cmd_make_seed ;;
purge)
	lock
	cmd_purge
	;;
*)
	echo "usage: $0 up|down|status|env|purge" >&2
	exit 2
	;;
esac
