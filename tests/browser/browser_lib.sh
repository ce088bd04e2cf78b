# browser_lib.sh: what a browser test file needs before its own setup, sourced after it sets
# TEST_NAME: the repository's paths, chromium and playwright-core (npm ci on first use), the e2e
# library (a fresh database in the embedded PostgreSQL) and the lending fixture.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/browser"
: "${PRUDENT_BIN:=$ROOT/bin/prudent}"
export PRUDENT_BIN
if [ ! -x /usr/bin/chromium ]; then echo "not ok - no /usr/bin/chromium: run scripts/bootstrap"; exit 1; fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
    (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
        { echo "not ok - npm ci failed in tests/browser"; exit 1; }
fi
NO_SUMMARY_HELPERS=1
# shellcheck source=../e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
# shellcheck source=../e2e/lending_fixture.sh
. "$ROOT/tests/e2e/lending_fixture.sh"
