# test_bootstrap.sh: scripts/bootstrap installs what each target uses. A bare Debian 12 once
# failed `make run` at the link (-lz: libxlsxwriter's pkg-config file asks for zlib, whose -dev
# package nothing installed) while the development machines happened to have it. Here:
#   - each -lNAME of the link line comes from a package of the build group (cmocka: test group);
#   - each program that scripts/run-demo runs comes from the run group, each that the test suites
#     run from the test group, each that the bench runs from the bench group, where "comes from"
#     means the package owning the program is in the group or among its dependencies, or is part
#     of every Debian system (Priority: required, or Essential);
#   - the browser that the browser suite launches is installed by the test group.
NO_FRESH_DB=1
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

closure() { # group -> every package its packages pull in (Depends and Pre-Depends), one a line
    # shellcheck disable=SC2046
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances $(scripts/bootstrap --list "$1") 2>/dev/null |
        sed -n 's/^\([a-z0-9][a-z0-9.+-]*\)\(:[a-z0-9]*\)\{0,1\}$/\1/p; s/^ *\(Pre\)\{0,1\}Depends: \([a-z0-9][a-z0-9.+-]*\).*/\2/p' |
        sort -u
}
base_system() { # package -> yes when every Debian 12 system has it
    dpkg-query -W -f='${Priority} ${Essential}\n' "$1" 2>/dev/null | grep -qE '^required|yes$'
}
owner() { # path -> the package that installed it, or nothing
    dpkg-query -S "$1" 2>/dev/null | head -1 | sed 's/:.*//; s/,.*//'
}
# What the bare machine has before anything is installed: Debian minbase, git, make and sudo.
GIVEN=$(printf '%s\n' git make sudo)
in_list() { # word, list
    printf '%s\n' "$2" | grep -qx -- "$1"
}

# --- the link line ------------------------------------------------------------------------
build_pkgs=$(scripts/bootstrap --list build)
test_pkgs=$(closure test)
libs=$(make -s --no-print-directory print-libs)
expect_match "the link line names the libraries (make print-libs)" "$libs" '-lpq .*-lxlsxwriter'
for l in $libs; do
    name=${l#-l}
    f=$(cc -print-file-name="lib$name.so")
    [ "$f" = "lib$name.so" ] && f=$(cc -print-file-name="lib$name.a")   # glibc's -lpthread
    f=$(realpath -s "$f")
    pkg=$(owner "$f")
    [ -z "$pkg" ] && pkg=$(owner "$(realpath "$f")")
    if [ "$name" = cmocka ]; then
        expect_eq "-l$name ($f) comes from a package the test group installs" \
            "$(in_list "$pkg" "$test_pkgs" && echo yes || echo "no: ${pkg:-no package owns it}")" yes
    else
        expect_eq "-l$name ($f) comes from a package the build group installs" \
            "$(in_list "$pkg" "$build_pkgs" && echo yes || echo "no: ${pkg:-no package owns it}")" yes
    fi
done

# --- the programs the scripts run ---------------------------------------------------------
# The words in command position (after a pipe, ;, &&, ||, $(, a keyword...), that name a program
# on this machine rather than a shell builtin or a function of the scripts.
commands_of() { # files... -> program names, one a line
    python3 - "$@" <<'PY'
import re, sys
words = set()
keywords = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "in",
            "case", "esac", "function", "select", "time", "exec", "!", "{", "}", "[[", "]]",
            "command", "sudo", "env", "timeout", "nohup", "setsid", "local", "export"}
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    if not (path.endswith(".sh") or re.match(r"#!.*\b(ba)?sh\b", text)):
        continue                                          # a python or node script
    text = re.sub(r"<<-?\s*'?(\w+)'?\n.*?\n\1\n", "\n", text, flags=re.S)   # here-documents
    text = re.sub(r"(^|\s)#[^\n]*", "", text)            # comments
    text = re.sub(r"'[^']*'", "''", text)                  # jq, awk and sed programs
    text = text.replace("\\\n", " ")                       # continued lines
    for line in text.splitlines():
        for part in re.split(r"\|\||&&|[|;&`]|\$\(|\(|\bthen\b|\bdo\b|\belse\b", line):
            toks = part.split()
            while toks and (re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", toks[0]) or toks[0] in keywords):
                toks.pop(0)
            if toks and re.match(r"^[a-z][a-z0-9_.+-]*$", toks[0]):
                words.add(toks[0])
print("\n".join(sorted(words)))
PY
}
check_group() { # group, what, files...
    local group=$1 what=$2 pkgs cmd path pkg missing=""
    shift 2
    pkgs=$(closure "$group")
    for cmd in $(commands_of "$@"); do
        [ "$(type -t "$cmd")" = file ] || continue
        in_list "$cmd" "$GIVEN" && continue
        pkg=""
        for d in /usr/bin /bin /usr/sbin /sbin; do   # /bin is /usr/bin, but dpkg knows one name
            [ -x "$d/$cmd" ] || continue
            pkg=$(owner "$d/$cmd")
            [ -z "$pkg" ] && pkg=$(owner "$(realpath "$d/$cmd")")   # an alternative (awk, cc)
            [ -n "$pkg" ] && break
        done
        [ -n "$pkg" ] || { missing="$missing $cmd(no Debian package)"; continue; }
        in_list "$pkg" "$pkgs" || base_system "$pkg" || missing="$missing $cmd($pkg)"
    done
    expect_eq "every program $what runs is installed by the $group group" "${missing# }" ""
}
check_group run "make run (scripts/run-demo, scripts/demo-book)" scripts/run-demo scripts/demo-book
check_group test "the test suites" scripts/run-tests scripts/lint tests/e2e/*.sh tests/browser/run \
    tests/browser/*.sh
check_group bench "make bench" scripts/bench scripts/bench-gen

# --- the browser --------------------------------------------------------------------------
browser=$(grep -ho "executablePath[^'\"]*['\"][^'\"]*" tests/browser/*.js | sed "s/.*['\"]//" | sort -u | head -1)
expect_match "the browser suite names the browser it launches" "$browser" '^/'
expect_eq "... and the test group installs it ($browser)" \
    "$(in_list "$(owner "$browser")" "$test_pkgs" && echo yes || echo "no: $(owner "$browser")")" yes

# --- the groups themselves ----------------------------------------------------------------
expect_eq "the run group leaves out the test and bench tools" \
    "$(scripts/bootstrap --list run | grep -xE 'chromium|nodejs|npm|clang-14|wrk|libcmocka-dev' | tr '\n' ' ')" ""
expect_match "DEBIAN_FRONTEND reaches apt-get through sudo (on its command line)" \
    "$(grep -n 'apt-get' scripts/bootstrap | grep -v '^ *#')" 'env DEBIAN_FRONTEND=noninteractive apt-get'
finish
