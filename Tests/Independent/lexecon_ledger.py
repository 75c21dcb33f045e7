#!/usr/bin/python3
"""Independent implementation of the lexecon ledger format, version 1.

Written only from docs/LEDGER_FORMAT.md and the public standards it cites
(RFC 8785, RFC 6962, RFC 8032, RFC 4648, C2SP signed-note / tlog-checkpoint).
Standard library plus PyNaCl (libsodium) for Ed25519.

    lexecon_ledger.py verify LEDGER [--public-key PEM] [--checkpoint FILE]...
    lexecon_ledger.py write LEDGER --seed-hex HEX [--ledger-id HEX] NOTE...
    lexecon_ledger.py selftest [VECTOR_DIR]
    lexecon_ledger.py tamper LEDGER OUTDIR

Exit codes of verify: 0 VALID, 1 INVALID, 2 usage or I/O error.
"""

import base64
import binascii
import datetime
import hashlib
import os
import re
import sys

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover
    sys.stderr.write("lexecon_ledger.py needs PyNaCl (Debian: python3-nacl, run with /usr/bin/python3)\n")
    sys.exit(2)

NS = b"lexecon/v1"
RECORD_PREFIX = NS + b" record\n"
KEY_PROOF_PREFIX = NS + b" key-proof\n"
GENESIS_PREFIX = NS + b" genesis\n"
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
MAX_LINE = 65536
MAX_DEPTH = 32
MAX_INT = 2 ** 53 - 1
KINDS = ("genesis", "decision", "result", "approval", "recovery", "key_rotation", "note")
ALGS = {"canon": "jcs-rfc8785", "hash": "sha256", "merkle": "rfc6962", "sig": "ed25519"}
EM_DASH = "\u2014"


def H(data):
    return hashlib.sha256(data).digest()


# ---------------------------------------------------------------- strict JSON

class JSONError(Exception):
    pass


_WS = " \t\n\r"
_SIMPLE_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX = "0123456789abcdefABCDEF"


class _Parser:
    """Strict RFC 8259 parser for the record profile of §4.

    Accepts insignificant whitespace and all JSON escapes (so that the canonical
    comparison, not the parser, reports them as NON_CANONICAL); rejects
    everything §4 lists: duplicate keys, leading zeros, fractions, exponents,
    integers beyond +-(2^53-1), -0, lone surrogate escapes, raw control
    characters in strings, trailing bytes, nesting deeper than 32, and null.
    """

    def __init__(self, text):
        self.s = text
        self.i = 0

    def fail(self, msg):
        raise JSONError("%s at character %d" % (msg, self.i))

    def ws(self):
        s, i = self.s, self.i
        while i < len(s) and s[i] in _WS:
            i += 1
        self.i = i

    def parse_document(self):
        self.ws()
        v = self.value(0)
        self.ws()
        if self.i != len(self.s):
            self.fail("trailing bytes")
        return v

    def value(self, depth):
        if self.i >= len(self.s):
            self.fail("unexpected end")
        c = self.s[self.i]
        if c == "{":
            return self.obj(depth + 1)
        if c == "[":
            return self.arr(depth + 1)
        if c == '"':
            return self.string()
        if c == "-" or "0" <= c <= "9":
            return self.number()
        for word, val in (("true", True), ("false", False)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return val
        if self.s.startswith("null", self.i):
            self.fail("null is not used by the format")
        self.fail("unexpected character %r" % c)

    def obj(self, depth):
        if depth > MAX_DEPTH:
            self.fail("nesting deeper than %d" % MAX_DEPTH)
        self.i += 1
        out = {}
        self.ws()
        if self.s.startswith("}", self.i):
            self.i += 1
            return out
        while True:
            self.ws()
            if not self.s.startswith('"', self.i):
                self.fail("expected a string key")
            k = self.string()
            if k in out:
                self.fail("duplicate key %r" % k)
            self.ws()
            if not self.s.startswith(":", self.i):
                self.fail("expected ':'")
            self.i += 1
            self.ws()
            out[k] = self.value(depth)
            self.ws()
            if self.s.startswith(",", self.i):
                self.i += 1
                continue
            if self.s.startswith("}", self.i):
                self.i += 1
                return out
            self.fail("expected ',' or '}'")

    def arr(self, depth):
        if depth > MAX_DEPTH:
            self.fail("nesting deeper than %d" % MAX_DEPTH)
        self.i += 1
        out = []
        self.ws()
        if self.s.startswith("]", self.i):
            self.i += 1
            return out
        while True:
            self.ws()
            out.append(self.value(depth))
            self.ws()
            if self.s.startswith(",", self.i):
                self.i += 1
                continue
            if self.s.startswith("]", self.i):
                self.i += 1
                return out
            self.fail("expected ',' or ']'")

    def hex4(self):
        h = self.s[self.i:self.i + 4]
        if len(h) != 4 or any(c not in _HEX for c in h):
            self.fail("bad \\u escape")
        self.i += 4
        return int(h, 16)

    def string(self):
        self.i += 1
        s = self.s
        parts = []
        while True:
            if self.i >= len(s):
                self.fail("unterminated string")
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(parts)
            if c == "\\":
                self.i += 1
                if self.i >= len(s):
                    self.fail("unterminated escape")
                e = s[self.i]
                self.i += 1
                if e in _SIMPLE_ESC:
                    parts.append(_SIMPLE_ESC[e])
                elif e == "u":
                    u = self.hex4()
                    if 0xD800 <= u <= 0xDBFF:
                        if not s.startswith("\\u", self.i):
                            self.fail("lone high surrogate escape")
                        self.i += 2
                        lo = self.hex4()
                        if not 0xDC00 <= lo <= 0xDFFF:
                            self.fail("lone high surrogate escape")
                        parts.append(chr(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)))
                    elif 0xDC00 <= u <= 0xDFFF:
                        self.fail("lone low surrogate escape")
                    else:
                        parts.append(chr(u))
                else:
                    self.fail("bad escape \\%s" % e)
            elif ord(c) < 0x20:
                self.fail("raw control character in string")
            else:
                parts.append(c)
                self.i += 1

    def number(self):
        m = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?").match(self.s, self.i)
        if not m or m.end() == self.i:
            self.fail("bad number")
        tok = m.group(0)
        nxt = self.s[m.end():m.end() + 1]
        if nxt and (nxt.isdigit() or nxt in ".eE+-"):
            self.fail("bad number %r" % (tok + nxt))
        if m.group(2) or m.group(3):
            self.fail("fraction or exponent not allowed (%s)" % tok)
        if tok == "-0":
            self.fail("-0 not allowed")
        v = int(tok)
        if abs(v) > MAX_INT:
            self.fail("integer beyond 2^53-1 (%s)" % tok)
        self.i = m.end()
        return v


def parse_json_bytes(data):
    """Strict parse of one line's bytes; raises JSONError."""
    try:
        text = data.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        raise JSONError("invalid UTF-8 at byte %d" % e.start)
    return _Parser(text).parse_document()


# ------------------------------------------------------- RFC 8785 serialiser

def _canon_str(s, out):
    out.append('"')
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif o < 0x20:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(o, "\\u%04x" % o))
        elif 0xD800 <= o <= 0xDFFF:
            raise ValueError("lone surrogate in string")
        else:
            out.append(ch)
    out.append('"')


