/// The gate's answer before execution: what was decided and recorded, and whether the
/// command may run. Produced by ``Interceptor/authorize(_:)``.
public struct Authorization: Sendable {
    /// The request with absolute paths (nil when it could not be resolved).
    public var request: ResolvedRequest?
    /// The request as given.
    public var original: InterceptRequest
    /// The decision in force: the policy's, or BLOCK when lexecon failed.
    public var decision: Decision
    /// The deciding rule id.
    public var rule: String
    /// Why.
    public var reason: String
    /// Seq of the durable `decision` record; nil when no decision could be recorded.
    public var decisionSeq: Int64?
    /// For ESCALATE: the approver's outcome (nil for ALLOW/BLOCK or when not asked).
    public var approval: ApprovalOutcome?
    /// A lexecon failure that stopped the command (policy, request, ledger).
    public var failure: InterceptorError?

    /// True when the command may run: a durable decision record exists and the decision
    /// is ALLOW, or ESCALATE with a recorded, granted approval, and nothing failed.
    public var mayExecute: Bool {
        guard failure == nil, decisionSeq != nil else { return false }
        switch decision {
        case .allow: return true
        case .escalate: return approval?.isGranted ?? false
        case .block: return false
        }
    }
}
