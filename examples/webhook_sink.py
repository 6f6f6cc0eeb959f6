#!/usr/bin/env python3
"""Receives Whistle's webhook notifications and prints them: `python3 examples/webhook_sink.py 9999`.

The demo resident r-001's webhook is http://127.0.0.1:9999/hooks/r-001 (see `make run`).
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        print(f"{self.path}  [{body['kind']}] {body['text']}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 9999), Sink).serve_forever()