def _canon(v, out):
    if v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif type(v) is int:
        if abs(v) > MAX_INT:
            raise ValueError("integer out of range")
        out.append(str(v))
    elif isinstance(v, str):
        _canon_str(v, out)
    elif isinstance(v, list):
        out.append("[")
        for n, e in enumerate(v):
            if n:
                out.append(",")
            _canon(e, out)
        out.append("]")
    elif isinstance(v, dict):
        out.append("{")
        for n, k in enumerate(sorted(v, key=lambda k: k.encode("utf-16-be"))):
            if n:
                out.append(",")
            _canon_str(k, out)
            out.append(":")
            _canon(v[k], out)
        out.append("}")
    else:
        raise ValueError("value outside the integer-only profile: %r" % (v,))


def canonical(v):
    out = []
    _canon(v, out)
    return "".join(out).encode("utf-8")


# ------------------------------------------------------------------ helpers

def b64_strict(s, nbytes=None):
    """Standard base64 with padding, canonical (padding bits zero); None if not."""
    if not isinstance(s, str) or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", s) or len(s) % 4:
        return None
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.b64encode(raw).decode("ascii") != s:
        return None
    if nbytes is not None and len(raw) != nbytes:
        return None
    return raw


def spki_to_raw(der):
    if len(der) != 44 or not der.startswith(SPKI_PREFIX):
        return None
    return der[len(SPKI_PREFIX):]


def key_id_of_raw(pk):
    return "sha256:" + H(SPKI_PREFIX + pk).hex()


def read_public_key_pem(path):
    with open(path, "rb") as f:
        text = f.read().decode("ascii")
    m = re.fullmatch(r"\s*-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END PUBLIC KEY-----\s*", text)
    if not m:
        raise ValueError("not a PEM PUBLIC KEY")
    der = base64.b64decode("".join(m.group(1).split()), validate=True)
    pk = spki_to_raw(der)
    if pk is None:
        raise ValueError("not an Ed25519 SubjectPublicKeyInfo")
    return pk


def pem_of_raw(pk):
    return "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n" % base64.b64encode(SPKI_PREFIX + pk).decode()


def ed25519_verify(pk, msg, sig):
    try:
        nacl.signing.VerifyKey(pk).verify(msg, sig)
        return True
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, nacl.exceptions.TypeError, ValueError):
        return False
    except Exception:
        return False


def genesis_prev(ledger_id):
    return H(GENESIS_PREFIX + ledger_id.encode("ascii")).hex()


def leaf_hash(line):
    return H(b"\x00" + line)


def merkle_root(leaves):
    """RFC 6962 MTH over a list of leaf hashes (already H(0x00||d))."""
    n = len(leaves)
    if n == 0:
        return H(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return H(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:]))


def checkpoint_key_hash(name, pk):
    return H(name.encode("utf-8") + b"\n\x01" + pk)[:4]


def body_bytes(obj):
    return canonical({k: v for k, v in obj.items() if k != "sig"})


_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x061C, 0x200E, 0x200F}


def sanitize(s):
    out = []
    for ch in str(s):
        o = ord(ch)
        if o < 0x20 or 0x7F <= o <= 0x9F or o in _BIDI or 0xD800 <= o <= 0xDFFF:
            out.append("\\u{%04x}" % o)
        else:
            out.append(ch)
    return "".join(out)


HEX64 = re.compile(r"[0-9a-f]{64}")
HEX32 = re.compile(r"[0-9a-f]{32}")
KEYID = re.compile(r"sha256:[0-9a-f]{64}")
TS = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z")


def ts_ok(ts):
    m = TS.fullmatch(ts) if isinstance(ts, str) else None
    if not m:
        return False
    y, mo, d, h, mi, s, us = (int(x) for x in m.groups())
    try:
        datetime.datetime(y, mo, d, h, mi, s, us)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------- checkpoints

class CheckpointError(Exception):
    pass


def parse_checkpoint(data):
    """Returns (text_bytes, origin, size, root, [(name, keyhash, sig)])."""
    try:
        s = data.decode("utf-8", "strict")
    except UnicodeDecodeError:
        raise CheckpointError("not UTF-8")
    idx = s.find("\n\n")
    if idx < 0:
        raise CheckpointError("no blank line between text and signatures")
    text, sigs = s[:idx + 1], s[idx + 2:]
    for ch in text:
        if ord(ch) < 0x20 and ch != "\n":
            raise CheckpointError("control character in note text")
    lines = text.split("\n")[:-1]
    if len(lines) != 3:
        raise CheckpointError("note text has %d lines, expected exactly 3" % len(lines))
    origin, size_s, root_s = lines
    if not origin or " " in origin or "+" in origin:
        raise CheckpointError("bad origin line")
    if not re.fullmatch(r"0|[1-9][0-9]*", size_s) or len(size_s) > 20:
        raise CheckpointError("bad size line")
    root = b64_strict(root_s, 32)
    if root is None:
        raise CheckpointError("bad root hash line")
    if not sigs or not sigs.endswith("\n"):
        raise CheckpointError("no signature lines")
    out = []
    for line in sigs[:-1].split("\n"):
        m = re.fullmatch(EM_DASH + r" (\S+) ([A-Za-z0-9+/=]+)", line)
        if not m:
            raise CheckpointError("bad signature line %r" % sanitize(line))
        raw = b64_strict(m.group(2))
        if raw is None or len(raw) < 5:
            raise CheckpointError("bad signature encoding")
        out.append((m.group(1), raw[:4], raw[4:]))
    return text.encode("utf-8"), origin, int(size_s), root, out


def make_checkpoint(origin, size, root, seed):
    sk = nacl.signing.SigningKey(seed)
    pk = bytes(sk.verify_key)
    text = ("%s\n%d\n%s\n" % (origin, size, base64.b64encode(root).decode())).encode()
    sig = sk.sign(text).signature
    line = "%s %s %s\n" % (EM_DASH, origin, base64.b64encode(checkpoint_key_hash(origin, pk) + sig).decode())
    return text + b"\n" + line.encode("utf-8")


# ---------------------------------------------------------------- verifier

class Finding:
    def __init__(self, line, severity, code, message):
        self.line, self.severity, self.code, self.message = line, severity, code, message

    def __str__(self):
        return "%d: %s %s: %s" % (self.line, self.severity, self.code, self.message)


class Rec:
    def __init__(self, idx, raw):
        self.idx = idx
        self.lineno = idx + 1
        self.raw = raw
        self.leaf = leaf_hash(raw)
        self.obj = None
        self.seq = None
        self.prev = None
        self.kind = None
        self.sig_ok = None          # True / False / None (not checked)
        self.untrusted = False
        self.errors = set()
        self.skip = False           # classified as inserted / duplicated
        self.link_ok = False


