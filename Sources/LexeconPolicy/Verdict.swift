/// The outcome of evaluating a command. Severity orders them: `block` > `escalate` > `allow`.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The command may run.
    case allow = "ALLOW"
    /// The command needs a human's approval before it runs.
    case escalate = "ESCALATE"
    /// The command must not run.
    case block = "BLOCK"

    /// 0 for ALLOW, 1 for ESCALATE, 2 for BLOCK.
    var severity: Int {
        switch self {
        case .allow: 0
        case .escalate: 1
        case .block: 2
        }
    }

    /// Orders by severity, so `max` gives the combined decision.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.severity < rhs.severity }
}
