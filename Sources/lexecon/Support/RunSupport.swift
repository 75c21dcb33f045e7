#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconInterceptor
import LexeconPolicy
import LexeconLedger

/// The parts of `lexecon run` that are not argument parsing: process set-up, policy
/// selection, and turning an outcome into messages and an exit status.
enum RunSupport {
    /// Ignore SIGXFSZ (a ledger that may not grow must fail with EFBIG, not kill us before
    /// the refusal is reported) and SIGPIPE (a closed stdout must not kill us before the
    /// result is recorded). The child gets both back at their defaults.
    static func prepareProcess() {
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Nothing to undo today (the process exits after the run); kept so the pairing is explicit.
    static func restoreProcess() {}

    /// The policy in force (``PolicyLocation``): `--policy FILE`, else `.lexecon/policy.yaml`
    /// when anything is there, else the built-in default. A policy that fails to load becomes ``UnavailablePolicy``: the
    /// interceptor records a BLOCK and nothing runs. Also returns the file to protect.
    static func loadPolicy(option: String?) -> (any CommandPolicy, String?) {
        // Not loaded here: the interceptor opens the keys and ledger first, while the
        // prefetch thread may still be loading it.
        guard let path = PolicyLocation.file(explicit: option) else { return (BuiltinDefaultPolicy(), nil) }
        do {
            return (try LexeconPolicyAdapter(path: path), path)
        } catch {
            return (UnavailablePolicy(name: path, message: "cannot load policy \(path): \(error)"), path)
        }
    }

    /// Prints what happened (BLOCK / ESCALATE / failures / warnings) on stderr and returns
    /// the exit status: the command's own, or 77, 75, 70, 126, 127.
    static func report(_ outcome: InterceptOutcome, timeout: Double?) -> Int32 {
        let authorization = outcome.authorization
        for warning in outcome.warnings { printError("lexecon: warning: \(TerminalSafe.escape(warning))") }
        if let execution = outcome.execution {
            if execution.timedOut {
                printError("lexecon: the command timed out after \(timeout.map { "\($0)" } ?? "?") s and was killed (\(signalText(execution)))")
            }
            return execution.shellStatus
        }
        let rule = TerminalSafe.escape(authorization.rule)
        let reason = TerminalSafe.escape(authorization.reason)
        if let failure = outcome.failure {
            let message = TerminalSafe.escape(failure.message)
            if failure.code == .spawnFailed {
                printError("lexecon: \(message); nothing was executed")
                switch failure.errnoValue {
                case ENOENT?: return 127
                case EACCES?, ENOEXEC?, EISDIR?: return 126
                default: return 70
                }
            }
            let recorded = authorization.decisionSeq != nil ? " (recorded as BLOCK)" : ""
            printError("lexecon: \(message); nothing was executed\(recorded)")
            return 70
        }
        switch authorization.decision {
        case .block:
            printError("lexecon: BLOCK by rule \(rule): \(reason)")
            return 77
        case .escalate:
            printError("lexecon: ESCALATE by rule \(rule): \(reason)")
            switch authorization.approval {
            case .unavailable(let why)?: printError("lexecon: not run: \(TerminalSafe.escape(why))")
            case .answered(false, let who)?: printError("lexecon: not run: refused by \(TerminalSafe.escape(who))")
            default: break
            }
            return 75
        case .allow:
            printError("lexecon: the command was not run")
            return 70
        }
    }

    private static func signalText(_ execution: ExecutionResult) -> String {
        if case .signaled(let signal) = execution.termination { return SignalNames.name(signal) }
        return "exit \(execution.shellStatus)"
    }
}
