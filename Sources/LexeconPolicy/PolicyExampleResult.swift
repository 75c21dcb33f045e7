/// The outcome of one rule example (`examples.match` / `examples.no_match`).
public struct PolicyExampleResult: Sendable, Hashable {
    /// The rule the example belongs to.
    public var ruleID: String
    /// The example command.
    public var command: String
    /// True for `match` examples (the rule must match), false for `no_match`.
    public var expectsMatch: Bool
    /// Whether the example held.
    public var passed: Bool
    /// Where the example is written (1-based).
    public var line: Int
    /// Where the example is written (1-based).
    public var column: Int
}
