#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LexeconLedger

/// An ``AgentGate`` over a ledger writer and a decision function: the decision record is
/// appended (signed, fsynced) before ``decide(_:)`` returns.
public struct LedgerGate: AgentGate {
    /// What the policy said about one command.
    public struct Evaluation: Sendable {
        public var verdict: GateVerdict
        public var rule: String
        public var reason: String
        public var policyName: String
        public var policySHA256: String

        public init(verdict: GateVerdict, rule: String, reason: String, policyName: String, policySHA256: String) {
            self.verdict = verdict
            self.rule = rule
            self.reason = reason
            self.policyName = policyName
            self.policySHA256 = policySHA256
        }
    }

    public let writer: LedgerWriter
    private let evaluate: @Sendable (_ command: String, _ cwd: String, _ agent: String) throws -> Evaluation

    public init(writer: LedgerWriter,
                evaluate: @escaping @Sendable (_ command: String, _ cwd: String, _ agent: String) throws -> Evaluation) {
        self.writer = writer
        self.evaluate = evaluate
    }

    public func decide(_ request: GateRequest) throws -> GateDecision {
        let evaluation = try evaluate(request.command, request.cwd, request.agent)
        let entry = DecisionEntry(
            tool: request.tool, commandLine: request.command, argv: nil, cwd: request.cwd,
            actor: ProcessIdentity.actor(agent: request.agent, session: request.session),
            hostName: ProcessIdentity.hostName, policyName: evaluation.policyName, policySHA256: evaluation.policySHA256,
            rule: evaluation.rule, decision: evaluation.verdict.rawValue, reason: evaluation.reason, context: request.context)
        let appended = try writer.append(decision: entry)
        return GateDecision(verdict: evaluation.verdict, rule: evaluation.rule, reason: evaluation.reason, seq: appended.seq)
    }

    @discardableResult
    public func record(_ result: GateResult) throws -> Int64 {
        try writer.append(kind: .result, fields: result.fields).seq
    }

    public func finish() throws {
        _ = try writer.writeCheckpoint()
    }
}

/// The identity of this process, for `actor` and `host`.
public enum ProcessIdentity {
    public static func actor(agent: String?, session: String?) -> Actor {
        let uid = getuid()
        var name = "uid\(uid)"
        if let entry = getpwuid(uid), let pwName = entry.pointee.pw_name { name = String(cString: pwName) }
        return Actor(uid: Int64(uid), user: name, pid: Int64(getpid()), ppid: Int64(getppid()), agent: agent, session: session)
    }

    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
