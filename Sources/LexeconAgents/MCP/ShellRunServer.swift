import class Foundation.Thread
import LexeconLedger
public import Logging
public import MCP
import Synchronization

/// The `lexecon mcp` server: one tool, `shell_run`, every call gated and recorded.
///
/// Each call is decided through the ``AgentGate`` (the decision record is durable before
/// anything runs). BLOCK and ESCALATE come back as tool results with `isError: true` and
/// the reason — nobody on an MCP channel can approve an ESCALATE. ALLOW runs the command
/// (``CapturedRun``), records the result and returns the exit status, the bounded output
/// and the ledger seqs. The SDK runs requests concurrently; all of them share the one gate,
/// whose ledger writer serialises appends. Blocking work (fsync, the command itself) runs on
/// a thread of its own, never on the cooperative pool.
public final class ShellRunServer: Sendable {
    public struct Limits: Sendable {
        /// Bytes of stdout and of stderr returned to the client (each).
        public var outputBytes = 64 * 1024
        public var defaultTimeoutSeconds = 120
        public var maxTimeoutSeconds = 24 * 3600
        public init() {}
    }

    public static let toolName = "shell_run"

    /// The tool as listed by `tools/list`.
    public static let tool = Tool(
        name: toolName,
        title: "Run a shell command (gated by lexecon)",
        description: """
        Runs one shell command with /bin/sh -c after lexecon's policy allows it. Every call is \
        decided (ALLOW, BLOCK or ESCALATE) and recorded in a signed, hash-chained ledger before \
        anything runs. BLOCK and ESCALATE return an error with the reason and run nothing; do \
        not retry a refused command in another form. ALLOW returns the exit code, stdout and \
        stderr (each cut at 64 KiB, marked when cut) and the ledger seq of the decision.
        """,
        inputSchema: .object([
            "type": "object",
            "properties": .object([
                "command": .object(["type": "string", "description": "The shell command, run with /bin/sh -c."]),
                "cwd": .object(["type": "string", "description": "Absolute working directory; default: the server's."]),
                "timeout_seconds": .object(["type": "integer", "minimum": 1, "maximum": 86400,
                                            "description": "Kill the command after this many seconds (default 120)."]),
            ]),
            "required": .array(["command"]),
            "additionalProperties": false,
        ]),
        annotations: Tool.Annotations(title: "Run a shell command (gated by lexecon)", readOnlyHint: false,
                                      destructiveHint: true, idempotentHint: false, openWorldHint: true)
    )

    private let gate: any AgentGate
    private let defaultCwd: String
    private let session: String
    private let limits: Limits
    private let logger: Logger
    private let clientName = Mutex<String?>(nil)
    private let inFlight = Mutex(0)

    public init(gate: any AgentGate, defaultCwd: String, session: String, limits: Limits = Limits(), logger: Logger) {
        self.gate = gate
        self.defaultCwd = defaultCwd
        self.session = session
        self.limits = limits
        self.logger = logger
    }

