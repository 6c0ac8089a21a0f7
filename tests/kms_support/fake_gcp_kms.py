"""A FAKE of GCP Cloud KMS's REST API and Google's OAuth token endpoint,
for rsops' tests only.

Why a fake: Google ships no Cloud KMS emulator, and none is in any registry
reachable here. It implements only what sops-style clients call, from the
published REST reference:

  POST /v1/{name}:encrypt  {"plaintext": base64}   -> {"name", "ciphertext"}
  POST /v1/{name}:decrypt  {"ciphertext": base64}  -> {"plaintext"}
  POST /token  grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer
               assertion=<RS256 JWT>               -> {"access_token", ...}

and it refuses any request whose shape differs (method, path, headers,
exact JSON fields), answering with Google's error format. Its "encryption"
is NOT cryptography: the ciphertext is the key name and the plaintext, so
that a ciphertext only decrypts with the key that made it. Every request is
appended to a log (one JSON object a line) for the tests to inspect.

Usage: python fake_gcp_kms.py PORT LOG SA_PUBLIC_KEY_PEM STATIC_TOKEN KEY_NAME...
"""

import base64
import json
import sys
import time
import urllib.parse
from http.server import HTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from fake_http import RecordingHandler

PORT, LOG, SA_PUBLIC_PEM, STATIC_TOKEN = sys.argv[1:5]
KEYS = set(sys.argv[5:])
SA_TOKEN = "ya29.fake-token-from-service-account"
SCOPE = "https://www.googleapis.com/auth/cloudkms"

with open(SA_PUBLIC_PEM, "rb") as f:
    SA_PUBLIC = serialization.load_pem_public_key(f.read())


def b64decode_strict(text):
    return base64.b64decode(text.encode(), validate=True)


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Handler(RecordingHandler):
    LOG = LOG
    CONTENT_TYPE = "application/json; charset=UTF-8"

    def error(self, status, message, code):
        self.reply(status, {"error": {"code": status, "message": message, "status": code}})

    def do_POST(self):
        raw = self.record()
        if self.path == "/token":
            return self.token(raw)
        if not self.path.startswith("/v1/") or ":" not in self.path:
            return self.error(404, "unknown path " + self.path, "NOT_FOUND")
        name, op = self.path[len("/v1/"):].rsplit(":", 1)
        auth = self.headers.get("Authorization", "")
        if auth not in ("Bearer " + STATIC_TOKEN, "Bearer " + SA_TOKEN):
            return self.error(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED")
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self.error(400, "content type must be JSON", "INVALID_ARGUMENT")
        if name not in KEYS:
            return self.error(404, "CryptoKey %s not found." % name, "NOT_FOUND")
        try:
            body = json.loads(raw)
        except ValueError:
            return self.error(400, "body is not JSON", "INVALID_ARGUMENT")
        if op == "encrypt":
            if set(body) != {"plaintext"}:
                return self.error(400, "unexpected fields %s" % sorted(body), "INVALID_ARGUMENT")
            plain = b64decode_strict(body["plaintext"])
            blob = name.encode() + b"\0" + plain
            return self.reply(200, {"name": name + "/cryptoKeyVersions/1",
                                    "ciphertext": base64.b64encode(blob).decode()})
        if op == "decrypt":
            if set(body) != {"ciphertext"}:
                return self.error(400, "unexpected fields %s" % sorted(body), "INVALID_ARGUMENT")
            blob = b64decode_strict(body["ciphertext"])
            prefix = name.encode() + b"\0"
            if not blob.startswith(prefix):
                return self.error(400, "Decryption failed: the ciphertext is invalid.", "INVALID_ARGUMENT")
            return self.reply(200, {"plaintext": base64.b64encode(blob[len(prefix):]).decode()})
        return self.error(404, "unknown method " + op, "NOT_FOUND")

    def token(self, raw):
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
            return self.reply(400, {"error": "invalid_request", "error_description": "not a form"})
        form = urllib.parse.parse_qs(raw.decode(), strict_parsing=True)
        if sorted(form) != ["assertion", "grant_type"] or \
                form["grant_type"] != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return self.reply(400, {"error": "invalid_grant", "error_description": "bad form %s" % sorted(form)})
        head, claims, signature = form["assertion"][0].split(".")
        try:
            SA_PUBLIC.verify(b64url(signature), (head + "." + claims).encode(),
                             padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return self.reply(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        header = json.loads(b64url(head))
        claims = json.loads(b64url(claims))
        now = time.time()
        ok = header.get("alg") == "RS256" and claims.get("scope") == SCOPE \
            and claims.get("aud") == "http://127.0.0.1:%s/token" % PORT \
            and claims.get("iss", "").endswith(".iam.gserviceaccount.com") \
            and claims["iat"] <= now + 60 and claims["exp"] > now
        if not ok:
            return self.reply(400, {"error": "invalid_grant", "error_description": "bad JWT %s %s" % (header, claims)})
        return self.reply(200, {"access_token": SA_TOKEN, "expires_in": 3599, "token_type": "Bearer"})


HTTPServer(("127.0.0.1", int(PORT)), Handler).serve_forever()
