# tests/e2e/alerts_lib.sh: helpers for the alert tests: loopback receivers that record what
# they receive (servers/http_sink.py, servers/smtp_sink.py). Sourced after lib.sh.
SERVERS="$ROOT/tests/e2e/servers"
# Every sink's pid, one a line: a file, not a variable, because start_sink usually runs in a
# $(...) subshell whose variables are lost; stop_all_sinks (the EXIT trap) reads it.
_SINK_PIDS="$T/.sink-pids"

# start_sink KIND DIR [PORT]: start http or smtp sink recording into DIR; prints its port.
start_sink() {
    local kind=$1 dir=$2 port=${3:-}
    mkdir -p "$dir"
    rm -f "$dir/port"
    if [ "$kind" = http ]; then
        python3 "$SERVERS/http_sink.py" "$dir" ${port:+--port "$port"} >"$dir/log" 2>&1 &
    else
        python3 "$SERVERS/smtp_sink.py" "$dir" ${port:+--port "$port"} >"$dir/log" 2>&1 &
    fi
    echo $! >"$dir/pid"
    echo $! >>"$_SINK_PIDS"
    local i
    for i in $(seq 1 100); do
        [ -s "$dir/port" ] && { cat "$dir/port"; return 0; }
        sleep 0.05
    done
    echo "sink $kind did not start: $(cat "$dir/log")" >&2
    return 1
}

# stop_sink DIR: stop the sink started on DIR.
stop_sink() {
    local pid; pid=$(cat "$1/pid")
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

stop_all_sinks() {
    local pid
    [ -f "$_SINK_PIDS" ] || return 0
    while read -r pid; do kill "$pid" 2>/dev/null; done <"$_SINK_PIDS"
    wait 2>/dev/null
    return 0
}

# received DIR: how many requests/messages DIR holds.
received() { find "$1" -maxdepth 1 -name '*-[0-9]*.json' | wc -l; }

# bodies DIR: every recorded request body (webhooks) as one JSON array.
webhook_bodies() { cat "$1"/req-*.json 2>/dev/null | jq -s '[.[].body | fromjson]'; }