class Verifier:
    def __init__(self, data, pinned=None, checkpoints=()):
        self.data = data
        self.pinned = pinned
        self.checkpoints = list(checkpoints)   # list of (name, bytes)
        self.findings = []
        self.trusted_ids = {}       # key id -> raw pk (every key trusted at some point)

    def add(self, line, sev, code, msg, rec=None):
        self.findings.append(Finding(line, sev, code, msg))
        if rec is not None and sev == "ERROR":
            rec.errors.add(code)

    def err(self, rec, code, msg):
        self.add(rec.lineno, "ERROR", code, msg, rec)

    # -- pass 1: framing, parsing, canonical form, members, signatures
    def check_members(self, r, o, ledger_id):
        def bad(msg):
            self.err(r, "MALFORMED_RECORD", msg)
        v = o.get("v")
        if "v" not in o:
            return bad("missing member v")
        if type(v) is not int:
            return bad("v is not an integer")
        if v != 1:
            return self.err(r, "UNSUPPORTED_VERSION", "unknown format version v=%d" % v)
        kind = o.get("kind")
        if not isinstance(kind, str):
            return bad("missing or non-string member kind")
        if kind not in KINDS:
            return self.err(r, "UNSUPPORTED_VERSION", "unknown kind %r" % sanitize(kind))
        r.kind = kind
        problems = []

        def need(name, pred, what):
            if name not in o:
                problems.append("missing member %s" % name)
            elif not pred(o[name]):
                problems.append("member %s is not %s" % (name, what))

        def opt(name, pred, what):
            if name in o and not pred(o[name]):
                problems.append("member %s is not %s" % (name, what))

        isint = lambda x: type(x) is int
        isstr = lambda x: isinstance(x, str)
        isbool = lambda x: type(x) is bool
        isobj = lambda x: isinstance(x, dict)
        ishex = lambda x: isinstance(x, str) and HEX64.fullmatch(x) is not None
        need("ledger", lambda x: isstr(x) and HEX32.fullmatch(x) is not None, "32 lowercase hex characters")
        need("seq", lambda x: isint(x) and x >= 0, "a non-negative integer")
        need("ts", ts_ok, "a UTC time YYYY-MM-DDTHH:MM:SS.ffffffZ")
        need("prev", ishex, "64 lowercase hex characters")
        need("key", lambda x: isstr(x) and KEYID.fullmatch(x) is not None, "a key id")
        opt("boot", isstr, "a string")
        opt("mono", isint, "an integer")

        def keyobj(x):
            if not isobj(x) or not isstr(x.get("id")) or not isstr(x.get("spki")):
                return False
            der = b64_strict(x["spki"])
            return der is not None and spki_to_raw(der) is not None and \
                KEYID.fullmatch(x["id"]) is not None and "sha256:" + H(der).hex() == x["id"]

        if kind == "genesis":
            need("origin", lambda x: isstr(x) and (ledger_id is None or x == "lexecon/ledger/" + str(o.get("ledger"))),
                 "lexecon/ledger/<ledger id>")
            need("keys", lambda x: isinstance(x, list) and len(x) > 0 and all(keyobj(k) for k in x),
                 "a non-empty array of {id, spki} keys")
            need("tool", lambda x: isobj(x) and isstr(x.get("name")) and isstr(x.get("version")), "{name, version}")
            need("algs", lambda x: x == ALGS, "exactly %s" % canonical(ALGS).decode())
        elif kind == "decision":
            need("tool", isstr, "a string")
            need("cmd", isobj, "an object")
            cmd = o.get("cmd")
            if isobj(cmd):
                if "line" not in cmd and "argv" not in cmd:
                    problems.append("cmd has neither line nor argv")
                if "line" in cmd and not isstr(cmd["line"]):
                    problems.append("cmd.line is not a string")
                if "argv" in cmd and not (isinstance(cmd["argv"], list) and all(isstr(a) for a in cmd["argv"])):
                    problems.append("cmd.argv is not an array of strings")
                if not ishex(cmd.get("sha256")):
                    problems.append("cmd.sha256 is not 64 lowercase hex characters")
                elif not any(p.startswith("cmd.") for p in problems):
                    want = H(cmd["line"].encode("utf-8") if "line" in cmd else canonical(cmd["argv"])).hex()
                    if cmd["sha256"] != want:
                        problems.append("cmd.sha256 does not match the command")
            need("cwd", isstr, "a string")
            need("actor", lambda x: isobj(x) and isint(x.get("uid")) and isstr(x.get("user")) and isint(x.get("pid"))
                 and isint(x.get("ppid")) and all(isstr(x[k]) for k in ("agent", "session") if k in x),
                 "{uid, user, pid, ppid[, agent, session]}")
            need("host", lambda x: isobj(x) and isstr(x.get("name")), "{name}")
            need("policy", lambda x: isobj(x) and isstr(x.get("name")) and ishex(x.get("sha256")) and isstr(x.get("rule")),
                 "{name, sha256, rule}")
            need("decision", lambda x: x in ("ALLOW", "BLOCK", "ESCALATE"), "ALLOW, BLOCK or ESCALATE")
            need("reason", isstr, "a string")
            opt("context", isobj, "an object")
        elif kind == "approval":
            need("of", lambda x: isint(x) and x >= 0, "a seq")
            need("granted", isbool, "a boolean")
            need("approver", isstr, "a string")
        elif kind == "result":
            need("of", lambda x: isint(x) and x >= -1, "a seq, or -1 when the decision could not be identified")
            need("executed", isbool, "a boolean")
            if o.get("executed") is True:
                need("exit", isint, "an integer")
            else:
                opt("exit", isint, "an integer")
            opt("signal", isstr, "a string")
            opt("duration_ms", isint, "an integer")
            stream = lambda x: isobj(x) and isint(x.get("bytes")) and x["bytes"] >= 0 and ishex(x.get("sha256"))
            opt("stdout", stream, "{bytes, sha256}")
            opt("stderr", stream, "{bytes, sha256}")
            opt("note", isstr, "a string")
        elif kind == "recovery":
            need("offset", lambda x: isint(x) and x >= 0, "a non-negative integer")
            need("discarded_bytes", lambda x: isint(x) and x >= 0, "a non-negative integer")
            need("discarded_sha256", ishex, "64 lowercase hex characters")
            need("reason", isstr, "a string")
        elif kind == "key_rotation":
            need("new_key", keyobj, "{id, spki} of an Ed25519 key")
            need("pop", lambda x: b64_strict(x, 64) is not None, "base64 of a 64-byte signature")
        elif kind == "note":
            need("text", isstr, "a string")
        if problems:
            bad("; ".join(problems))

    def pass1(self, lines):
        recs = []
        current = None      # (key id, raw pk) of the key allowed to sign the next record
        if self.pinned is not None:
            current = (key_id_of_raw(self.pinned), self.pinned)
            self.trusted_ids[current[0]] = self.pinned
        ledger_id = None
        for idx, raw in enumerate(lines):
            r = Rec(idx, raw)
            recs.append(r)
            if raw == b"":
                self.err(r, "MALFORMED_RECORD", "blank line")
                continue
            if raw.endswith(b"\r"):
                r.errors.add("MALFORMED_RECORD")
                if not (idx > 0 and lines[idx - 1].endswith(b"\r")):
                    n = 1
                    while idx + n < len(lines) and lines[idx + n].endswith(b"\r"):
                        n += 1
                    self.err(r, "MALFORMED_RECORD", "line ends in CR (CR LF line ending)" if n == 1 else
                             "lines %d-%d end in CR (CR LF line endings)" % (r.lineno, r.lineno + n - 1))
                continue
            if idx == 0 and raw.startswith(b"\xef\xbb\xbf"):
                self.err(r, "MALFORMED_RECORD", "file starts with a byte-order mark")
                continue
            if len(raw) > MAX_LINE:
                self.err(r, "MALFORMED_RECORD", "line longer than %d bytes" % MAX_LINE)
                continue
            try:
                o = parse_json_bytes(raw)
            except JSONError as e:
                self.err(r, "MALFORMED_RECORD", "not strict JSON: %s" % sanitize(e))
                continue
            if not isinstance(o, dict):
                self.err(r, "MALFORMED_RECORD", "not a JSON object")
                continue
            r.obj = o
            if canonical(o) != raw:
                self.err(r, "NON_CANONICAL", "the line is not its own RFC 8785 serialisation")
            self.check_members(r, o, ledger_id)
            if type(o.get("seq")) is int:
                r.seq = o["seq"]
            if isinstance(o.get("prev"), str) and HEX64.fullmatch(o["prev"]):
                r.prev = o["prev"]
            lid = o.get("ledger") if isinstance(o.get("ledger"), str) else None
            if idx == 0:
                ledger_id = lid
                if r.kind == "genesis" and "UNSUPPORTED_VERSION" not in r.errors:
                    current = self.genesis_key(r, o, current)
            elif lid is not None and ledger_id is not None and lid != ledger_id:
                self.err(r, "FOREIGN_LEDGER", "ledger id %s differs from the genesis %s" % (sanitize(lid), ledger_id))
            # signature
            if "sig" not in o:
                self.err(r, "UNSIGNED_RECORD", "no sig member")
                r.sig_ok = False
                continue
            sig = b64_strict(o["sig"], 64)
            if sig is None:
                self.err(r, "BAD_SIGNATURE", "sig is not canonical standard base64 of 64 bytes")
                r.sig_ok = False
                continue
            if current is None:
                r.sig_ok = False
                r.untrusted = True
                continue
            if o.get("key") != current[0]:
                r.untrusted = True
                r.sig_ok = False
                r.claimed_key = o.get("key")
                continue
            try:
                body = body_bytes(o)
            except ValueError:
                r.sig_ok = False
                continue
            r.sig_ok = ed25519_verify(current[1], RECORD_PREFIX + body, sig)
            if r.sig_ok and r.kind == "key_rotation" and not r.errors:
                nk = o["new_key"]
                new_pk = spki_to_raw(b64_strict(nk["spki"]))
                proof = canonical({k: v for k, v in o.items() if k not in ("sig", "pop")})
                if ed25519_verify(new_pk, KEY_PROOF_PREFIX + proof, b64_strict(o["pop"], 64)):
                    current = (nk["id"], new_pk)
                    self.trusted_ids[nk["id"]] = new_pk
                    r.rotated_to = nk["id"]
                else:
                    self.err(r, "BAD_SIGNATURE", "key_rotation proof of possession (pop) does not verify")
        return recs

    def genesis_key(self, r, o, current):
        keys = o.get("keys") if isinstance(o.get("keys"), list) else []
        entries = {}
        for k in keys:
            if isinstance(k, dict) and isinstance(k.get("id"), str) and isinstance(k.get("spki"), str):
                der = b64_strict(k["spki"])
                pk = spki_to_raw(der) if der else None
                if pk is not None and "sha256:" + H(der).hex() == k["id"]:
                    entries[k["id"]] = pk
        signer = o.get("key")
        if signer not in entries:
            self.err(r, "BAD_GENESIS", "the genesis signer %s is not among its keys" % sanitize(signer))
        if self.pinned is None:
            if signer in entries:
                self.trusted_ids[signer] = entries[signer]
                return (signer, entries[signer])
            return None
        if current[0] not in entries:
            self.err(r, "UNTRUSTED_KEY", "the pinned key %s is not among the genesis keys" % current[0])
        return current

    # -- pass 2: the chain
    def pass2(self, recs):
        if not recs:
            self.add(1, "ERROR", "BAD_GENESIS", "the ledger has no records")
            return
        g = recs[0]
        if g.obj is not None:
            if g.kind != "genesis" and "UNSUPPORTED_VERSION" not in g.errors:
                self.err(g, "BAD_GENESIS", "the first record is not a genesis record (kind %s, seq %s)"
                         % (sanitize(g.kind), g.seq))
            else:
                if g.seq is not None and g.seq != 0:
                    self.err(g, "BAD_GENESIS", "genesis seq is %d, not 0" % g.seq)
                lid = g.obj.get("ledger")
                if g.prev is not None and isinstance(lid, str) and HEX32.fullmatch(lid) and g.prev != genesis_prev(lid):
                    self.err(g, "FOREIGN_LEDGER", "genesis prev is not the seed of ledger %s" % lid)
        elif not g.errors:
            self.err(g, "BAD_GENESIS", "the first line is not a genesis record")
        if g.obj is not None:
            g.link_ok = True
        leaf_index = {}
        for r in recs:
            leaf_index.setdefault(r.leaf.hex(), r.idx)
        seen_leaf = {g.leaf: g.idx}
        seen_seq = {g.seq: g.idx} if g.seq is not None else {}
        p, pp = g, None
        exp_seq = g.seq + 1 if g.seq is not None else None
        last_break_code = None
        last_ts = g.obj.get("ts") if g.obj else None
        for r in recs[1:]:
            code, msg, at = None, None, r
            if r.kind == "genesis":
                self.err(r, "BAD_GENESIS", "a second genesis record")
            if r.leaf in seen_leaf:
                r.skip = True
                code, msg = "RECORD_DUPLICATED", "identical to line %d" % (seen_leaf[r.leaf] + 1)
            elif r.obj is None or r.prev is None or r.seq is None:
                # already reported as malformed; resynchronise on this line
                seen_leaf[r.leaf] = r.idx
                pp, p, exp_seq = p, r, None
                last_break_code = None
                continue
            else:
                r.link_ok = r.prev == p.leaf.hex()
                if r.link_ok:
                    if exp_seq is not None and r.seq != exp_seq:
                        if r.seq in seen_seq:
                            code, msg = "RECORD_DUPLICATED", "seq %d already used at line %d" % (r.seq, seen_seq[r.seq] + 1)
                        elif r.seq > exp_seq:
                            code, msg = "SEQ_GAP", "seq %d follows seq %d although prev links" % (r.seq, exp_seq - 1)
                        else:
                            code, msg = "RECORDS_REORDERED", "seq %d is not greater than seq %d" % (r.seq, exp_seq - 1)
                else:
                    nxt = recs[r.idx + 1] if r.idx + 1 < len(recs) else None
                    if pp is not None and p.link_ok and not p.skip and r.prev == pp.leaf.hex():
                        at = p
                        p.skip = True
                        code, msg = "RECORD_INSERTED", "does not belong between lines %d and %d, which link to each other" % (pp.lineno, r.lineno)
                    elif nxt is not None and nxt.prev == p.leaf.hex() and r.prev not in leaf_index:
                        r.skip = True
                        code, msg = "RECORD_INSERTED", "does not belong between lines %d and %d, which link to each other" % (p.lineno, nxt.lineno)
                    elif r.prev in leaf_index and leaf_index[r.prev] != p.idx:
                        code, msg = "RECORDS_REORDERED", "prev links to line %d, not to the line before it" % (leaf_index[r.prev] + 1)
                    elif r.seq in seen_seq:
                        code, msg = "RECORD_DUPLICATED", "seq %d already used at line %d" % (r.seq, seen_seq[r.seq] + 1)
                    elif exp_seq is not None and r.seq < exp_seq:
                        code, msg = "RECORDS_REORDERED", "seq %d after seq %d" % (r.seq, exp_seq - 1)
                    elif exp_seq is not None and r.seq > exp_seq:
                        n = r.seq - exp_seq
                        rng = ("seq %d" % exp_seq) if n == 1 else ("seq %d-%d" % (exp_seq, r.seq - 1))
                        code, msg = "RECORDS_MISSING", "%d record%s missing before this line (%s)" % (n, "" if n == 1 else "s", rng)
                    else:
                        if p.errors or r.errors or r.sig_ok is False:
                            code = "(covered)"
                        else:
                            at = p
                            code, msg = "RECORD_MODIFIED", "line changed: line %d's prev does not match its hash" % r.lineno
            if code and code != "(covered)":
                if not (code == last_break_code and code == "RECORDS_REORDERED"):
                    self.err(at, code, msg)
            last_break_code = code if code else None
            if r.skip:
                continue
            if at is p and p.skip:   # p was inserted: r continues from pp
                p = pp
            seen_leaf[r.leaf] = r.idx
            if r.seq is not None:
                seen_seq.setdefault(r.seq, r.idx)
            ts = r.obj.get("ts") if r.obj else None
            if isinstance(ts, str) and isinstance(last_ts, str) and ts_ok(ts) and ts_ok(last_ts) and ts < last_ts:
                self.add(r.lineno, "WARN", "TIME_REGRESSION", "ts %s is earlier than the previous record's %s" % (ts, last_ts))
            if isinstance(ts, str):
                last_ts = ts
            pp, p = p, r
            exp_seq = r.seq + 1 if r.seq is not None else None

    def report_signatures(self, recs):
        run = None   # coalesce consecutive records signed by one untrusted key

        def flush():
            if run:
                a, b, kid = run
                where = "line %d" % a if a == b else "lines %d-%d" % (a, b)
                self.add(a, "ERROR", "UNTRUSTED_KEY", "%s signed by %s, not a trusted key" % (where, sanitize(kid)))
        for r in recs:
            if r.obj is None or r.skip:
                continue
            if r.untrusted:
                kid = getattr(r, "claimed_key", None) or r.obj.get("key")
                r.errors.add("UNTRUSTED_KEY")
                if run and run[1] == r.lineno - 1 and run[2] == kid:
                    run = (run[0], r.lineno, kid)
                else:
                    flush()
                    run = (r.lineno, r.lineno, kid)
                continue
            if r.sig_ok is False and not ({"BAD_SIGNATURE", "UNSIGNED_RECORD"} & r.errors):
                self.err(r, "RECORD_MODIFIED", "signature does not verify over the record's body")
            if r.kind == "recovery" and r.sig_ok:
                o = r.obj
                self.add(r.lineno, "WARN", "WRITER_RECOVERY", "recovery record: %s bytes at offset %s discarded (%s)"
                         % (o.get("discarded_bytes"), o.get("offset"), sanitize(o.get("reason"))))
        flush()

    def check_checkpoints(self, recs, origin):
        leaves = [r.leaf for r in recs]
        anchored = None
        for name, data in self.checkpoints:
            try:
                text, cp_origin, size, root, sigs = parse_checkpoint(data)
            except CheckpointError as e:
                self.add(0, "ERROR", "CHECKPOINT_INVALID", "%s: %s" % (sanitize(name), sanitize(e)))
                continue
            if origin is not None and cp_origin != origin:
                self.add(0, "ERROR", "CHECKPOINT_INVALID", "%s: origin %s is not the ledger's origin %s"
                         % (sanitize(name), sanitize(cp_origin), sanitize(origin)))
                continue
            ok, bad = False, False
            for kid, pk in self.trusted_ids.items():
                kh = checkpoint_key_hash(cp_origin, pk)
                for sname, shash, sig in sigs:
                    if sname == cp_origin and shash == kh:
                        if ed25519_verify(pk, text, sig):
                            ok = True
                        else:
                            bad = True
            if bad or not ok:
                self.add(0, "ERROR", "CHECKPOINT_INVALID", "%s: %s" % (sanitize(name),
                         "a signature by the trusted key does not verify" if bad else "not signed by the trusted key"))
                continue
            if size > len(recs):
                self.add(len(recs) + 1, "ERROR", "TRUNCATED", "%s covers %d records, the ledger has %d"
                         % (sanitize(name), size, len(recs)))
                continue
            got = merkle_root(leaves[:size])
            if got != root:
                self.add(max(size, 1), "ERROR", "DIVERGED", "%s: Merkle root over the first %d records is %s, checkpoint says %s"
                         % (sanitize(name), size, got.hex(), root.hex()))
                continue
            anchored = size if anchored is None else max(anchored, size)
        if not self.checkpoints:
            if recs:
                self.add(1, "WARN", "UNANCHORED_TAIL", "no checkpoint supplied: removal of records at the end would not be detected")
        elif anchored is not None and anchored < len(recs):
            self.add(anchored + 1, "WARN", "UNANCHORED_TAIL", "%d record(s) after the last checkpoint (size %d): a cut there would not be detected"
                     % (len(recs) - anchored, anchored))

    def run(self):
        data = self.data
        lines = data.split(b"\n")
        tail = lines.pop()          # bytes after the last LF (b"" if the file ends in LF)
        if self.pinned is None:
            self.add(0, "WARN", "NOT_PINNED", "no public key given: only internal consistency is proven")
        recs = self.pass1(lines)
        self.pass2(recs)
        self.report_signatures(recs)
        origin = None
        if recs and recs[0].obj is not None and recs[0].kind == "genesis" and isinstance(recs[0].obj.get("origin"), str):
            origin = recs[0].obj["origin"]
        if tail:
            self.add(len(lines) + 1, "WARN", "TORN_TAIL", "%d bytes after the last LF (an interrupted write); not a record" % len(tail))
        self.check_checkpoints(recs, origin)
        self.findings.sort(key=lambda f: f.line)
        self.records = len(recs)
        return not any(f.severity == "ERROR" for f in self.findings)


