"""A FAKE of Azure Key Vault's key operations and of Microsoft Entra ID's
token endpoint, for rsops' tests only.

Why a fake: Microsoft ships no Key Vault emulator in any registry reachable
here. It implements, from the published REST reference, what a Key Vault
client calls, over HTTPS with a certificate from its own throwaway CA:

  any vault request without a token -> 401 with the bearer challenge
      WWW-Authenticate: Bearer authorization="<authority>/<tenant>", resource="https://127.0.0.1"
  GET  /keys/{name}?api-version=7.6                     -> {"key": {"kid": ...}}
  POST /keys/{name}/{version}/encrypt?api-version=7.6   {"alg": "RSA-OAEP-256", "value": base64url}
  POST /keys/{name}/{version}/decrypt?api-version=7.6   (same shape)
  POST /{tenant}/oauth2/v2.0/token  client_credentials with a client secret, a
       federated client assertion, or a client assertion signed with the
       registered certificate's key (PS256; its x5t#S256 thumbprint, any x5c
       chain, claims and signature verified) -> {"access_token", ...}
  GET  /{tenant}/v2.0/.well-known/openid-configuration, /common/discovery/instance
       (what Microsoft's own libraries read before asking for a token)

Encryption is real RSA-OAEP with SHA-256 under a per-key RSA key made at
start-up, and any request of another shape is refused. Every request is
appended to a log (one JSON object a line) for the tests to inspect.

Usage: python fake_azure_kv.py PORT LOG CA_PEM_OUT CLIENT_ID CLIENT_SECRET ASSERTION_FILE CLIENT_CERT_PEM KEY_NAME...
"""

import base64
import datetime
import hashlib
import ipaddress
import json
import os
import ssl
import sys
import tempfile
import time
import urllib.parse
from http.server import HTTPServer

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from fake_http import RecordingHandler

