import LexeconLedger

/// Answers one Claude Code hook event (`lexecon hook claude-code`).
///
/// The protocol (Claude Code hooks reference): the event is one JSON object on stdin; exit
/// code 0 lets the call proceed (stdout may carry a JSON answer), exit code 2 blocks it and
/// feeds stderr to the model, and any other exit code is a *non-blocking* error — the call
/// proceeds. So every failure here, down to unreadable input, ends in exit code 2.
///
/// - `PreToolUse` for `Bash`: `tool_input.command` is decided in the event's `cwd` and the
///   decision record is durable before the answer: ALLOW → exit 0 and no output (Claude
///   Code's own permission rules still apply); BLOCK → exit 2, the reason on stderr;
///   ESCALATE → exit 0 with `permissionDecision: "ask"` (the user decides in Claude Code's
///   prompt), or with `headless` exit 2 like a BLOCK: nobody is there to ask.
/// - `PostToolUse` / `PostToolUseFailure` for `Bash`: a `result` record, linked to the
///   decision through the `tool_use_id` (see ``PendingDecisions``).
/// - `SessionEnd`: refreshes the ledger head (a signed checkpoint).
/// - Anything else, including every other tool: exit 0, no output, nothing recorded.
public struct ClaudeCodeHook: Sendable {
    /// The hook's answer.
    public struct Answer: Sendable, Equatable {
        /// 0 or 2, never anything else.
        public var exitCode: Int32
        public var stdout: String
        public var stderr: String

        static let proceed = Answer(exitCode: 0, stdout: "", stderr: "")
        static func block(_ message: String) -> Answer { Answer(exitCode: 2, stdout: "", stderr: message) }
    }

    /// `actor.agent` of every record this hook writes.
    public static let agentName = "claude-code"

    public var headless: Bool
    /// Where PreToolUse remembers decision seqs for PostToolUse; nil: results get `of` -1.
    public var pending: PendingDecisions?
    private let makeGate: @Sendable () throws -> any AgentGate

    /// `makeGate` is called only for events that are recorded, so other tools pass through
    /// even when the keys or the policy are missing.
    public init(headless: Bool, pending: PendingDecisions?, makeGate: @escaping @Sendable () throws -> any AgentGate) {
        self.headless = headless
        self.pending = pending
        self.makeGate = makeGate
    }

    /// Handles one event. Never throws: failures are answers with exit code 2.
    public func handle(_ input: [UInt8]) -> Answer {
        do {
            return try answer(input)
        } catch let error as HookInputError {
            return .block("lexecon: refusing the tool call: \(error.message). Nothing was run.")
        } catch {
            return .block("lexecon: refusing the tool call: \(error). Nothing was run.")
        }
    }

    private func answer(_ input: [UInt8]) throws -> Answer {
        guard !input.isEmpty else { throw HookInputError("no hook event on stdin") }
        let event: HookJSON
        do {
            event = try HookJSON.parse(input)
        } catch {
            throw HookInputError("the hook event is not valid JSON (\(error))")
        }
        guard event.isObject else { throw HookInputError("the hook event is a JSON \(event.typeName), not an object") }
        let name = try requiredString(event, "hook_event_name")
        switch name {
        case "PreToolUse":
            guard try requiredString(event, "tool_name") == "Bash" else { return .proceed }
            return try preToolUse(event)
        case "PostToolUse", "PostToolUseFailure":
            guard try requiredString(event, "tool_name") == "Bash" else { return .proceed }
            return try postToolUse(event, failed: name == "PostToolUseFailure")
        case "SessionEnd":
            try makeGate().finish()
            return .proceed
        default:
            return .proceed
        }
    }

