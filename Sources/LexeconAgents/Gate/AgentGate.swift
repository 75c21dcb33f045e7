public import LexeconLedger

/// The policy's answer for one command.
public enum GateVerdict: String, Sendable, Hashable {
    case allow = "ALLOW"
    case block = "BLOCK"
    case escalate = "ESCALATE"
}

/// One shell command an agent proposes, with who proposed it.
public struct GateRequest: Sendable {
    /// The command as one shell string.
    public var command: String
    /// Absolute working directory the command would run in.
    public var cwd: String
    /// The `tool` member of the decision record, e.g. `shell.run`.
    public var tool: String
    /// `actor.agent`, e.g. `claude-code`.
    public var agent: String
    /// `actor.session`: the agent's session id.
    public var session: String?
    /// Members of the record's `context` (e.g. `tool_use_id`).
    public var context: [JSONMember]

    public init(command: String, cwd: String, tool: String = "shell.run", agent: String, session: String?, context: [JSONMember] = []) {
        self.command = command
        self.cwd = cwd
        self.tool = tool
        self.agent = agent
        self.session = session
        self.context = context
    }
}

/// A decision that is already durable in the ledger.
public struct GateDecision: Sendable, Hashable {
    public var verdict: GateVerdict
    /// Id of the deciding rule.
    public var rule: String
    public var reason: String
    /// `seq` of the decision record.
    public var seq: Int64

    public init(verdict: GateVerdict, rule: String, reason: String, seq: Int64) {
        self.verdict = verdict
        self.rule = rule
        self.reason = reason
        self.seq = seq
    }
}

/// What happened to a decided command, for a `result` record.
public struct GateResult: Sendable {
    /// `seq` of the decision record, or -1 when it is not known.
    public var of: Int64
    public var executed: Bool
    public var exitCode: Int64?
    public var signal: String?
    public var durationMilliseconds: Int64?
    public var stdout: ResultEntry.Output?
    public var stderr: ResultEntry.Output?
    public var note: String?
    /// Members of the record's `context` (e.g. `tool_use_id`).
    public var context: [JSONMember]

    public init(of: Int64, executed: Bool, exitCode: Int64? = nil, signal: String? = nil, durationMilliseconds: Int64? = nil,
                stdout: ResultEntry.Output? = nil, stderr: ResultEntry.Output? = nil, note: String? = nil, context: [JSONMember] = []) {
        self.of = of
        self.executed = executed
        self.exitCode = exitCode
        self.signal = signal
        self.durationMilliseconds = durationMilliseconds
        self.stdout = stdout
        self.stderr = stderr
        self.note = note
        self.context = context
    }

    /// The record's kind-specific members (`docs/LEDGER_FORMAT.md` §6.2), plus `context`.
    public var fields: [JSONMember] {
        var members = [JSONMember("of", .int(of)), JSONMember("executed", .bool(executed))]
        if let exitCode { members.append(JSONMember("exit", .int(exitCode))) }
        if let signal { members.append(JSONMember("signal", .string(signal))) }
        if let durationMilliseconds { members.append(JSONMember("duration_ms", .int(durationMilliseconds))) }
        for (name, output) in [("stdout", stdout), ("stderr", stderr)] {
            if let output {
                members.append(JSONMember(name, .object([JSONMember("bytes", .int(output.bytes)),
                                                         JSONMember("sha256", .string(output.sha256))])))
            }
        }
        if let note { members.append(JSONMember("note", .string(note))) }
        if !context.isEmpty { members.append(JSONMember("context", .object(context))) }
        return members
    }
}

/// The interceptor as the agent integrations see it: decide and record before anything
/// runs, record what happened afterwards, and refresh the ledger head when a session ends.
///
/// Implementations must be safe to call from many tasks at once; appends are serialised by
/// the one ledger writer behind the gate. Every method throws rather than guess: callers
/// treat any error as "do not run".
public protocol AgentGate: Sendable {
    /// Evaluates the policy for `request` and makes the `decision` record durable.
    func decide(_ request: GateRequest) throws -> GateDecision
    /// Appends a `result` record and returns its seq.
    @discardableResult
    func record(_ result: GateResult) throws -> Int64
    /// Writes a fresh signed checkpoint (`LEDGER.head`).
    func finish() throws
}
