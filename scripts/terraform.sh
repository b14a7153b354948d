#!/usr/bin/env bash
# Prints the path of a Terraform v1.5.7 CLI (the last MPL-2.0 release), building
# it from source with `go install` when it is missing. Nothing but the path goes
# to stdout; progress goes to stderr.
#
#   TF_ACC_TERRAFORM_PATH="$(bash scripts/terraform.sh)" go test ./...
#
# The binary lives in $HEDGEHOG_CACHE (default ~/.cache/terraform-provider-hedgehog)
# under bin/tf-1.5.7/terraform. A first build takes about 5 minutes; later calls
# return at once. Concurrent calls wait for one build.
set -euo pipefail

TF_VERSION=1.5.7
CACHE=${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}
DIR="$CACHE/bin/tf-$TF_VERSION"
BIN="$DIR/terraform"

log() { printf 'terraform.sh: %s\n' "$*" >&2; }

is_good() {
	[[ -x "$BIN" ]] || return 1
	local out
	out=$(CHECKPOINT_DISABLE=1 "$BIN" version 2>/dev/null) || return 1
	[[ "${out%%$'\n'*}" == "Terraform v$TF_VERSION" ]]
}

# Another process (a previous shell, a Makefile run) may be building right now
# with the same command; wait for it rather than building twice.
wait_for_foreign_build() {
	local waited=0
	while pgrep -f "go install github.com/hashicorp/terraform@v$TF_VERSION" >/dev/null 2>&1; do
		((waited % 30 == 0)) && log "waiting for a running Terraform v$TF_VERSION build (${waited}s)"
		sleep 5
		waited=$((waited + 5))
		if ((waited > 1800)); then
			log "gave up waiting after ${waited}s"
			break
		fi
	done
}

build() {
	command -v go >/dev/null || { log "go is not installed"; exit 1; }
	log "building Terraform v$TF_VERSION from source into $DIR (about 5 minutes)"
	local tmp
	tmp=$(mktemp -d "$CACHE/bin/.tf-$TF_VERSION.XXXXXX")
	# Outside any module, so the provider's go.mod and go.work play no part.
	if ! (cd "$tmp" && GOBIN="$tmp" CGO_ENABLED=0 GOWORK=off \
		go install "github.com/hashicorp/terraform@v$TF_VERSION" >&2); then
		rm -rf "$tmp"
		log "go install github.com/hashicorp/terraform@v$TF_VERSION failed"
		exit 1
	fi
	mkdir -p "$DIR"
	mv -f "$tmp/terraform" "$BIN.new"
	mv -f "$BIN.new" "$BIN"
	rm -rf "$tmp"
}

if is_good; then
	echo "$BIN"
	exit 0
fi

mkdir -p "$CACHE/bin"
wait_for_foreign_build

if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE/bin/.tf-$TF_VERSION.lock"
	flock 9
fi
if ! is_good; then
	build
fi
if ! is_good; then
	log "$BIN does not report Terraform v$TF_VERSION"
	exit 1
fi
echo "$BIN"
