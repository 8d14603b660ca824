#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test of every module.
# ROUTEC_REQUIRE_KERNEL=1 (set by .ci/run) makes kernel tests fail instead of skipping.
# -Droutec.long=true runs the long differential/fuzz campaigns as well.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$ROOT/scripts/setup.sh"
routec_setup
cd "$ROOT"
export ROUTEC_REQUIRE_KERNEL="${ROUTEC_REQUIRE_KERNEL:-0}"
exec mvn -B install "$@"