    /// Serves until the client closes the transport, waits for calls still running, then
    /// refreshes the ledger head.
    public func serve(transport: any Transport, version: String) async throws {
        let server = Server(name: "lexecon", version: version, title: "lexecon gated shell",
                            instructions: "shell_run runs shell commands only after lexecon's policy allows them; every call is recorded in a signed ledger.",
                            capabilities: .init(tools: .init(listChanged: false)), configuration: .strict)
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: [ShellRunServer.tool]) }
        await server.withMethodHandler(CallTool.self) { [self] params in
            guard params.name == ShellRunServer.toolName else {
                throw MCPError.invalidParams("unknown tool \(params.name)")
            }
            return await self.call(arguments: params.arguments)
        }
        try await server.start(transport: transport) { [self] client, _ in
            self.clientName.withLock { $0 = client.name }
        }
        await server.waitUntilCompleted()
        while inFlight.withLock({ $0 }) > 0 { try? await Task.sleep(for: .milliseconds(5)) }
        await server.stop()
        do {
            try await offload { try self.gate.finish() }
        } catch {
            logger.error("lexecon mcp: the ledger head could not be refreshed: \(error)")
            throw error
        }
    }

    /// Handles one `shell_run` call.
    public func call(arguments: [String: Value]?) async -> CallTool.Result {
        inFlight.withLock { $0 += 1 }
        defer { inFlight.withLock { $0 -= 1 } }
        let parsed: (command: String, cwd: String, timeout: Int)
        switch parse(arguments) {
        case .success(let value): parsed = value
        case .failure(let problem): return Self.error("lexecon: invalid shell_run arguments: \(problem.message). Nothing was run.")
        }
        let client = clientName.withLock { $0 }
        var context = [JSONMember("channel", .string("mcp"))]
        if let client { context.append(JSONMember("mcp_client", .string(client))) }
        let request = GateRequest(command: parsed.command, cwd: parsed.cwd, tool: "shell.run", agent: client.map { "mcp:" + $0 } ?? "mcp",
                                  session: session, context: context)
        do {
            return try await offload { try self.decideAndRun(request, timeout: parsed.timeout) }
        } catch {
            logger.error("lexecon mcp: \(error)")
            return Self.error("lexecon: the command was not run: \(error)")
        }
    }

    private func decideAndRun(_ request: GateRequest, timeout: Int) throws -> CallTool.Result {
        let decision = try gate.decide(request)
        let place = "rule \(decision.rule), ledger seq \(decision.seq)"
        var structured: [String: Value] = ["decision": .string(decision.verdict.rawValue), "rule": .string(decision.rule),
                                           "reason": .string(decision.reason), "decision_seq": .int(Int(decision.seq))]
        switch decision.verdict {
        case .block:
            structured["executed"] = false
            return CallTool.Result(content: [.text(text: "lexecon BLOCK: \(decision.reason) (\(place)). The command was not run; do not retry it in another form.", annotations: nil, _meta: nil)],
                                   structuredContent: .object(structured), isError: true)
        case .escalate:
            structured["executed"] = false
            let note = "ESCALATE needs a person's approval; an MCP client cannot give it"
            if let seq = try? gate.record(GateResult(of: decision.seq, executed: false, note: note)) { structured["result_seq"] = .int(Int(seq)) }
            return CallTool.Result(content: [.text(text: "lexecon ESCALATE: \(decision.reason) (\(place)). It needs a person's approval, which this channel cannot collect, so the command was not run. Ask the user to run it with `lexecon run` if it is intended.", annotations: nil, _meta: nil)],
                                   structuredContent: .object(structured), isError: true)
        case .allow:
            break
        }

        let outcome: CapturedRun.Outcome
        do {
            outcome = try CapturedRun.run(command: request.command, cwd: request.cwd, timeoutSeconds: timeout, limit: limits.outputBytes)
        } catch {
            let seq = try? gate.record(GateResult(of: decision.seq, executed: false, note: "could not start: \(error)"))
            structured["executed"] = false
            if let seq { structured["result_seq"] = .int(Int(seq)) }
            return CallTool.Result(content: [.text(text: "lexecon: allowed (\(place)) but could not start: \(error)", annotations: nil, _meta: nil)],
                                   structuredContent: .object(structured), isError: true)
        }
        var notes: [String] = []
        if outcome.timedOut { notes.append("timeout after \(timeout) s: process group killed") }
        var recordError: (any Error)?
        do {
            let seq = try gate.record(GateResult(of: decision.seq, executed: true, exitCode: outcome.exitCode.map(Int64.init),
                                                 signal: outcome.signal, durationMilliseconds: outcome.durationMilliseconds,
                                                 stdout: outcome.stdout.digest, stderr: outcome.stderr.digest,
                                                 note: notes.isEmpty ? nil : notes.joined(separator: "; ")))
            structured["result_seq"] = .int(Int(seq))
        } catch {
            recordError = error
            logger.error("lexecon mcp: the command ran but its result could not be recorded: \(error)")
        }

        structured["executed"] = true
        structured["exit_code"] = outcome.exitCode.map { .int(Int($0)) } ?? .null
        if let signal = outcome.signal { structured["signal"] = .string(signal) }
        structured["timed_out"] = .bool(outcome.timedOut)
        structured["duration_ms"] = .int(Int(outcome.durationMilliseconds))
        var text = ""
        if let code = outcome.exitCode {
            text += "exit code: \(code)\n"
        } else {
            text += "killed by \(outcome.signal ?? "a signal")\(outcome.timedOut ? " after the \(timeout) s timeout" : "")\n"
        }
        text += "ledger: decision seq \(decision.seq)"
        if case .int(let seq)? = structured["result_seq"] { text += ", result seq \(seq)" }
        text += "\n"
        for (name, stream) in [("stdout", outcome.stdout), ("stderr", outcome.stderr)] {
            let shown = String(decoding: stream.head, as: UTF8.self)
            structured[name] = .string(shown)
            structured[name + "_bytes"] = .int(Int(stream.totalBytes))
            structured[name + "_truncated"] = .bool(stream.truncated)
            guard stream.totalBytes > 0 else { continue }
            text += "--- \(name) ---\n" + shown
            if !shown.hasSuffix("\n") { text += "\n" }
            if stream.truncated {
                text += "[lexecon: \(name) truncated: showing the first \(stream.head.count) of \(stream.totalBytes) bytes]\n"
            }
        }
        if let recordError {
            text += "lexecon: WARNING: the command ran but its result could not be recorded: \(recordError)\n"
        }
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(structured),
                               isError: recordError != nil)
    }

    private struct ArgumentProblem: Error { let message: String }

    private func parse(_ arguments: [String: Value]?) -> Result<(command: String, cwd: String, timeout: Int), ArgumentProblem> {
        let arguments = arguments ?? [:]
        if let unknown = arguments.keys.sorted().first(where: { !["command", "cwd", "timeout_seconds"].contains($0) }) {
            return .failure(ArgumentProblem(message: "unknown argument \"\(unknown)\""))
        }
        guard let commandValue = arguments["command"] else { return .failure(ArgumentProblem(message: "\"command\" is required")) }
        guard case .string(let command) = commandValue else {
            return .failure(ArgumentProblem(message: "\"command\" must be a string (data: URLs are not accepted)"))
        }
        guard !command.isEmpty else { return .failure(ArgumentProblem(message: "\"command\" is empty")) }
        var cwd = defaultCwd
        if let value = arguments["cwd"], value != .null {
            guard case .string(let text) = value else { return .failure(ArgumentProblem(message: "\"cwd\" must be a string")) }
            guard text.hasPrefix("/") else { return .failure(ArgumentProblem(message: "\"cwd\" must be an absolute path")) }
            cwd = text
        }
        var timeout = limits.defaultTimeoutSeconds
        if let value = arguments["timeout_seconds"], value != .null {
            switch value {
            case .int(let seconds): timeout = seconds
            case .double(let seconds) where seconds.rounded() == seconds && abs(seconds) < 1e9: timeout = Int(seconds)
            default: return .failure(ArgumentProblem(message: "\"timeout_seconds\" must be an integer"))
            }
            guard timeout >= 1 && timeout <= limits.maxTimeoutSeconds else {
                return .failure(ArgumentProblem(message: "\"timeout_seconds\" must be between 1 and \(limits.maxTimeoutSeconds)"))
            }
        }
        return .success((command, cwd, timeout))
    }

    private static func error(_ text: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: true)
    }
}

/// Runs blocking work on a thread of its own and awaits it.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}