    private func preToolUse(_ event: HookJSON) throws -> Answer {
        let toolInput = try requiredObject(event, "tool_input")
        let command = try requiredString(toolInput, "command", path: "tool_input.command")
        let cwd = try requiredString(event, "cwd")
        guard cwd.hasPrefix("/") else { throw HookInputError("\"cwd\" is not an absolute path") }
        let session = try requiredString(event, "session_id")
        let toolUseID = try optionalString(event, "tool_use_id")

        var context: [JSONMember] = []
        if let toolUseID { context.append(JSONMember("tool_use_id", .string(toolUseID))) }
        if let transcript = try optionalString(event, "transcript_path") { context.append(JSONMember("transcript_path", .string(transcript))) }
        if let mode = try optionalString(event, "permission_mode") { context.append(JSONMember("permission_mode", .string(mode))) }

        let gate = try makeGate()
        let decision: GateDecision
        do {
            decision = try gate.decide(GateRequest(command: command, cwd: cwd, tool: "shell.run", agent: Self.agentName,
                                                   session: session, context: context))
        } catch {
            throw HookInputError("the decision could not be made and recorded (\(error))")
        }
        let where_ = "ledger seq \(decision.seq), rule \(decision.rule)"
        switch decision.verdict {
        case .allow:
            remember(decision, session: session, toolUseID: toolUseID)
            return .proceed
        case .block:
            return .block("lexecon BLOCK: \(decision.reason) (\(where_)). The command was not run; do not retry it in another form.")
        case .escalate:
            if headless {
                return .block("lexecon ESCALATE: \(decision.reason) (\(where_)). It needs a person's approval and this session is headless, so the command was not run.")
            }
            remember(decision, session: session, toolUseID: toolUseID)
            let reason = "lexecon ESCALATE: \(decision.reason) (\(where_)). Approve only if you expect this command."
            let output = JSONValue.object([JSONMember("hookSpecificOutput", .object([
                JSONMember("hookEventName", .string("PreToolUse")),
                JSONMember("permissionDecision", .string("ask")),
                JSONMember("permissionDecisionReason", .string(reason)),
            ]))])
            return Answer(exitCode: 0, stdout: String(decoding: CanonicalJSON.serialize(output), as: UTF8.self) + "\n", stderr: "")
        }
    }

    private func remember(_ decision: GateDecision, session: String, toolUseID: String?) {
        guard let pending, let toolUseID else { return }
        // Losing the link is not a reason to refuse an ALLOWed command: the result record
        // then carries `of` -1 and the tool_use_id, which still names the decision.
        pending.save(seq: decision.seq, verdict: decision.verdict, session: session, toolUseID: toolUseID)
    }

    private func postToolUse(_ event: HookJSON, failed: Bool) throws -> Answer {
        let session = try requiredString(event, "session_id")
        let toolUseID = try optionalString(event, "tool_use_id")
        var linked: PendingDecisions.Entry?
        if let pending, let toolUseID { linked = pending.take(session: session, toolUseID: toolUseID) }

        var exitCode: Int64?
        var notes: [String] = []
        if let response = event["tool_response"], response.isObject {
            for key in ["exit_code", "exitCode", "returnCode", "return_code"] {
                if let code = response[key]?.integer { exitCode = code; break }
            }
            if response["interrupted"]?.bool == true { notes.append("interrupted") }
        }
        if failed {
            var text = "Claude Code reported the tool call failed"
            if let error = try optionalString(event, "error") { text += ": " + String(error.prefix(1000)) }
            notes.append(text)
        }
        if linked == nil { notes.append("decision not linked: no pending decision for this tool_use_id") }
        if linked?.verdict == .escalate { notes.append("ran after the user approved Claude Code's permission prompt") }

        var context: [JSONMember] = []
        if let toolUseID { context.append(JSONMember("tool_use_id", .string(toolUseID))) }
        context.append(JSONMember("session", .string(session)))
        let result = GateResult(of: linked?.seq ?? -1, executed: true, exitCode: exitCode,
                                note: notes.isEmpty ? nil : notes.joined(separator: "; "), context: context)
        do {
            try makeGate().record(result)
        } catch {
            throw HookInputError("the result could not be recorded (\(error))")
        }
        return .proceed
    }

    private func requiredString(_ object: HookJSON, _ key: String, path: String? = nil) throws -> String {
        guard let value = object[key] else { throw HookInputError("missing \"\(path ?? key)\"") }
        guard let text = value.string else { throw HookInputError("\"\(path ?? key)\" is a \(value.typeName), not a string") }
        return text
    }

    private func optionalString(_ object: HookJSON, _ key: String) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.string else { throw HookInputError("\"\(key)\" is a \(value.typeName), not a string") }
        return text
    }

    private func requiredObject(_ object: HookJSON, _ key: String) throws -> HookJSON {
        guard let value = object[key] else { throw HookInputError("missing \"\(key)\"") }
        guard value.isObject else { throw HookInputError("\"\(key)\" is a \(value.typeName), not an object") }
        return value
    }
}

/// Why a hook event was refused.
struct HookInputError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
