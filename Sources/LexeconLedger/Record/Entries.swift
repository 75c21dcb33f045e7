import LexeconCrypto

/// Who asked for a command: the process identity lexecon observed, plus what the caller
/// said about the agent and session.
public struct Actor: Sendable, Hashable {
    public var uid: Int64
    public var user: String
    public var pid: Int64
    public var ppid: Int64
    /// The agent, e.g. `claude-code`, when known.
    public var agent: String?
    /// The agent's session id, when known.
    public var session: String?

    public init(uid: Int64, user: String, pid: Int64, ppid: Int64, agent: String? = nil, session: String? = nil) {
        self.uid = uid
        self.user = user
        self.pid = pid
        self.ppid = ppid
        self.agent = agent
        self.session = session
    }

    var json: JSONValue {
        var members = [JSONMember("uid", .int(uid)), JSONMember("user", .string(user)),
                       JSONMember("pid", .int(pid)), JSONMember("ppid", .int(ppid))]
        if let agent { members.append(JSONMember("agent", .string(agent))) }
        if let session { members.append(JSONMember("session", .string(session))) }
        return .object(members)
    }
}

/// A `decision` record's content: written and fsynced before anything runs.
public struct DecisionEntry: Sendable {
    /// The tool, e.g. `shell.run`.
    public var tool: String
    /// The command as one shell string, when given that way.
    public var commandLine: String?
    /// The command as an argv, when given that way.
    public var argv: [String]?
    public var cwd: String
    public var actor: Actor
    public var hostName: String
    public var policyName: String
    /// Lowercase hex SHA-256 of the policy bytes in force.
    public var policySHA256: String
    /// Id of the deciding rule.
    public var rule: String
    /// `ALLOW`, `BLOCK` or `ESCALATE`.
    public var decision: String
    public var reason: String
    /// Extra members for the caller's context (e.g. `tool_use_id`), added under `context`.
    public var context: [JSONMember]

    public init(tool: String, commandLine: String?, argv: [String]?, cwd: String, actor: Actor, hostName: String,
                policyName: String, policySHA256: String, rule: String, decision: String, reason: String,
                context: [JSONMember] = []) {
        self.tool = tool
        self.commandLine = commandLine
        self.argv = argv
        self.cwd = cwd
        self.actor = actor
        self.hostName = hostName
        self.policyName = policyName
        self.policySHA256 = policySHA256
        self.rule = rule
        self.decision = decision
        self.reason = reason
        self.context = context
    }

    /// The `sha256` of a command: of the UTF-8 `line` when there is one, else of the JCS
    /// serialisation of the `argv` array.
    public static func commandHash(line: String?, argv: [String]?) -> String {
        if let line { return SHA256.hex(line) }
        return SHA256.hex(CanonicalJSON.serialize(.array((argv ?? []).map(JSONValue.string))))
    }

    var fields: [JSONMember] {
        var cmd: [JSONMember] = []
        if let commandLine { cmd.append(JSONMember("line", .string(commandLine))) }
        if let argv { cmd.append(JSONMember("argv", .array(argv.map(JSONValue.string)))) }
        cmd.append(JSONMember("sha256", .string(DecisionEntry.commandHash(line: commandLine, argv: argv))))
        var members: [JSONMember] = [
            JSONMember("tool", .string(tool)),
            JSONMember("cmd", .object(cmd)),
            JSONMember("cwd", .string(cwd)),
            JSONMember("actor", actor.json),
            JSONMember("host", .object([JSONMember("name", .string(hostName))])),
            JSONMember("policy", .object([JSONMember("name", .string(policyName)),
                                          JSONMember("sha256", .string(policySHA256)),
                                          JSONMember("rule", .string(rule))])),
            JSONMember("decision", .string(decision)),
            JSONMember("reason", .string(reason)),
        ]
        if !context.isEmpty { members.append(JSONMember("context", .object(context))) }
        return members
    }
}

/// A `result` record's content: what happened after a decision.
public struct ResultEntry: Sendable {
    /// Digest of one output stream.
    public struct Output: Sendable, Hashable {
        public var bytes: Int64
        public var sha256: String
        public init(bytes: Int64, sha256: String) {
            self.bytes = bytes
            self.sha256 = sha256
        }
    }
    /// Seq of the decision record.
    public var of: Int64
    public var executed: Bool
    public var exitCode: Int64?
    /// Signal name or number that ended the command, e.g. `SIGTERM`.
    public var signal: String?
    public var durationMilliseconds: Int64?
    public var stdout: Output?
    public var stderr: Output?
    /// Why it did not run or how it ended (e.g. `timeout`), optional.
    public var note: String?

    public init(of: Int64, executed: Bool, exitCode: Int64? = nil, signal: String? = nil,
                durationMilliseconds: Int64? = nil, stdout: Output? = nil, stderr: Output? = nil, note: String? = nil) {
        self.of = of
        self.executed = executed
        self.exitCode = exitCode
        self.signal = signal
        self.durationMilliseconds = durationMilliseconds
        self.stdout = stdout
        self.stderr = stderr
        self.note = note
    }

    var fields: [JSONMember] {
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
        return members
    }
}

/// An `approval` record's content: a person's answer to an ESCALATE.
public struct ApprovalEntry: Sendable {
    /// Seq of the decision record.
    public var of: Int64
    public var granted: Bool
    /// Who answered (user name and terminal, for example).
    public var approver: String

    public init(of: Int64, granted: Bool, approver: String) {
        self.of = of
        self.granted = granted
        self.approver = approver
    }

    var fields: [JSONMember] {
        [JSONMember("of", .int(of)), JSONMember("granted", .bool(granted)), JSONMember("approver", .string(approver))]
    }
}
