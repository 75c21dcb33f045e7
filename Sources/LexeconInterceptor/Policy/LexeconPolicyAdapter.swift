public import LexeconPolicy

/// Adapts the YAML policy engine (`LexeconPolicy.Policy`) to ``CommandPolicy``.
///
/// ```swift
/// let policy = try LexeconPolicyAdapter(path: ".lexecon/policy.yaml")   // or
/// let builtin = LexeconPolicyAdapter.builtinDefault()
/// ```
public struct LexeconPolicyAdapter: CommandPolicy {
    /// The wrapped policy.
    public let policy: Policy

    /// Wraps a loaded policy.
    public init(_ policy: Policy) { self.policy = policy }

    /// Loads the policy file at `path` (strictly; its examples must hold).
    public init(path: String) throws(PolicyError) {
        self.policy = try Policy.load(path: path)
    }

    /// The built-in default policy.
    public static func builtinDefault() -> LexeconPolicyAdapter {
        LexeconPolicyAdapter(Policy.builtinDefault())
    }

    public var name: String { policy.name }
    public var sha256: String { policy.sha256 }

    public func decide(_ request: ResolvedRequest, protectedPaths: [String]) -> PolicyVerdict {
        let command: PolicyRequest.Command = switch request.command {
        case .shell(let line): .shell(line)
        case .argv(let argv): .argv(argv)
        }
        let policyRequest = PolicyRequest(command: command, cwd: request.cwd, workspace: request.workspace,
                                          home: request.home, environment: request.request.environment ?? "",
                                          principal: request.principal, agent: request.request.agent ?? "",
                                          extraProtectedPaths: protectedPaths, keyDirectories: request.keyDirectories)
        let decision = policy.evaluate(policyRequest)
        let mapped: Decision = switch decision.verdict {
        case .allow: .allow
        case .escalate: .escalate
        case .block: .block
        }
        return PolicyVerdict(mapped, rule: decision.rule, reason: decision.reason)
    }
}
