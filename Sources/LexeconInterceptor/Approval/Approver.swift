/// What an approver is asked: the command, the deciding rule and its reason.
public struct ApprovalRequest: Sendable {
    /// The resolved request.
    public var request: ResolvedRequest
    /// The ESCALATE verdict.
    public var verdict: PolicyVerdict
    /// The seq of the durable decision record the approval refers to.
    public var decisionSeq: Int64

    /// Creates an approval request.
    public init(request: ResolvedRequest, verdict: PolicyVerdict, decisionSeq: Int64) {
        self.request = request
        self.verdict = verdict
        self.decisionSeq = decisionSeq
    }
}

/// A person's answer, or the reason nobody could be asked.
public enum ApprovalOutcome: Sendable, Hashable {
    /// Someone answered. `approver` names who (e.g. `alice on /dev/pts/3`).
    case answered(granted: Bool, approver: String)
    /// Nobody could be asked (no terminal, escalation disabled); the command does not run.
    case unavailable(reason: String)

    /// True only for a granted answer.
    public var isGranted: Bool {
        if case .answered(true, _) = self { return true }
        return false
    }
}

/// Decides ESCALATE verdicts. Called after the decision record is durable and before
/// anything runs; an ``ApprovalOutcome/answered(granted:approver:)`` outcome is recorded
/// as an `approval` record before the command may start.
public protocol Approver: Sendable {
    /// Asks for approval. May block (e.g. waiting for a person at a terminal).
    func approve(_ request: ApprovalRequest) -> ApprovalOutcome
}

/// An approver that never approves: ESCALATE behaves like "not now".
public struct RefusingApprover: Approver {
    /// Why no one is asked, e.g. `--on-escalate block`.
    public let reason: String

    /// Creates an approver that refuses with `reason`.
    public init(reason: String = "escalations are not asked for") { self.reason = reason }

    public func approve(_ request: ApprovalRequest) -> ApprovalOutcome { .unavailable(reason: reason) }
}
