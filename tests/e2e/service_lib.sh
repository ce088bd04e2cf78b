# tests/e2e/service_lib.sh: helpers for tests of `prudent serve` (sourced after lib.sh):
#   start_service LOG [ENV...]   start it on a free loopback port (port 0, read back from the
#                                "listening" log line); sets SVC_PID and URL
#                                with PRUDENT_FEEDS=$SERVICE_FEEDS (default: an empty folder)
#   req METHOD PATH [TOKEN] [CURL-ARGS...]   sets STATUS, OUT (the body) and HDR (the headers)
# Services started here are stopped (SIGTERM) when the test exits, and an embedded cluster under
# $T/home, if the test made one, is stopped too.
PIDS=()
cleanup() {
    local pid; for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    [ -d "$T/home" ] && env -u PRUDENT_DB PRUDENT_HOME="$T/home" "$PRUDENT_BIN" db stop >/dev/null 2>&1
}
trap cleanup EXIT

# start_service LOG [ENV...]: start `prudent serve` on a free port; sets SVC_PID and URL.
start_service() {
    local log=$1; shift
    mkdir -p "$T/nofeeds"   # no feed polls unless the test defines some (SERVICE_FEEDS=DIR)
    env "$@" PRUDENT_FEEDS="${SERVICE_FEEDS:-$T/nofeeds}" "$PRUDENT_BIN" serve --listen 127.0.0.1:0 --threads 2 2>"$log" &
    SVC_PID=$!
    PIDS+=("$SVC_PID")
    local port="" i
    for i in $(seq 1 100); do
        port=$(jq -R -r 'fromjson? | select(.msg == "listening") | .listen' "$log" 2>/dev/null | sed 's/.*://')
        [ -n "$port" ] && break
        kill -0 "$SVC_PID" 2>/dev/null || break
        sleep 0.1
    done
    URL="http://127.0.0.1:$port"
    [ -n "$port" ]
}

# req METHOD PATH [TOKEN] [CURL-ARGS...]: sets STATUS, OUT (the body) and HDR (the headers).
req() {
    local method=$1 path=$2 token=${3:-}; shift 3 2>/dev/null || shift $#
    local auth=(); [ -n "$token" ] && auth=(-H "Authorization: Bearer $token")
    STATUS=$(curl -s -o "$T/.body" -D "$T/.hdr" -w '%{http_code}' -X "$method" "${auth[@]}" "$@" "$URL$path")
    OUT=$(cat "$T/.body"); HDR=$(cat "$T/.hdr")
}


# finish stops the services and the test's own cluster first (before lib.sh removes $T).
eval "$(declare -f finish | sed '1s/^finish/_lib_finish/')"
finish() { cleanup; PIDS=(); _lib_finish; }
