#!/usr/bin/env bash
# Placeholder: the demo (plan and apply the example fabric against a local
# NetBox) is not written yet.
set -euo pipefail
echo "demo not yet implemented" >&2
exit 1
