"""What the fake key services (fake_*.py beside this file) share: an HTTP
request handler that answers JSON and appends every request to a log, one
JSON object a line, for rsops' tests to inspect."""

import json
from http.server import BaseHTTPRequestHandler


class RecordingHandler(BaseHTTPRequestHandler):
    """Subclasses set LOG (the log's path) and CONTENT_TYPE (their
    service's JSON content type, spelt as the service spells it)."""

    LOG = None
    CONTENT_TYPE = "application/json"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", self.CONTENT_TYPE)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def record(self):
        """Reads the request's body, logs the request, returns the body."""
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        entry = {
            "method": self.command,
            "path": self.path,
            "content_type": self.headers.get("Content-Type"),
            "authorization": self.headers.get("Authorization"),
            "body": raw.decode(errors="replace"),
        }
        with open(self.LOG, "a") as log:
            log.write(json.dumps(entry) + "\n")
        return raw