def cmd_verify(args):
    ledger, pem, cps = None, None, []
    it = iter(args)
    for a in it:
        if a == "--public-key":
            pem = next(it, None)
        elif a == "--checkpoint":
            cps.append(next(it, None))
        elif ledger is None and not a.startswith("--"):
            ledger = a
        else:
            sys.stderr.write("verify: unexpected argument %s\n" % a)
            return 2
    if ledger is None or (pem is None and "--public-key" in args) or None in cps:
        sys.stderr.write("usage: verify LEDGER [--public-key PEM] [--checkpoint FILE]...\n")
        return 2
    try:
        with open(ledger, "rb") as f:
            data = f.read()
        pinned = read_public_key_pem(pem) if pem else None
        cpdata = []
        for c in cps:
            with open(c, "rb") as f:
                cpdata.append((c, f.read()))
    except (OSError, ValueError, UnicodeDecodeError, binascii.Error) as e:
        sys.stderr.write("error: %s\n" % sanitize(e))
        return 2
    v = Verifier(data, pinned, cpdata)
    ok = v.run()
    for f in v.findings:
        print(f)
    print("Records: %d" % v.records)
    print("Status: %s" % ("VALID" if ok else "INVALID"))
    return 0 if ok else 1


# ------------------------------------------------------------------ writer

