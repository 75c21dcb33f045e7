#!/bin/sh
# wrap-agent.sh — run every command an agent proposes through `lexecon run`.
#
# Point your agent's "run a shell command" tool at this script instead of at a shell, e.g.
#   AGENT_SHELL=/path/to/wrap-agent.sh my-agent …
# or call it with the command as one argument:
#   ./wrap-agent.sh 'make test'
#   ./wrap-agent.sh -c 'git status'        (the `sh -c` calling convention also works)
#
# What happens: lexecon decides the command with the policy, writes a signed, fsynced decision
# record, runs it only if allowed (ESCALATE is never approved here: agents get no terminal),
# streams its output, and records the result. The exit status is the command's own, or
#   77  BLOCKed by the policy          75  ESCALATEd and not approved
#   70  lexecon failed before running anything (key, policy, ledger): nothing ran
#
# Settings (environment):
#   LEXECON          the lexecon binary                      (default: lexecon on PATH)
#   LEXECON_LEDGER   the ledger file                         (default: .audit/ledger.jsonl)
#   LEXECON_KEYS     the key directory                       (default: .lexecon)
#   LEXECON_POLICY   a policy file                           (default: .lexecon/policy.yaml, else built-in)
#   LEXECON_TIMEOUT  seconds before the command is killed    (default: 600)
#   LEXECON_AGENT    the agent's name, recorded              (default: agent)
#   LEXECON_SESSION  the agent's session id, recorded        (default: this script's parent pid)
#   LEXECON_ENV      deployment context for the policy, e.g. ci, dev, prod (default: unset)
#
# Keys: create them once with `lexecon init-keys`. For real protection, run lexecon as a user
# the agent is not (see SECURITY_REVIEW.md, "Key custody"): e.g. set LEXECON="sudo -u lexecon lexecon".
set -eu

if [ "${1:-}" = "-c" ]; then shift; fi
if [ "$#" -ne 1 ]; then
    echo "usage: wrap-agent.sh 'COMMAND'   (or: wrap-agent.sh -c 'COMMAND')" >&2
    exit 64
fi

LEXECON="${LEXECON:-lexecon}"
set -- --ledger "${LEXECON_LEDGER:-.audit/ledger.jsonl}" \
       --keys "${LEXECON_KEYS:-.lexecon}" \
       --timeout "${LEXECON_TIMEOUT:-600}" \
       --on-escalate block \
       --agent "${LEXECON_AGENT:-agent}" \
       --session "${LEXECON_SESSION:-$PPID}" \
       ${LEXECON_POLICY:+--policy "$LEXECON_POLICY"} \
       ${LEXECON_ENV:+--environment "$LEXECON_ENV"} \
       -- "$1"

# $LEXECON is deliberately unquoted so that "sudo -u lexecon lexecon" works.
# shellcheck disable=SC2086
exec $LEXECON run "$@"
