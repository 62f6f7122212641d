"""Schemathesis hooks: sign device requests and authenticate staff requests, as real clients do.

Device routes (security: deviceSignature) are signed exactly as libs/device-auth/src/device-signature.ts
verifies them: base64url(HMAC-SHA256(SHA-256(secret), METHOD\\nPATH\\nSHA-256(body) hex\\ntimestamp\\nnonce)),
PATH being the request target with its query string and the body the bytes sent. Staff routes
(security: staffBearer) get the token of a role the operation's `x-roles` names.

Set by tools/api-fuzz/run.mjs: HCV_FUZZ_DEVICE_ID, HCV_FUZZ_DEVICE_SECRET, HCV_FUZZ_STAFF_TOKENS (JSON role → token).
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import time

import requests
import schemathesis

DEVICE_ID = os.environ["HCV_FUZZ_DEVICE_ID"]
SIGNING_KEY = hashlib.sha256(os.environ["HCV_FUZZ_DEVICE_SECRET"].encode("utf-8")).digest()
STAFF_TOKENS = json.loads(os.environ["HCV_FUZZ_STAFF_TOKENS"])
# The role used when a route takes several: the broadest reader first.
ROLE_PREFERENCE = ["operator", "auditor", "analyst", "site-manager"]


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _left_out_header(case):
    """The header a coverage case leaves out on purpose (to see it refused), lower-cased; else None."""
    data = getattr(getattr(getattr(case, "meta", None), "phase", None), "data", None)
    if getattr(data, "scenario", None) == "missing_parameter" and str(getattr(data, "parameter_location", "")).lower().endswith("header"):
        return str(data.parameter).lower()
    return None


def _schemes(operation) -> set:
    return {name for requirement in operation.definition.raw.get("security", []) for name in requirement}


@schemathesis.hook
def before_call(context, case, kwargs):
    schemes = _schemes(case.operation)
    if case.headers is None:
        case.headers = {}
    left_out = _left_out_header(case)
    if "staffBearer" in schemes and left_out != "authorization":
        roles = case.operation.definition.raw.get("x-roles", [])
        role = next(r for r in ROLE_PREFERENCE if r in roles)
        case.headers["Authorization"] = f"Bearer {STAFF_TOKENS[role]}"
    if "deviceSignature" in schemes:
        # The request exactly as it will be sent (same serialisation, same URL encoding).
        prepared = requests.Request(**{k: v for k, v in case.as_transport_kwargs(base_url=kwargs.get("base_url")).items() if k in ("method", "url", "headers", "params", "data", "json", "cookies")}).prepare()
        body = prepared.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        timestamp = str(int(time.time() * 1000))
        nonce = _b64url(secrets.token_bytes(12))
        canonical = "\n".join([prepared.method.upper(), prepared.path_url, hashlib.sha256(body).hexdigest(), timestamp, nonce])
        signed = {
            "x-device-id": DEVICE_ID,
            "x-timestamp": timestamp,
            "x-nonce": nonce,
            "x-signature": _b64url(hmac.new(SIGNING_KEY, canonical.encode("utf-8"), hashlib.sha256).digest()),
        }
        case.headers.update({name: value for name, value in signed.items() if name != left_out})
