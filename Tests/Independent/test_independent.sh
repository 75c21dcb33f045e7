#!/usr/bin/env bash
# Cross-checks the lexecon binary against the independent Python implementation
# of docs/LEDGER_FORMAT.md (Tests/Independent/lexecon_ledger.py).
#
#   Tests/Independent/test_independent.sh path/to/lexecon
#
# Prints one line per failed check, notes for skipped steps, and finally
# "independent: N passed, M failed". Exits non-zero on any failure.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 path/to/lexecon" >&2
    exit 2
fi
LEXECON=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
IMPL="$HERE/lexecon_ledger.py"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_exit WANT DESCRIPTION CMD... : run CMD, compare its exit status
last_out=""
expect_exit() {
    local want=$1 what=$2; shift 2
    local rc=0
    last_out=$("$@" 2>&1) || rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        fail "$what: exit $rc, expected $want"
        printf '%s\n' "$last_out" | sed 's/^/    | /' | head -20
    fi
}

# expect_verify WANT DESCRIPTION CMD... : like expect_exit for `lexecon verify`, whose
# contract has one more status than the Python tool: 3 = VALID with warnings (something
# not proven, e.g. no checkpoint or a torn tail). WANT 0 accepts 0 or 3 with
# "Status: VALID"; WANT 1 needs 1 with "Status: INVALID".
expect_verify() {
    local want=$1 what=$2; shift 2
    local rc=0
    last_out=$("$@" 2>&1) || rc=$?
    local good=no
    if [ "$want" -eq 0 ]; then
        { [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; } && printf '%s\n' "$last_out" | grep -q '^Status: VALID$' && good=yes
    else
        [ "$rc" -eq "$want" ] && printf '%s\n' "$last_out" | grep -q '^Status: INVALID$' && good=yes
    fi
    if [ "$good" = yes ]; then ok; else
        fail "$what: exit $rc, expected $want"
        printf '%s\n' "$last_out" | sed 's/^/    | /' | head -20
    fi
}

# A subcommand counts as available when its --help succeeds and documents the
# option we need (stub commands also print help and exit 0).
has_subcommand() {
    local option=$1; shift
    local out rc=0
    out=$("$LEXECON" "$@" --help 2>&1) || rc=$?
    [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q -- "$option"
}

# (a) the worked example
echo "== selftest (worked example in Tests/LexeconLedgerTests/Vectors/format)"
expect_exit 0 "python selftest" "$PY" "$IMPL" selftest
printf '%s\n' "$last_out" | tail -1

# (b) keys, records written by lexecon, checkpoint
D="$WORK/keys"
L="$WORK/audit/ledger.jsonl"
mkdir -p "$WORK/audit"
if has_subcommand --dir init-keys; then
    echo "== keys: lexecon init-keys"
    expect_exit 0 "lexecon init-keys" "$LEXECON" init-keys --dir "$D"
else
    echo "== keys: 'lexecon init-keys' not available in this build; SKIPPED, generating keys with openssl"
    mkdir -m 0700 "$D"
    (umask 077 && openssl genpkey -algorithm ed25519 -out "$D/private_key.pem")
    chmod 0600 "$D/private_key.pem"
    openssl pkey -in "$D/private_key.pem" -pubout -out "$D/public_key.pem"
fi

echo "== records written by lexecon ledger note"
long=$(printf 'long text %.0s0123456789abcdefghijklmnopqrstuvwxyz ' $(seq 1 300))
texts=(
    'first note'
    'quotes "double" and '"'single'"
    'backslashes \ \\ \n \u0041 (literal)'
    "$(printf 'controls: tab\there newline\nthere cr\rx bell\a esc\e[31m unit\x1f del\x7f')"
    'emoji 🔒🎉 and non-BMP 𝄞 𐍈 and combining é e\u0301 ｡'
    'slashes / // </script> http://example.com/a/b'
    "$(printf 'bidi \xe2\x80\xae reversed \xe2\x81\xa6 isolate')"
    "$long"
    'last note'
)
for t in "${texts[@]}"; do
    expect_exit 0 "lexecon ledger note (${#t} chars)" "$LEXECON" ledger note --ledger "$L" --keys "$D" "$t"
done
expect_exit 0 "lexecon ledger checkpoint" "$LEXECON" ledger checkpoint --ledger "$L" --keys "$D"
nrec=$(wc -l < "$L")
echo "   ledger has $nrec records"

echo "== python verify of the lexecon-written ledger"
expect_exit 0 "python verify (pinned key, checkpoint)" "$PY" "$IMPL" verify "$L" --public-key "$D/public_key.pem" --checkpoint "$L.head"
printf '%s\n' "$last_out" | grep -q '^Status: VALID$' && ok || fail "python verify does not print Status: VALID"
printf '%s\n' "$last_out" | grep -E '^[0-9]+: (ERROR|WARN)' | sed 's/^/   /' || true
expect_exit 0 "python verify (not pinned)" "$PY" "$IMPL" verify "$L"
printf '%s\n' "$last_out" | grep -q 'WARN NOT_PINNED' && ok || fail "unpinned verify without NOT_PINNED"
# each note text round-trips exactly (a record's text member is the argument given)
IMPL_DIR="$HERE" "$PY" -c '
import sys, os
sys.path.insert(0, os.environ["IMPL_DIR"])
import lexecon_ledger as m
lines = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
texts = [m.parse_json_bytes(l).get("text") for l in lines[1:]]
want = [os.fsdecode(os.fsencode(a)) for a in sys.argv[2:]]
if texts != want:
    for i, (a, b) in enumerate(zip(texts, want)):
        if a != b: print("   record %d: %r != %r" % (i + 1, a, b))
    sys.exit(1)
' "$L" "${texts[@]}" && ok || fail "note texts differ from the arguments given"

# (c) tampered copies
echo "== tampered copies (python verifier)"
T="$WORK/tampered"
expect_exit 0 "python tamper" "$PY" "$IMPL" tamper "$L" "$T"
printf '%s\n' "$last_out"
while IFS=$'\t' read -r file want_cp want_nocp code; do
    case "$file" in \#*|"") continue ;; esac
    expect_exit "$want_cp" "python verify $file (checkpoint)" "$PY" "$IMPL" verify "$T/$file" --public-key "$D/public_key.pem" --checkpoint "$L.head"
    if [ "$code" != "-" ]; then
        printf '%s\n' "$last_out" | grep -q " $code: " && ok || fail "python verify $file: no $code finding"
    fi
    expect_exit "$want_nocp" "python verify $file (no checkpoint)" "$PY" "$IMPL" verify "$T/$file" --public-key "$D/public_key.pem"
    case "$file" in torn_tail_*)
        printf '%s\n' "$last_out" | grep -q 'WARN TORN_TAIL' && ok || fail "python verify $file: no TORN_TAIL warning" ;;
    esac
done < "$T/manifest.tsv"
echo "   torn tails: exit 0 with WARN TORN_TAIL without a checkpoint; with the original checkpoint, a cut last line is TRUNCATED (exit 1)"

# lexecon ledger recover on a torn tail, then the Python verifier (§8.3: WARN WRITER_RECOVERY)
echo "== lexecon ledger recover of a torn tail"
R="$WORK/recover/ledger.jsonl"
mkdir -p "$WORK/recover"
cp "$T/torn_tail_partial_append.jsonl" "$R"
expect_exit 1 "lexecon ledger note refuses to append after a torn tail" "$LEXECON" ledger note --ledger "$R" --keys "$D" "must not be appended"
expect_exit 0 "lexecon ledger recover" "$LEXECON" ledger recover --ledger "$R" --keys "$D"
expect_exit 0 "python verify after recover" "$PY" "$IMPL" verify "$R" --public-key "$D/public_key.pem" --checkpoint "$L.head"
printf '%s\n' "$last_out" | grep -q 'WARN WRITER_RECOVERY' && ok || fail "no WRITER_RECOVERY warning after recover"
IMPL_DIR="$HERE" "$PY" -c '
import sys, os, glob, hashlib
sys.path.insert(0, os.environ["IMPL_DIR"])
import lexecon_ledger as m
orig, led = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
off = orig.rindex(b"\n") + 1
rec = m.parse_json_bytes(led.split(b"\n")[-2])
torn = open(sys.argv[2] + ".torn-%d" % off, "rb").read()
ok = (rec["kind"] == "recovery" and rec["offset"] == off and rec["discarded_bytes"] == len(orig) - off
      and rec["discarded_sha256"] == hashlib.sha256(orig[off:]).hexdigest() and torn == orig[off:]
      and led.startswith(orig[:off]))
sys.exit(0 if ok else 1)
' "$T/torn_tail_partial_append.jsonl" "$R" && ok || fail "recovery record or .torn file does not describe the moved bytes exactly"
for f in noncanonical_trailing_space_last_line edited_ts_last_line appended_forged_record crlf_last_line_only sig_padding_bit_last_line; do
    cp "$T/$f.jsonl" "$WORK/recover/$f.jsonl"
    expect_exit 1 "lexecon ledger note refuses to append to $f (§8.1 step 3)" "$LEXECON" ledger note --ledger "$WORK/recover/$f.jsonl" --keys "$D" "must not be appended"
done

# (d) lexecon verify, when this build has it
if has_subcommand --public-key verify; then
    echo "== lexecon verify"
    expect_exit 0 "lexecon verify original (every record anchored by the checkpoint)" "$LEXECON" verify "$L" --public-key "$D/public_key.pem" --checkpoint "$L.head"
    while IFS=$'\t' read -r file want_cp want_nocp code; do
        case "$file" in \#*|"") continue ;; esac
        expect_verify "$want_cp" "lexecon verify $file (checkpoint)" "$LEXECON" verify "$T/$file" --public-key "$D/public_key.pem" --checkpoint "$L.head"
        # informational: the finding code the Python verifier reports
        if [ "$code" != "-" ] && ! printf '%s\n' "$last_out" | grep -q "$code"; then
            echo "   note: lexecon verify $file does not mention $code"
        fi
        expect_verify "$want_nocp" "lexecon verify $file (no checkpoint)" "$LEXECON" verify "$T/$file" --public-key "$D/public_key.pem"
    done < "$T/manifest.tsv"
    echo "== lexecon verify of a ledger written by the Python implementation"
    P="$WORK/py/ledger.jsonl"
    mkdir -p "$WORK/py"
    expect_exit 0 "python write" "$PY" "$IMPL" write "$P" --seed-hex "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" "${texts[@]}"
    expect_exit 0 "python verify of its own ledger" "$PY" "$IMPL" verify "$P" --public-key "$WORK/py/public_key.pem" --checkpoint "$P.head"
    expect_verify 0 "lexecon verify of the Python-written ledger" "$LEXECON" verify "$P" --public-key "$WORK/py/public_key.pem" --checkpoint "$P.head"
    expect_verify 1 "lexecon verify of the Python-written ledger with the wrong key" "$LEXECON" verify "$P" --public-key "$D/public_key.pem" --checkpoint "$P.head"
else
    echo "== lexecon verify: not available in this build; SKIPPED (lexecon verify of tampered copies and of a Python-written ledger)"
    P="$WORK/py/ledger.jsonl"
    mkdir -p "$WORK/py"
    expect_exit 0 "python write" "$PY" "$IMPL" write "$P" --seed-hex "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" "${texts[@]}"
    expect_exit 0 "python verify of its own ledger" "$PY" "$IMPL" verify "$P" --public-key "$WORK/py/public_key.pem" --checkpoint "$P.head"
fi

# lexecon appends to a ledger the Python implementation wrote (its genesis, its key)
echo "== lexecon ledger note appending to a Python-written ledger"
PK="$WORK/pykeys"
mkdir -m 0700 "$PK"
seed=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
# PKCS#8 for an Ed25519 seed: fixed 16-byte prefix, then the 32-byte seed (RFC 8410)
"$PY" -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "302e020100300506032b657004220420$seed" > "$WORK/seed.der"
(umask 077 && openssl pkey -inform DER -in "$WORK/seed.der" -out "$PK/private_key.pem")
chmod 0600 "$PK/private_key.pem"
openssl pkey -in "$PK/private_key.pem" -pubout -out "$PK/public_key.pem"
P2="$WORK/py2/ledger.jsonl"
mkdir -p "$WORK/py2"
expect_exit 0 "python write (for lexecon to append to)" "$PY" "$IMPL" write "$P2" --seed-hex "$seed" "written by python"
cmp -s "$PK/public_key.pem" "$WORK/py2/public_key.pem" && ok || fail "openssl and python derive different public keys from one seed"
expect_exit 0 "lexecon ledger note appends to the Python-written ledger" "$LEXECON" ledger note --ledger "$P2" --keys "$PK" "appended by lexecon"
expect_exit 0 "lexecon ledger checkpoint of the Python-written ledger" "$LEXECON" ledger checkpoint --ledger "$P2" --keys "$PK"
expect_exit 0 "python verify after lexecon appended" "$PY" "$IMPL" verify "$P2" --public-key "$PK/public_key.pem" --checkpoint "$P2.head"

echo "independent: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