class Writer:
    def __init__(self, seed, ledger_id, tool=("lexecon-independent-python", "1")):
        self.sk = nacl.signing.SigningKey(seed)
        self.seed = seed
        self.pk = bytes(self.sk.verify_key)
        self.kid = key_id_of_raw(self.pk)
        self.ledger_id = ledger_id
        self.origin = "lexecon/ledger/" + ledger_id
        self.tool = tool
        self.lines = []
        self.last_ts = ""

    def now(self):
        ts = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if ts < self.last_ts:
            ts = self.last_ts
        self.last_ts = ts
        return ts

    def sign_record(self, obj):
        obj = dict(obj)
        obj.pop("sig", None)
        sig = self.sk.sign(RECORD_PREFIX + canonical(obj)).signature
        obj["sig"] = base64.b64encode(sig).decode()
        return canonical(obj)

    def append(self, kind, members, ts=None):
        seq = len(self.lines)
        prev = genesis_prev(self.ledger_id) if seq == 0 else leaf_hash(self.lines[-1]).hex()
        obj = {"v": 1, "ledger": self.ledger_id, "seq": seq, "kind": kind, "ts": ts or self.now(),
               "prev": prev, "key": self.kid}
        obj.update(members)
        line = self.sign_record(obj)
        self.lines.append(line)
        return line

    def genesis(self, ts=None):
        spki = base64.b64encode(SPKI_PREFIX + self.pk).decode()
        return self.append("genesis", {"origin": self.origin, "keys": [{"id": self.kid, "spki": spki}],
                                       "tool": {"name": self.tool[0], "version": self.tool[1]}, "algs": dict(ALGS)}, ts)

    def data(self):
        return b"".join(l + b"\n" for l in self.lines)

    def checkpoint(self):
        return make_checkpoint(self.origin, len(self.lines), merkle_root([leaf_hash(l) for l in self.lines]), self.seed)


