#!/usr/bin/env bash
# Every check Relay has: formatting, clippy for both feature sets, unit and integration tests
# (the store contract suite on SQLite and on a real PostgreSQL), then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
logdir=$(mktemp -d)

step "bootstrap"
scripts/bootstrap.sh --test

step "rustfmt"
cargo fmt --all -- --check

step "clippy (server side: app[ssr] + server + the relay-sim fakes)"
cargo clippy -p app -p server -p relay-sim --all-targets -- -D warnings
step "clippy (production server: no demo feature, so product code cannot reach the fakes)"
cargo clippy -p server --no-default-features --all-targets -- -D warnings
step "clippy (browser side: frontend + app[hydrate], wasm32)"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "PostgreSQL for the store contract suite"
eval "$(scripts/pg-test-server.sh)"
export RELAY_TEST_PG_URL

step "unit and integration tests (store suite on SQLite and PostgreSQL)"
cargo test -p app -p server -p relay-sim 2>&1 | tee "$logdir/cargo-test.log"

step "browser tests (Playwright driving Debian's Chromium against a fresh Relay)"
e2e_data=$(mktemp -d)
# A free port of our own, so a Relay left running elsewhere cannot answer for this one.
e2e_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop_e2e_server() {
  local pid
  # Must never fail: it runs on exit, and its status would replace the script's.
  pid=$( (ss -ltnpH "sport = :$e2e_port" 2>/dev/null || true) | grep -o 'pid=[0-9]*' | cut -d= -f2 | head -n1 || true)
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$e2e_data"
}
trap stop_e2e_server EXIT
export RELAY_E2E_BASE_URL="http://127.0.0.1:$e2e_port"
# The activity spec alters a row in this database file to check that Verify notices.
export RELAY_E2E_DATA_DIR="$e2e_data"
# The public URL is the real one: the demo's simulated voice platform posts calls to it.
LEPTOS_SITE_ADDR="127.0.0.1:$e2e_port" RELAY_BIND="127.0.0.1:$e2e_port" \
  RELAY_PUBLIC_BASE_URL="$RELAY_E2E_BASE_URL" \
  RELAY_DATA_DIR="$e2e_data" RELAY_DEMO=true RELAY_LOG_LEVEL=warn \
  cargo leptos end-to-end 2>&1 | tee "$logdir/e2e.log"

# cargo-leptos can exit 0 when its build fails, so the Playwright summary is the proof.
if grep -Eq '^ *[0-9]+ (failed|flaky)' "$logdir/e2e.log" || ! grep -Eq '^ *[0-9]+ passed' "$logdir/e2e.log"; then
  echo "browser tests did not all pass (see above)" >&2
  exit 1
fi

rust_passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$logdir/cargo-test.log" | awk '{s+=$4} END {print s+0}')
e2e_passed=$(grep -Eo '^ *[0-9]+ passed' "$logdir/e2e.log" | awk '{s+=$1} END {print s+0}')
echo
echo "Rust tests: $rust_passed passed; browser tests: $e2e_passed passed"
echo "$((rust_passed + e2e_passed)) passed, 0 failed"
