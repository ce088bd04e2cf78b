#!/usr/bin/env bash
# test_reports.sh (browser): the HTML reports as a browser shows and prints them. Headless
# Chromium renders the golden HTML reports of tests/fixtures/reports/book/expected/ (pinned by
# tests/e2e/test_reports_book.sh) to PNG and prints them to PDF: the PNG must have content (not a
# blank page), the PDF must be A4 pages (595 x 842 points, from the report's @page rule) and
# the outturn must start each of its six annexes on a new page.
set -uo pipefail
cd "$(dirname "$0")/../.."
EXPECTED=tests/fixtures/reports/book/expected
T=$(mktemp -d /tmp/browser-reports.XXXXXX)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do echo "    $l"; done; }

CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROME" ]; then
    echo "skip - render the HTML reports: no chromium (scripts/bootstrap installs it)"
    exit 0
fi
chrome() { timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$T/profile" --disable-dev-shm-usage "$@" >"$T/chrome.log" 2>&1; }

for name in pi outturn; do
    html="$PWD/$EXPECTED/$name.html"
    [ -f "$html" ] || { notok "$name.html is there" "missing: $html"; continue; }
    chrome --window-size=900,1400 --screenshot="$T/$name.png" "file://$html"
    if [ -s "$T/$name.png" ]; then ok "$name.html renders to PNG"; else
        notok "$name.html renders to PNG" "$(tail -3 "$T/chrome.log")"; continue; fi
    # Not blank: the decoded image has many distinct rows (text, tables, charts).
    rows=$(python3 - "$T/$name.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
stride = len(raw) // h
print(len({raw[i * stride + 1:(i + 1) * stride] for i in range(h)}))
PY
)
    if [ "${rows:-0}" -gt 200 ]; then ok "$name PNG has content ($rows distinct rows)"; else
        notok "$name PNG has content" "only ${rows:-0} distinct rows of pixels"; fi
    chrome --no-pdf-header-footer --print-to-pdf="$T/$name.pdf" "file://$html"
    if [ -s "$T/$name.pdf" ]; then ok "$name.html prints to PDF"; else
        notok "$name.html prints to PDF" "$(tail -3 "$T/chrome.log")"; continue; fi
    read -r pages a4 < <(python3 - "$T/$name.pdf" <<'PY'
import re, sys
pdf = open(sys.argv[1], "rb").read()
boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
a4 = all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842) < 2 for w, h in boxes) and boxes
print(pages, "yes" if a4 else "no")
PY
)
    if [ "$a4" = yes ]; then ok "$name prints on A4 ($pages pages)"; else
        notok "$name prints on A4" "pages $pages, media boxes not A4"; fi
    if [ "$name" = outturn ]; then
        if [ "${pages:-0}" -ge 6 ]; then ok "each outturn annex starts a page ($pages pages)"; else
            notok "each outturn annex starts a page" "only $pages pages"; fi
    fi
done
