#!/usr/bin/env bash
# Build the site and start Relay on the embedded defaults (SQLite under ./data, demo tenant on).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export RELAY_DEMO=${RELAY_DEMO:-true}
exec cargo leptos serve --release
