#!/usr/bin/env bash
# test_crash_report.sh: a report that cannot be written gives a clear error, a non-zero exit and
# no file at all (not even a partial one or a stray temporary): a missing directory, a read-only
# directory, a full disk (a 64 KiB tmpfs, when this test may mount one), and a write refused
# mid-file (RLIMIT_FSIZE, which needs no privilege).
. "$(dirname "$0")/lib.sh"
export PRUDENT_NOW=2018-04-03T09:00:00Z

p authority add TST --name "Testshire County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
p import investments "$FIXTURES/book/investments.csv"
expect_rc 0 "a small book to report on"

p report portfolio --as-of 2018-03-31 --format html -o /nonexistent/dir/x.html
expect_rc 2 "a missing directory exits 2"
expect_match "it names the path and why" "$ERR" '/nonexistent/dir/x.html: cannot write: No such file or directory'
expect_eq "nothing created" "$(ls -d /nonexistent 2>/dev/null)" ""

# A read-only directory: chmod does not stop root, so as root the report runs as nobody.
mkdir "$T/ro" && chmod 555 "$T/ro"
as=()
if [ "$(id -u)" -eq 0 ]; then as=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
run "${as[@]}" "$PRUDENT_BIN" report portfolio --as-of 2018-03-31 --format html -o "$T/ro/x.html"
expect_rc 2 "a read-only directory exits 2"
expect_match "it says permission denied" "$ERR" 'ro/x.html: cannot write: Permission denied'
expect_eq "the read-only directory is still empty" "$(ls -A "$T/ro")" ""

# A write refused part way through: the file size limit makes write() fail with EFBIG once the
# first KiB is written (SIGXFSZ ignored, as a full disk gives ENOSPC without a signal).
mkdir "$T/lim"
run bash -c 'trap "" XFSZ; ulimit -f 1; exec "$0" "$@"' "$PRUDENT_BIN" \
    report portfolio --as-of 2018-03-31 --format html -o "$T/lim/x.html"
expect_rc 3 "a write failing mid-file exits 3"
expect_match "it says writing failed and why" "$ERR" 'lim/x.html: writing failed: File too large'
expect_eq "no partial file, no temporary left" "$(ls -A "$T/lim")" ""
p report portfolio --as-of 2018-03-31 --format html -o "$T/lim/x.html"
expect_rc 0 "the same report then succeeds"
expect_match "and is complete" "$(tail -c 200 "$T/lim/x.html")" '</html>'

# A full disk: a 64 KiB tmpfs filled up first.
mkdir "$T/full"
if mount -t tmpfs -o size=64k tmpfs "$T/full" 2>/dev/null; then
    trap 'umount "$T/full" 2>/dev/null' EXIT
    dd if=/dev/zero of="$T/full/filler" bs=4k 2>/dev/null
    for fmt in html xlsx; do
        p report portfolio --as-of 2018-03-31 --format $fmt -o "$T/full/x.$fmt"
        expect_rc 3 "a full disk exits 3 ($fmt)"
        expect_match "it says no space ($fmt)" "$ERR" "x.$fmt: .*(No space left on device|writing failed)"
        expect_eq "only the filler on the full disk ($fmt)" "$(ls -A "$T/full")" "filler"
    done
    umount "$T/full"
    trap - EXIT
else
    skip "a full disk" "cannot mount a tmpfs here (needs root in a namespace that allows it)"
fi
finish
