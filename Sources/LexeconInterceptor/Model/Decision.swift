/// What a policy decided for a command.
public enum Decision: String, Sendable, Hashable, CaseIterable {
    /// The command may run.
    case allow = "ALLOW"
    /// The command needs a person's approval before it runs.
    case escalate = "ESCALATE"
    /// The command must not run.
    case block = "BLOCK"
}

/// A policy's answer for one request.
public struct PolicyVerdict: Sendable, Hashable {
    /// ALLOW, BLOCK or ESCALATE.
    public var decision: Decision
    /// The id of the deciding rule (or a pseudo-rule such as `default`).
    public var rule: String
    /// One line a person can read: why.
    public var reason: String
    /// Set when the policy could not decide at all (it failed to load or to evaluate).
    /// The interceptor then records a BLOCK and reports a lexecon failure.
    public var failure: String?

    /// Creates a verdict.
    public init(_ decision: Decision, rule: String, reason: String, failure: String? = nil) {
        self.decision = decision
        self.rule = rule
        self.reason = reason
        self.failure = failure
    }
}
