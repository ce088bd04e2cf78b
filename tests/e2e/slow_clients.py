#!/usr/bin/env python3
# slow_clients.py: open N idle TCP connections to HOST:PORT from SOURCE (a slowloris client: each
# sends half a request line and then nothing), print how many the kernel accepted, and hold them
# until stdin closes or HOLD seconds pass. Used by tests/e2e/test_controls_edges.sh.
# usage: slow_clients.py HOST PORT SOURCE N HOLD
import resource, select, socket, sys, time

host, port, source, n, hold = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < n + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))
socks = []
deadline = time.monotonic() + 30  # a server that stops accepting leaves connects waiting
for _ in range(n):
    if time.monotonic() > deadline:
        break
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.bind((source, 0))
        s.connect((host, port))
        s.send(b"GET /healthz HT")
        socks.append(s)
    except OSError:
        s.close()
print(len(socks), flush=True)
select.select([sys.stdin], [], [], hold)
