public import LexeconInterceptor
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

        public init(exitCode: Int32, stdout: String, stderr: String) {
            self.exitCode = exitCode
            self.stdout = stdout
            self.stderr = stderr
        }

        static let proceed = Answer(exitCode: 0, stdout: "", stderr: "")
        static func block(_ message: String) -> Answer { Answer(exitCode: 2, stdout: "", stderr: message) }

        /// Exit 2 with the standard refusal message.
        public static func refuse(_ problem: String) -> Answer {
            block("lexecon: refusing the tool call: \(problem). Nothing was run.")
        }
    }

    /// `actor.agent` of every record this hook writes.
    public static let agentName = "claude-code"

    public var headless: Bool
    /// Where PreToolUse remembers decision seqs for PostToolUse; nil: results get `of` -1.
    public var pending: PendingDecisions?
    private let makeInterceptor: @Sendable () throws -> Interceptor

    /// `makeInterceptor` is called only for events that are recorded, so other tools pass
    /// through even when the keys or the policy are missing. Its approver is never asked
    /// for more than ``RefusingApprover`` gives: approval happens in Claude Code's prompt.
    public init(headless: Bool, pending: PendingDecisions?, makeInterceptor: @escaping @Sendable () throws -> Interceptor) {
        self.headless = headless
        self.pending = pending
        self.makeInterceptor = makeInterceptor
    }

    /// Handles one event. Never throws: failures are answers with exit code 2.
    public func handle(_ input: [UInt8]) -> Answer {
        do {
            return try answer(input)
        } catch let error as HookInputError {
            return .refuse(error.message)
        } catch {
            return .refuse("\(error)")
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
            do {
                _ = try makeInterceptor().ledger.writeCheckpoint()
            } catch {
                throw HookInputError("the ledger head could not be refreshed (\(error))")
            }
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

        let interceptor = try makeInterceptor()
        let request = InterceptRequest(.shell(command), cwd: cwd, agent: Self.agentName, session: session,
                                       toolUseID: toolUseID, tool: "shell.run")
        let authorization = interceptor.authorize(request)
        if let failure = authorization.failure {
            if authorization.decisionSeq != nil { recordNotRun(interceptor, authorization, note: failure.message) }
            let recorded = authorization.decisionSeq.map { " (recorded as BLOCK at ledger seq \($0))" } ?? ""
            throw HookInputError("\(failure.message)\(recorded)")
        }
        guard let seq = authorization.decisionSeq else { throw HookInputError("the decision was not recorded") }
        let place = "ledger seq \(seq), rule \(authorization.rule)"
        switch authorization.decision {
        case .allow:
            remember(seq: seq, decision: .allow, session: session, toolUseID: toolUseID)
            return .proceed
        case .block:
            recordNotRun(interceptor, authorization, note: "blocked by rule \(authorization.rule)")
            return .block("lexecon BLOCK: \(authorization.reason) (\(place)). The command was not run; do not retry it in another form.")
        case .escalate:
            if headless {
                recordNotRun(interceptor, authorization, note: "escalation not approved: headless, nobody to ask")
                return .block("lexecon ESCALATE: \(authorization.reason) (\(place)). It needs a person's approval and this session is headless, so the command was not run.")
            }
            remember(seq: seq, decision: .escalate, session: session, toolUseID: toolUseID)
            let reason = "lexecon ESCALATE: \(authorization.reason) (\(place)). Approve only if you expect this command."
            let output = JSONValue.object([JSONMember("hookSpecificOutput", .object([
                JSONMember("hookEventName", .string("PreToolUse")),
                JSONMember("permissionDecision", .string("ask")),
                JSONMember("permissionDecisionReason", .string(reason)),
            ]))])
            return Answer(exitCode: 0, stdout: String(decoding: CanonicalJSON.serialize(output), as: UTF8.self) + "\n", stderr: "")
        }
    }

    /// The `result` record of a command that will not run. Best effort: the refusal stands
    /// even when it cannot be written (the decision record is already durable).
    private func recordNotRun(_ interceptor: Interceptor, _ authorization: Authorization, note: String) {
        _ = try? interceptor.recordResult(of: authorization, execution: nil, note: note)
    }

    private func remember(seq: Int64, decision: Decision, session: String, toolUseID: String?) {
        guard let pending, let toolUseID else { return }
        // Losing the link is not a reason to refuse an ALLOWed command: the result record
        // then carries `of` -1 and the tool_use_id, which still names the decision.
        pending.save(seq: seq, decision: decision, session: session, toolUseID: toolUseID)
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
        if linked?.decision == .escalate { notes.append("ran after the user approved Claude Code's permission prompt") }

        var context: [JSONMember] = []
        if let toolUseID { context.append(JSONMember("tool_use_id", .string(toolUseID))) }
        context.append(JSONMember("session", .string(session)))
        var fields = [JSONMember("of", .int(linked?.seq ?? -1)), JSONMember("executed", .bool(true))]
        if let exitCode { fields.append(JSONMember("exit", .int(exitCode))) }
        if !notes.isEmpty { fields.append(JSONMember("note", .string(notes.joined(separator: "; ")))) }
        fields.append(JSONMember("context", .object(context)))
        do {
            try makeInterceptor().ledger.append(kind: .result, fields: fields)
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
