/// The decision for one request, with what decided it.
public struct PolicyDecision: Sendable, Hashable {
    /// ALLOW, BLOCK or ESCALATE.
    public var verdict: Verdict
    /// The deciding rule's id, or a built-in pseudo-rule: `default`, `on_parse_error`,
    /// `on_dynamic`, `protected_paths`, `limits`, `internal_error`.
    public var rule: String
    /// One line naming the deciding sub-command and how it was reached, e.g.
    /// `rm -r -f / (via bash -c, via sudo): recursive delete of the filesystem root`.
    public var reason: String
    /// The policy's name (its path, or `builtin:default`).
    public var policyName: String
    /// Lowercase hex SHA-256 of the policy bytes.
    public var policySHA256: String

    /// Creates a decision.
    public init(verdict: Verdict, rule: String, reason: String, policyName: String, policySHA256: String) {
        self.verdict = verdict
        self.rule = rule
        self.reason = reason
        self.policyName = policyName
        self.policySHA256 = policySHA256
    }
}