PORT, LOG, CA_OUT, CLIENT_ID, CLIENT_SECRET, ASSERTION_FILE, CLIENT_CERT = sys.argv[1:8]
HOST = "https://127.0.0.1:%s" % PORT
TENANT = "00000000-fake-tenant"
TOKEN = "azure-fake-access-token"
SCOPE = "https://127.0.0.1/.default"
KEYS = {name: rsa.generate_private_key(public_exponent=65537, key_size=2048) for name in sys.argv[8:]}
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_FORM = ["grant_type", "client_id", "client_assertion_type", "client_assertion", "scope"]
VERSION = "0123456789abcdef0123456789abcdef"
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_tls():
    """A throwaway CA (written to CA_OUT for the client to trust) and a
    server certificate for 127.0.0.1 signed by it."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rsops test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    with open(CA_OUT + ".tmp", "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    pem = tempfile.NamedTemporaryFile(delete=False, suffix=".pem")
    pem.write(cert.public_bytes(serialization.Encoding.PEM))
    pem.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()))
    pem.close()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem.name)
    return context


class Handler(RecordingHandler):
    protocol_version = "HTTP/1.1"
    LOG = LOG
    CONTENT_TYPE = "application/json; charset=utf-8"

    def error(self, status, code, message):
        self.reply(status, {"error": {"code": code, "message": message}})

    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/%s/v2.0/.well-known/openid-configuration" % TENANT:
            base = "%s/%s" % (HOST, TENANT)
            return self.reply(200, {"token_endpoint": base + "/oauth2/v2.0/token",
                                    "authorization_endpoint": base + "/oauth2/v2.0/authorize",
                                    "issuer": base + "/v2.0"})
        if url.path == "/common/discovery/instance":
            return self.reply(200, {
                "tenant_discovery_endpoint": "%s/%s/v2.0/.well-known/openid-configuration" % (HOST, TENANT),
                "api-version": "1.1",
                "metadata": [{"preferred_network": "127.0.0.1:" + PORT, "preferred_cache": "127.0.0.1:" + PORT,
                              "aliases": ["127.0.0.1:" + PORT]}]})
        parts = url.path.strip("/").split("/")
        if not self.vault_request(url, parts, 2):
            return
        self.reply(200, {"key": {"kid": "%s/keys/%s/%s" % (HOST, parts[1], VERSION), "kty": "RSA",
                                 "key_ops": ["encrypt", "decrypt", "wrapKey", "unwrapKey"]}})

    def vault_request(self, url, parts, length):
        """Checks a vault request's path, API version and token; answers
        and returns False when it is not acceptable."""
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            self.unauthorized()
            return False
        if len(parts) != length or parts[0] != "keys" or parts[1] not in KEYS:
            self.error(404, "KeyNotFound", "A key with (name/id) %s was not found in this key vault." % url.path)
            return False
        if "api-version=7.6" not in url.query.split("&"):
            self.error(400, "BadParameter", "api-version must be 7.6, got %r" % url.query)
            return False
        return True

    def do_POST(self):
        raw = self.record()
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/%s/oauth2/v2.0/token" % TENANT:
            return self.token(raw)
        parts = url.path.strip("/").split("/")
        if len(parts) == 4 and parts[0] == "keys" and self.headers.get("Authorization") != "Bearer " + TOKEN:
            return self.unauthorized()
        if len(parts) != 4 or parts[0] != "keys" or parts[1] not in KEYS or parts[2] != VERSION \
                or parts[3] not in ("encrypt", "decrypt"):
            return self.error(404, "KeyNotFound", "A key with (name/id) %s was not found in this key vault." % url.path)
        if "api-version=7.6" not in url.query.split("&"):
            return self.error(400, "BadParameter", "api-version must be 7.6, got %r" % url.query)
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self.error(400, "BadParameter", "content type must be JSON")
        body = json.loads(raw)
        if sorted(body) != ["alg", "value"] or body["alg"] != "RSA-OAEP-256":
            return self.error(400, "BadParameter", "expected exactly alg=RSA-OAEP-256 and value, got %s" % body)
        key = KEYS[parts[1]]
        value = b64url_decode(body["value"])
        if parts[3] == "encrypt":
            out = key.public_key().encrypt(value, OAEP)
        else:
            try:
                out = key.decrypt(value, OAEP)
            except ValueError:
                return self.error(400, "BadParameter", "Error while decrypting: the ciphertext is not valid for this key.")
        self.reply(200, {"kid": "%s/keys/%s/%s" % (HOST, parts[1], VERSION), "value": b64url(out)})

    def unauthorized(self):
        challenge = 'Bearer authorization="%s/%s", resource="https://127.0.0.1"' % (HOST, TENANT)
        self.reply(401, {"error": {"code": "Unauthorized", "message": "AKV10000: Request is missing a Bearer or PoP token."}},
                   headers=[("WWW-Authenticate", challenge)])

    def token(self, raw):
        pairs = urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True)
        form = dict(pairs)
        names = [name for name, _ in pairs]
        error = None
        if form.get("grant_type") != "client_credentials" or form.get("client_id") != CLIENT_ID \
                or form.get("scope") != SCOPE:
            error = "AADSTS700016: grant_type, client_id or scope is not this application's."
        elif "client_secret" in form:
            if names != ["grant_type", "client_id", "client_secret", "scope"] or form["client_secret"] != CLIENT_SECRET:
                error = "AADSTS7000215: Invalid client secret provided."
        elif names == ASSERTION_FORM and form["client_assertion_type"] == JWT_BEARER:
            with open(ASSERTION_FILE) as f:
                federated = f.read().strip()
            if form["client_assertion"] != federated:
                error = certificate_assertion_error(form["client_assertion"])
        else:
            error = "AADSTS900144: expected the fields %s or a client secret, got %s" % (ASSERTION_FORM, names)
        if error:
            return self.reply(401, {"error": "invalid_client", "error_description": error})
        self.reply(200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599})


def certificate_assertion_error(jwt):
    """Checks a client assertion as Entra ID does for a certificate
    credential; None when it is valid, else the error."""
    try:
        head, body, signature = jwt.split(".")
        header = json.loads(b64url_decode(head))
        claims = json.loads(b64url_decode(body))
    except ValueError:
        return "AADSTS50027: JWT token is invalid or malformed."
    with open(CLIENT_CERT, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    der = cert.public_bytes(serialization.Encoding.DER)
    if header.get("alg") != "PS256" or header.get("typ") != "JWT":
        return "AADSTS5002738: expected alg PS256 and typ JWT, got %s" % header
    if header.get("x5t#S256") != b64url(hashlib.sha256(der).digest()):
        return "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application."
    if "x5c" in header and (not header["x5c"] or base64.b64decode(header["x5c"][0]) != der):
        return "AADSTS700027: x5c does not start with the registered certificate."
    try:
        cert.public_key().verify(b64url_decode(signature), (head + "." + body).encode(),
                                 padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    except InvalidSignature:
        return "AADSTS700027: Client assertion failed signature validation."
    now = time.time()
    if claims.get("aud") != "%s/%s/oauth2/v2.0/token" % (HOST, TENANT) or claims.get("iss") != CLIENT_ID \
            or claims.get("sub") != CLIENT_ID or not claims.get("jti"):
        return "AADSTS700021: aud, iss, sub or jti of the client assertion is wrong: %s" % claims
    if not (claims.get("nbf", now + 1) <= now + 300 and claims.get("exp", 0) > now):
        return "AADSTS700024: Client assertion is not within its valid time range."
    return None


server = HTTPServer(("127.0.0.1", int(PORT)), Handler)
server.socket = make_tls().wrap_socket(server.socket, server_side=True)
# The CA file appears only once the server can answer, so that a test that
# waits for it knows the server is up.
os.rename(CA_OUT + ".tmp", CA_OUT)
server.serve_forever()
