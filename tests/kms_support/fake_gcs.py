"""A FAKE of Google Cloud Storage's JSON upload API, for rsops' `publish`
tests only.

Why a fake: Google ships no Cloud Storage emulator, and none is in any
registry reachable here. Clients reach it the way Google's own client
libraries reach an emulator: STORAGE_EMULATOR_HOST=127.0.0.1:PORT, over
plain http and without a token. It implements only object uploads, from the
published JSON API reference:

  POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name={name}
       body: the object                      (rsops)
  POST /upload/storage/v1/b/{bucket}/o?uploadType=multipart
       body: multipart/related, JSON metadata then the object  (Go's client)

answering with an object resource. Every request is appended to a log (one
JSON object a line: method, path, query, headers, the object's name,
content type and base64 bytes) for the tests to inspect byte for byte.

Usage: python fake_gcs.py PORT LOG
"""

import base64
import email.parser
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, LOG = int(sys.argv[1]), sys.argv[2]


def multipart(content_type, body):
    """The metadata and the object of a multipart/related body."""
    # The default (compat32) policy keeps header values as sent.
    message = email.parser.BytesParser().parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts = message.get_payload()
    if len(parts) != 2:
        raise ValueError("expected 2 parts, got %d" % len(parts))
    metadata = json.loads(parts[0].get_payload(decode=True))
    return metadata, str(parts[1]["Content-Type"]), parts[1].get_payload(decode=True)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        """The request body, sent whole or chunked (Go's client chunks)."""
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while self.rfile.readline().strip():
                    pass
                return body
            body += self.rfile.read(size)
            self.rfile.readline()

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        body = self.body()
        prefix = "/upload/storage/v1/b/"
        if not url.path.startswith(prefix) or not url.path.endswith("/o"):
            return self.answer(404, {"error": {"code": 404, "message": "no such API"}})
        bucket = urllib.parse.unquote(url.path[len(prefix):-2])
        kind = query.get("uploadType", [""])[0]
        try:
            if kind == "media":
                name, data = query["name"][0], body
                content_type = self.headers["Content-Type"]
            elif kind == "multipart":
                metadata, content_type, data = multipart(self.headers["Content-Type"], body)
                name = metadata["name"]
            else:
                raise ValueError("uploadType %r" % kind)
        except (KeyError, ValueError) as e:
            return self.answer(400, {"error": {"code": 400, "message": str(e)}})
        with open(LOG, "a") as log:
            log.write(json.dumps({
                "method": "POST",
                "path": url.path,
                "query": url.query,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "bucket": bucket,
                "name": name,
                "content_type": content_type,
                "data": base64.b64encode(data).decode(),
            }) + "\n")
        self.answer(200, {
            "kind": "storage#object",
            "bucket": bucket,
            "name": name,
            "id": "%s/%s/1" % (bucket, name),
            "generation": "1",
            "size": str(len(data)),
        })


HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
