#!/usr/bin/env python3
"""feedserver.py: a small HTTP server on 127.0.0.1 for the feed tests (tests/e2e/test_feeds.sh).

Serves the files of --dir as recorded-style payloads, with ETag and Last-Modified (answering
If-None-Match with 304), and injects faults by path prefix:
  /NAME                   the file, 200 (Content-Type from the extension)
  /html/NAME              an HTML error page with status 200 (Content-Type text/csv, to lie)
  /status/CODE/NAME       status CODE with a short body
  /truncate/NAME          Content-Length of the whole file, half of it sent, then the
                          connection is closed
  /slow/SECONDS/NAME      waits SECONDS before answering
  /redirect/NAME          302 to /NAME
Each request is logged to --log as "PATH<TAB>User-Agent<TAB>If-None-Match". It listens on a free
port and writes the port number to --port-file once ready.
"""
import argparse
import hashlib
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
HTML = (b"<!DOCTYPE html>\n<html><head><title>Error</title></head>\n"
        b"<body><h1>Sorry</h1><p>The series code is not valid.</p></body></html>\n")
LAST_MODIFIED = "Wed, 07 Jan 2026 09:00:00 GMT"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_body(self, code, body, ctype, extra=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def read_file(self, name):
        path = os.path.join(ARGS.dir, os.path.basename(name))
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError:
            return None

    def do_GET(self):
        with open(ARGS.log, "a") as log:
            log.write("%s\t%s\t%s\n" % (self.path, self.headers.get("User-Agent", ""),
                                         self.headers.get("If-None-Match", "")))
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        if not parts:
            return self.send_body(404, b"not found\n", "text/plain")
        kind = parts[0]
        if kind == "html":
            return self.send_body(200, HTML, "text/csv")
        if kind == "status" and len(parts) >= 2:
            return self.send_body(int(parts[1]), b"Internal Server Error\n", "text/plain")
        if kind == "redirect" and len(parts) >= 2:
            self.send_response(302)
            self.send_header("Location", "/" + parts[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "slow" and len(parts) >= 3:
            time.sleep(float(parts[1]))
            parts = parts[2:]
            kind = parts[0]
        if kind == "truncate" and len(parts) >= 2:
            body = self.read_file(parts[1]) or b""
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        body = self.read_file(parts[-1])
        if body is None:
            return self.send_body(404, b"not found\n", "text/plain")
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        ctype = "application/json" if parts[-1].endswith(".json") else "text/csv"
        self.send_body(200, body, ctype, {"ETag": etag, "Last-Modified": LAST_MODIFIED})


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ARGS = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, ARGS.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
