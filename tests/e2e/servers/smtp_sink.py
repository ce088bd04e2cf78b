#!/usr/bin/env python3
"""smtp_sink.py: a tiny SMTP listener for tests (smtpd is deprecated). Speaks just enough
SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to accept every message, and records each
one in DIR as msg-NNNN.json: the envelope sender, recipients and the message text (dot-
unstuffed). Listens on 127.0.0.1 at an ephemeral port (or --port) and writes it to DIR/port.

usage: smtp_sink.py DIR [--port N]"""
import json
import os
import socketserver
import sys
import threading

DIR = sys.argv[1]
PORT = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 0
lock = threading.Lock()
counter = [0]


class Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink.test ESMTP ready")
        sender, rcpts = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-sink.test")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 sink.test")
            elif verb == "MAIL":
                sender, rcpts = line.split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(line.split(":", 1)[1].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while True:
                    d = self.rfile.readline()
                    if not d or d in (b".\r\n", b".\n"):
                        break
                    if d.startswith(b".."):
                        d = d[1:]
                    lines.append(d)
                with lock:
                    counter[0] += 1
                    n = counter[0]
                msg = {"from": sender, "to": rcpts,
                       "data": b"".join(lines).decode("utf-8", "replace")}
                tmp = os.path.join(DIR, f".msg-{n:04d}.json")
                with open(tmp, "w") as f:
                    json.dump(msg, f)
                os.rename(tmp, os.path.join(DIR, f"msg-{n:04d}.json"))
                self.reply(f"250 OK queued as {n}")
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", PORT), Handler)
with open(os.path.join(DIR, ".port"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(DIR, ".port"), os.path.join(DIR, "port"))
server.serve_forever()