def cmd_write(args):
    ledger, seed_hex, lid, notes = None, None, None, []
    it = iter(args)
    for a in it:
        if a == "--seed-hex":
            seed_hex = next(it, None)
        elif a == "--ledger-id":
            lid = next(it, None)
        elif ledger is None:
            ledger = a
        else:
            notes.append(a)
    try:
        seed = bytes.fromhex(seed_hex or "")
    except ValueError:
        seed = b""
    if ledger is None or len(seed) != 32 or (lid is not None and not HEX32.fullmatch(lid)):
        sys.stderr.write("usage: write LEDGER --seed-hex HEX64 [--ledger-id HEX32] NOTE...\n")
        return 2
    w = Writer(seed, lid or os.urandom(16).hex())
    try:
        w.genesis()
        for n in notes:
            n.encode("utf-8")   # rejects arguments that are not valid UTF-8
            w.append("note", {"text": n})
    except (UnicodeEncodeError, ValueError) as e:
        sys.stderr.write("error: note text is not valid Unicode: %s\n" % sanitize(e))
        return 2
    try:
        fd = os.open(ledger, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(w.data())
        with open(ledger + ".head", "wb") as f:
            f.write(w.checkpoint())
        with open(os.path.join(os.path.dirname(os.path.abspath(ledger)), "public_key.pem"), "w") as f:
            f.write(pem_of_raw(w.pk))
    except OSError as e:
        sys.stderr.write("error: %s\n" % e)
        return 2
    print("wrote %d records to %s (key %s)" % (len(w.lines), ledger, w.kid))
    return 0


# ---------------------------------------------------------------- selftest

def _parser_cases():
    """(bytes, should_parse, should_be_canonical)"""
    return [
        (b'{"a":1}', True, True),
        (b'{"a":1,"a":2}', False, None),
        (b'{"a":1.0}', False, None),
        (b'{"a":1e2}', False, None),
        (b'{"a":01}', False, None),
        (b'{"a":-0}', False, None),
        (b'{"a":NaN}', False, None),
        (b'{"a":Infinity}', False, None),
        (b'{"a":null}', False, None),
        (b'{"a":9007199254740991}', True, True),
        (b'{"a":-9007199254740991}', True, True),
        (b'{"a":9007199254740992}', False, None),
        (b'{"a":"\\ud800"}', False, None),
        (b'{"a":"\\udc00x"}', False, None),
        (b'{"a":"\\ud83d\\udd12"}', True, False),
        (b'{"a":"\xff"}', False, None),
        (b'{"a":"\xed\xa0\x80"}', False, None),
        (b'{"a":"\xc0\xaf"}', False, None),
        (b'{"a":"\x01"}', False, None),
        (b'{"a":"\\u0001"}', True, True),
        (b'{"a":"\\u001F"}', True, False),
        (b'{"a":"\\/"}', True, False),
        (b'{"a":"/\x7f\xc3\xa9"}', True, True),
        (b'{"a":"\\u0041"}', True, False),
        (b'{"a":1} ', True, False),
        (b'{"a":1}x', False, None),
        (b'{"a":1}{}', False, None),
        (b'{ "a":1}', True, False),
        (b'{"b":1,"a":2}', True, False),
        (b'{"a":[1,2,]}', False, None),
        (b'{"a":tru}', False, None),
        (b'{"\xf0\x9f\x98\x80":2,"\xef\xbd\xa1":1}', True, True),   # U+1F600 (D83D DE00) sorts before U+FF61 in UTF-16
        (b'{"\xef\xbd\xa1":1,"\xf0\x9f\x98\x80":2}', True, False),   # although in code points / UTF-8 it is after
        (b'{"a":' + b'[' * 31 + b']' * 31 + b'}', True, True),
        (b'{"a":' + b'[' * 32 + b']' * 32 + b'}', False, None),
    ]


def cmd_selftest(args):
    here = os.path.dirname(os.path.abspath(__file__))
    vdir = args[0] if args else os.path.join(here, "..", "LexeconLedgerTests", "Vectors", "format")
    passed, failed = [0], []

    def check(cond, what):
        if cond:
            passed[0] += 1
        else:
            failed.append(what)
            print("FAIL: %s" % what)

    import json   # only to read intermediate.json (test input, not a record)
    with open(os.path.join(vdir, "intermediate.json"), "rb") as f:
        iv = json.loads(f.read())
    with open(os.path.join(vdir, "ledger.jsonl"), "rb") as f:
        data = f.read()
    with open(os.path.join(vdir, "ledger.jsonl.head"), "rb") as f:
        head = f.read()
    with open(os.path.join(vdir, "key_id.txt"), "rb") as f:
        key_id_txt = f.read().decode().strip()
    pk_pem = read_public_key_pem(os.path.join(vdir, "public_key.pem"))

    for raw, parses, canon in _parser_cases():
        try:
            o = parse_json_bytes(raw)
            ok = True
        except JSONError:
            ok = False
        check(ok == parses, "parser %r: parses=%s expected %s" % (raw[:60], ok, parses))
        if ok and parses and canon is not None:
            check((canonical(o) == raw) == canon, "canonical %r: expected canonical=%s" % (raw[:60], canon))

    seed = bytes.fromhex(iv["seed_hex"])
    sk = nacl.signing.SigningKey(seed)
    pk = bytes(sk.verify_key)
    check(pk == pk_pem, "public_key.pem holds the public key of the seed")
    check(key_id_of_raw(pk) == iv["key_id"], "key id from the seed equals intermediate key_id")
    check(key_id_txt == iv["key_id"], "key_id.txt equals intermediate key_id")
    lid = iv["ledger_id"]
    check(genesis_prev(lid) == iv["genesis_prev_hex"], "genesis prev seed")
    check(data.endswith(b"\n"), "ledger ends with LF")
    lines = data.split(b"\n")[:-1]
    check(len(lines) == len(iv["records"]), "record count")
    leaves = []
    for line, rv in zip(lines, iv["records"]):
        o = parse_json_bytes(line)
        s = rv["seq"]
        check(o["seq"] == s, "seq %d" % s)
        check(canonical(o) == line, "record %d is canonical" % s)
        body = body_bytes(o)
        check(body == rv["body"].encode("utf-8"), "record %d body" % s)
        msg = RECORD_PREFIX + body
        check(msg.hex() == rv["signed_message_hex"], "record %d signed message" % s)
        sig = sk.sign(msg).signature
        check(base64.b64encode(sig).decode() == o["sig"], "record %d sig recomputed from seed" % s)
        check(ed25519_verify(pk, msg, base64.b64decode(o["sig"])), "record %d sig verifies" % s)
        lh = leaf_hash(line)
        check(lh.hex() == rv["leaf_hash_hex"], "record %d leaf hash" % s)
        check(o["prev"] == (iv["genesis_prev_hex"] if s == 0 else leaves[-1].hex()), "record %d prev" % s)
        leaves.append(lh)
        if o["kind"] == "decision":
            check(o["cmd"]["sha256"] == H(o["cmd"]["line"].encode()).hex(), "decision cmd.sha256")
    for mr in iv["merkle_roots"]:
        check(merkle_root(leaves[:mr["size"]]).hex() == mr["root_hex"], "Merkle root at size %d" % mr["size"])
    origin = "lexecon/ledger/" + lid
    check(checkpoint_key_hash(origin, pk).hex() == iv["checkpoint_key_hash_hex"], "checkpoint key hash")
    text, cp_origin, size, root, sigs = parse_checkpoint(head)
    check(cp_origin == origin and size == len(lines) and root == merkle_root(leaves), "checkpoint text")
    check(len(sigs) == 1 and sigs[0][1] == checkpoint_key_hash(origin, pk) and ed25519_verify(pk, text, sigs[0][2]),
          "checkpoint signature")
    check(make_checkpoint(origin, size, root, seed) == head, "checkpoint recomputed from the seed is byte-identical")
    # the writer reproduces the worked example byte for byte
    w = Writer(seed, lid, ("lexecon", "0.1.0"))
    for line in lines:
        o = parse_json_bytes(line)
        if o["kind"] == "genesis":
            w.genesis(o["ts"])
        else:
            w.append(o["kind"], {k: v for k, v in o.items() if k not in ("v", "ledger", "seq", "kind", "ts", "prev", "key", "sig")}, o["ts"])
    check(w.data() == data, "writer reproduces ledger.jsonl byte for byte")
    v = Verifier(data, pk_pem, [("ledger.jsonl.head", head)])
    ok = v.run()
    check(ok and not v.findings, "worked example verifies VALID with no findings: %s" % [str(f) for f in v.findings])
    v = Verifier(data, None, [])
    check(v.run() and {f.code for f in v.findings} == {"NOT_PINNED", "UNANCHORED_TAIL"}, "unpinned: VALID with NOT_PINNED")
    # every single-record tampering of the example is caught
    for kind, tdata, expect in tamper_variants(data, pk):
        v = Verifier(tdata, pk, [("ledger.jsonl.head", head)])
        ok = v.run()
        check(ok == (expect[0] == 0), "tamper %s: expected exit %d, got %s %s" % (kind, expect[0], ok, [str(f) for f in v.findings]))
        if expect[2]:
            codes = {f.code for f in v.findings}
            check(expect[2] in codes, "tamper %s: expected finding %s, got %s" % (kind, expect[2], sorted(codes)))
    print("selftest: %d passed, %d failed" % (passed[0], len(failed)))
    return 0 if not failed else 1


# ------------------------------------------------------------------ tamper

def _lines(data):
    assert data.endswith(b"\n")
    return data.split(b"\n")[:-1]


def _join(lines):
    return b"".join(l + b"\n" for l in lines)


def _flip(data, off, bit=0):
    b = bytearray(data)
    b[off] ^= 1 << bit
    return bytes(b)


def tamper_variants(data, pinned_pk=None):
    """Yields (name, bytes, (exit_with_checkpoint, exit_without_checkpoint, expected_code_or_None)).

    Expectations are for verification against the pinned original key, with and
    without the original checkpoint of the full ledger.
    """
    L = _lines(data)
    n = len(L)
    if n < 4:
        raise ValueError("tamper needs a ledger of at least 4 records")
    mid = n // 2
    objs = [parse_json_bytes(l) for l in L]
    out = []

    def add(name, d, with_cp, without_cp, code=None):
        out.append((name, d, (with_cp, without_cp, code)))

    # edited field, re-canonicalised
    o = dict(objs[mid])
    if isinstance(o.get("text"), str):
        o["text"] = o["text"] + "!"
        field = "text"
    else:
        o["ts"] = o["ts"][:-2] + ("1Z" if o["ts"][-2] != "1" else "2Z")
        field = "ts"
    add("edited_%s_line%d_recanonicalised" % (field, mid + 1), _join(L[:mid] + [canonical(o)] + L[mid + 1:]), 1, 1, "RECORD_MODIFIED")
    o = dict(objs[-1])
    o["ts"] = "2000-01-01T00:00:00.000000Z"
    add("edited_ts_last_line", _join(L[:-1] + [canonical(o)]), 1, 1, "RECORD_MODIFIED")
    o = dict(objs[0])
    o["tool"] = {"name": "evil", "version": "9"}
    add("edited_genesis_tool", _join([canonical(o)] + L[1:]), 1, 1, "RECORD_MODIFIED")
    # deletions
    add("deleted_middle_line%d" % (mid + 1), _join(L[:mid] + L[mid + 1:]), 1, 1, "RECORDS_MISSING")
    add("deleted_last_record", _join(L[:-1]), 1, 0, "TRUNCATED")
    add("deleted_genesis", _join(L[1:]), 1, 1, "BAD_GENESIS")
    add("deleted_two_middle", _join(L[:mid - 1] + L[mid + 1:]), 1, 1, "RECORDS_MISSING")
    for k in range(0, n - 1):
        add("truncated_to_genesis_plus_%d" % k, _join(L[:k + 1]), 1, 0, "TRUNCATED")
    add("empty_file", b"", 1, 1, None)
    # forged records (fresh key claiming to be the original)
    fseed = hashlib.sha256(b"foreign key for tamper tests").digest()
    fw_sk = nacl.signing.SigningKey(fseed)
    orig_kid = objs[0]["key"]

    def forge(seq, prev, text, kid=orig_kid):
        f = {"v": 1, "ledger": objs[0]["ledger"], "seq": seq, "kind": "note", "ts": objs[mid]["ts"],
             "prev": prev, "key": kid, "text": text}
        f["sig"] = base64.b64encode(fw_sk.sign(RECORD_PREFIX + canonical(f)).signature).decode()
        return canonical(f)

    forged = forge(objs[mid]["seq"], leaf_hash(L[mid - 1]).hex(), "forged: nothing happened")
    add("inserted_forged_record_before_line%d" % (mid + 1), _join(L[:mid] + [forged] + L[mid:]), 1, 1, "RECORD_INSERTED")
    forged_f = forge(objs[mid]["seq"], leaf_hash(L[mid - 1]).hex(), "forged by foreign key",
                     key_id_of_raw(bytes(fw_sk.verify_key)))
    add("inserted_foreign_keyed_record", _join(L[:mid] + [forged_f] + L[mid:]), 1, 1, None)
    forged_end = forge(n, leaf_hash(L[-1]).hex(), "forged at the end")
    add("appended_forged_record", _join(L + [forged_end]), 1, 1, "RECORD_MODIFIED")
    # reorder / duplicate
    add("swapped_lines_%d_%d" % (mid + 1, mid + 2), _join(L[:mid] + [L[mid + 1], L[mid]] + L[mid + 2:]), 1, 1, "RECORDS_REORDERED")
    add("swapped_last_two", _join(L[:-2] + [L[-1], L[-2]]), 1, 1, "RECORDS_REORDERED")
    add("duplicated_line%d" % (mid + 1), _join(L[:mid + 1] + [L[mid]] + L[mid + 1:]), 1, 1, "RECORD_DUPLICATED")
    add("duplicated_last_line", _join(L + [L[-1]]), 1, 1, "RECORD_DUPLICATED")
    add("duplicated_genesis_at_end", _join(L + [L[0]]), 1, 1, None)
    # non-canonical forms of the same record
    o = objs[mid]
    rev = "{" + ",".join(canonical(k).decode() + ":" + canonical(o[k]).decode() for k in reversed(sorted(o))) + "}"
    add("noncanonical_key_order_line%d" % (mid + 1), _join(L[:mid] + [rev.encode()] + L[mid + 1:]), 1, 1, "NON_CANONICAL")
    add("noncanonical_space_after_colon_line%d" % (mid + 1),
        _join(L[:mid] + [L[mid].replace(b'":', b'": ', 1)] + L[mid + 1:]), 1, 1, "NON_CANONICAL")
    add("noncanonical_trailing_space_last_line", _join(L[:-1] + [L[-1] + b" "]), 1, 1, "NON_CANONICAL")
    add("noncanonical_escaped_slash_line1", _join([L[0].replace(b"lexecon/ledger", b"lexecon\\/ledger", 1)] + L[1:]), 1, 1, "NON_CANONICAL")
    add("noncanonical_unicode_escape_line1", _join([L[0].replace(b'"v":1', b'"\\u0076":1', 1)] + L[1:]), 1, 1, "NON_CANONICAL")
    # signature encodings
    o = dict(objs[-1])
    sig = o["sig"]
    # flip a padding bit of the last base64 digit: a lenient decoder yields the same signature
    alph = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    o["sig"] = sig[:-3] + alph[alph.index(sig[-3]) ^ 1] + "=="
    add("sig_padding_bit_last_line", _join(L[:-1] + [canonical(o)]), 1, 1, "BAD_SIGNATURE")
    o = dict(objs[mid])
    del o["sig"]
    add("sig_removed_line%d" % (mid + 1), _join(L[:mid] + [canonical(o)] + L[mid + 1:]), 1, 1, "UNSIGNED_RECORD")
    # whole file re-signed with a foreign key (genesis keys replaced)
    fw = Writer(fseed, objs[0]["ledger"], (objs[0]["tool"]["name"], objs[0]["tool"]["version"]))
    for ob in objs:
        if ob["kind"] == "genesis":
            fw.genesis(ob["ts"])
        else:
            fw.append(ob["kind"], {k: v for k, v in ob.items() if k not in ("v", "ledger", "seq", "kind", "ts", "prev", "key", "sig")}, ob["ts"])
    add("resigned_whole_file_foreign_key", fw.data(), 1, 1, "UNTRUSTED_KEY")
    # foreign ledger id in one record (signature no longer matches either)
    o = dict(objs[mid])
    o["ledger"] = "0" * 32
    add("foreign_ledger_id_line%d" % (mid + 1), _join(L[:mid] + [canonical(o)] + L[mid + 1:]), 1, 1, None)
    # framing
    add("crlf_line_endings", data.replace(b"\n", b"\r\n"), 1, 1, "MALFORMED_RECORD")
    add("crlf_last_line_only", _join(L[:-1] + [L[-1] + b"\r"]), 1, 1, "MALFORMED_RECORD")
    add("bom_prepended", b"\xef\xbb\xbf" + data, 1, 1, "MALFORMED_RECORD")
    add("blank_line_inserted", _join(L[:mid] + [b""] + L[mid:]), 1, 1, "MALFORMED_RECORD")
    add("blank_line_at_end", data + b"\n", 1, 1, "MALFORMED_RECORD")
    # torn tails: WARN TORN_TAIL; cutting the last line also removes a record (TRUNCATED vs the checkpoint)
    add("torn_tail_last_line_cut", data[:-(len(L[-1]) // 2 + 1)], 1, 0, "TRUNCATED")
    add("torn_tail_last_lf_removed", data[:-1], 1, 0, "TRUNCATED")
    add("torn_tail_partial_append", data + L[-1][: len(L[-1]) // 2], 0, 0, "TORN_TAIL")
    # single bit flips at several offsets
    total = len(data)
    offsets = sorted({1, len(L[0]) // 2, len(L[0]) + 1 + len(L[1]) // 3, total // 3, total // 2,
                      (2 * total) // 3, total - len(L[-1]) // 2, total - 3, total - 2})
    for off in offsets:
        for bit in (0, 7):
            add("bitflip_offset%d_bit%d" % (off, bit), _flip(data, off, bit), 1, 1, None)
    # flip inside a signature of a middle record
    sig_off = sum(len(l) + 1 for l in L[:mid]) + L[mid].index(b'"sig":"') + 12
    add("bitflip_in_sig_line%d" % (mid + 1), _flip(data, sig_off, 1), 1, 1, None)
    # the last LF becomes VT: no complete last line; without a checkpoint only a torn tail
    add("bitflip_last_lf", _flip(data, total - 1, 0), 1, 0, "TRUNCATED")
    return out


def cmd_tamper(args):
    if len(args) != 2:
        sys.stderr.write("usage: tamper LEDGER OUTDIR\n")
        return 2
    ledger, outdir = args
    try:
        with open(ledger, "rb") as f:
            data = f.read()
        os.makedirs(outdir, exist_ok=True)
        variants = tamper_variants(data)
        with open(os.path.join(outdir, "manifest.tsv"), "w") as m:
            m.write("# file\texit_with_checkpoint\texit_without_checkpoint\texpected_code\n")
            for name, d, (wc, woc, code) in variants:
                fn = name + ".jsonl"
                with open(os.path.join(outdir, fn), "wb") as f:
                    f.write(d)
                m.write("%s\t%d\t%d\t%s\n" % (fn, wc, woc, code or "-"))
    except (OSError, ValueError) as e:
        sys.stderr.write("error: %s\n" % e)
        return 2
    print("wrote %d tampered copies and manifest.tsv to %s" % (len(variants), outdir))
    return 0


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 2 if len(argv) < 2 else 0
    cmd, args = argv[1], argv[2:]
    fn = {"verify": cmd_verify, "write": cmd_write, "selftest": cmd_selftest, "tamper": cmd_tamper}.get(cmd)
    if fn is None:
        sys.stderr.write("unknown command %s\n" % cmd)
        return 2
    return fn(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
