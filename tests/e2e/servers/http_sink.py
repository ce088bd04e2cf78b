#!/usr/bin/env python3
"""http_sink.py: a webhook receiver for tests. Records every POST it receives as one JSON file
in DIR (headers and body), and answers with the status written in DIR/status (default 200).
Optional DIR/delay (seconds) slows each answer down. Listens on 127.0.0.1 at an ephemeral port
(or --port) and writes the port to DIR/port once ready.

usage: http_sink.py DIR [--port N]"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR = sys.argv[1]
PORT = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 0
lock = threading.Lock()
counter = [0]


def read(name, default):
    try:
        with open(os.path.join(DIR, name)) as f:
            return f.read().strip() or default
    except OSError:
        return default


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = int(read("status", "200"))
        time.sleep(float(read("delay", "0")))
        with lock:
            counter[0] += 1
            n = counter[0]
        record = {"path": self.path, "status": status, "headers": dict(self.headers.items()),
                  "body": body.decode("utf-8", "replace")}
        tmp = os.path.join(DIR, f".req-{n:04d}.json")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(DIR, f"req-{n:04d}.json"))
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok\n" if status < 300 else b"receiver says no\n")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
with open(os.path.join(DIR, ".port"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(DIR, ".port"), os.path.join(DIR, "port"))
server.serve_forever()
