/// What the interceptor needs from a policy: a name and digest to record, and a
/// deterministic decision for each request.
///
/// `LexeconPolicyAdapter` adapts the YAML policy engine; tests use small fakes.
public protocol CommandPolicy: Sendable {
    /// The policy's name as recorded (a path, or `builtin:default`).
    var name: String { get }
    /// Lowercase hex SHA-256 of the policy bytes in force.
    var sha256: String { get }
    /// Decides `request`. `protectedPaths` are absolute path globs (the ledger, its lock
    /// and head, the key directory, the policy file) that no command may write, delete,
    /// move, chmod or — for the key directory — read.
    func decide(_ request: ResolvedRequest, protectedPaths: [String]) -> PolicyVerdict
}

/// A policy that could not be loaded: it blocks everything and says why. The interceptor
/// records the BLOCK and reports a lexecon failure, so nothing runs on a broken policy.
public struct UnavailablePolicy: CommandPolicy {
    public let name: String
    public let sha256: String
    /// Why the policy is unavailable.
    public let message: String

    /// Creates the stand-in for a policy that failed to load.
    public init(name: String, sha256: String = String(repeating: "0", count: 64), message: String) {
        self.name = name
        self.sha256 = sha256
        self.message = message
    }

    public func decide(_ request: ResolvedRequest, protectedPaths: [String]) -> PolicyVerdict {
        PolicyVerdict(.block, rule: "lexecon:policy_unavailable", reason: message, failure: message)
    }
}
