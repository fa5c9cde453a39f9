#!/usr/bin/env python3
"""A stand-in for a tax service: GET /rates/<region> answers {"region": ..., "rate": "0.20"}.

Usage: python3 tax_service.py PORT   (listens on 127.0.0.1 only; stop it with Ctrl-C or kill)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RATES = {"fr": "0.20", "de": "0.19", "lu": "0.17"}


class Rates(BaseHTTPRequestHandler):
    def do_GET(self):
        region = self.path.removeprefix("/rates/")
        found = self.path.startswith("/rates/") and region in RATES
        body = json.dumps({"region": region, "rate": RATES[region]} if found else {"error": "no such region"})
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Rates).serve_forever()
