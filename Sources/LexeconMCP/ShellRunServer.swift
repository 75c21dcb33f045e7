import class Foundation.Thread
public import LexeconInterceptor
import LexeconLedger
public import Logging
public import MCP
import Synchronization

/// The `lexecon mcp` server: one tool, `shell_run`, every call gated and recorded.
///
/// Each call goes through the ``Interceptor`` (the decision record is durable before
/// anything runs). BLOCK and ESCALATE come back as tool results with `isError: true` and
/// the reason — nobody on an MCP channel can approve an ESCALATE, so the interceptor's
/// approver must refuse. ALLOW runs the command with stdin from /dev/null and both output
/// streams captured, records the result and returns the exit status, the bounded output
/// and the ledger seqs. The SDK runs requests concurrently; all of them share the one
/// interceptor, whose ledger writer serialises appends. Blocking work (fsync, the command
/// itself) runs on a thread of its own, never on the cooperative pool.
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

    private let interceptor: Interceptor
    private let defaultCwd: String
    private let session: String
    private let limits: Limits
    private let logger: Logger
    private let clientName = Mutex<String?>(nil)
    private let inFlight = Mutex(0)

    public init(interceptor: Interceptor, defaultCwd: String, session: String, limits: Limits = Limits(), logger: Logger) {
        self.interceptor = interceptor
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
        // The SDK starts each request in a task of its own, which may not have reached the
        // handler yet when the input ends: wait until no call has been running for 100 ms.
        var quietSince = ContinuousClock.now
        while true {
            if inFlight.withLock({ $0 }) > 0 {
                quietSince = .now
            } else if ContinuousClock.now - quietSince >= .milliseconds(100) {
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        await server.stop()
        do {
            _ = try await offload { try self.interceptor.ledger.writeCheckpoint() }
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
        let request = InterceptRequest(.shell(parsed.command), cwd: parsed.cwd, agent: client.map { "mcp:" + $0 } ?? "mcp",
                                       session: session, tool: "shell.run")
        let options = ExecutionOptions(stdout: .capture(limit: limits.outputBytes), stderr: .capture(limit: limits.outputBytes),
                                       stdin: .null, timeout: Double(parsed.timeout), relaySignals: false)
        do {
            let (outcome, microseconds) = try await offload {
                let start = ContinuousClock.now
                let outcome = self.interceptor.run(request, options: options, checkpoint: false)
                let elapsed = ContinuousClock.now - start
                return (outcome, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
            }
            var result = Self.result(outcome, timeout: parsed.timeout, logger: logger)
            // Time spent in the interceptor (decide, record, run, record): a client can tell it
            // from the protocol's own cost.
            if case .object(var structured)? = result.structuredContent {
                structured["gate_us"] = .int(Int(microseconds))
                result = CallTool.Result(content: result.content, structuredContent: .object(structured), isError: result.isError)
            }
            return result
        } catch {
            logger.error("lexecon mcp: \(error)")
            return Self.error("lexecon: the command was not run: \(error)")
        }
    }

    static func result(_ outcome: InterceptOutcome, timeout: Int, logger: Logger) -> CallTool.Result {
        let authorization = outcome.authorization
        var structured: [String: Value] = ["decision": .string(authorization.decision.rawValue), "rule": .string(authorization.rule),
                                           "reason": .string(authorization.reason), "executed": .bool(outcome.executed)]
        if let seq = authorization.decisionSeq { structured["decision_seq"] = .int(Int(seq)) }
        if let seq = outcome.resultSeq { structured["result_seq"] = .int(Int(seq)) }
        let place = "rule \(authorization.rule), ledger seq \(authorization.decisionSeq.map(String.init) ?? "none")"
        for warning in outcome.warnings { logger.warning("lexecon mcp: \(warning)") }

        guard let execution = outcome.execution else {
            let text: String
            if let failure = outcome.failure {
                logger.error("lexecon mcp: \(failure.message)")
                text = "lexecon: \(failure.message) (\(place)). The command was not run."
            } else if authorization.decision == .escalate {
                text = "lexecon ESCALATE: \(authorization.reason) (\(place)). It needs a person's approval, which this channel cannot collect, so the command was not run. Ask the user to run it with `lexecon run` if it is intended."
            } else {
                text = "lexecon BLOCK: \(authorization.reason) (\(place)). The command was not run; do not retry it in another form."
            }
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(structured), isError: true)
        }

        var text = ""
        switch execution.termination {
        case .exited(let code):
            text += "exit code: \(code)\n"
            structured["exit_code"] = .int(Int(code))
        case .signaled(let signal):
            let name = SignalNames.name(signal)
            text += "killed by \(name)\(execution.timedOut ? " after the \(timeout) s timeout" : "")\n"
            structured["exit_code"] = .int(Int(execution.shellStatus))
            structured["signal"] = .string(name)
        }
        structured["timed_out"] = .bool(execution.timedOut)
        structured["duration_ms"] = .int(Int(execution.durationMilliseconds))
        text += "ledger: decision seq \(authorization.decisionSeq.map(String.init) ?? "none")"
        if let seq = outcome.resultSeq { text += ", result seq \(seq)" }
        text += "\n"
        for (name, stream) in [("stdout", execution.stdout), ("stderr", execution.stderr)] {
            let head = stream.captured ?? []
            let shown = String(decoding: head, as: UTF8.self)
            let truncated = Int64(head.count) < stream.bytes
            structured[name] = .string(shown)
            structured[name + "_bytes"] = .int(Int(stream.bytes))
            structured[name + "_truncated"] = .bool(truncated)
            guard stream.bytes > 0 else { continue }
            text += "--- \(name) ---\n" + shown
            if !shown.hasSuffix("\n") { text += "\n" }
            if truncated { text += "[lexecon: \(name) truncated: showing the first \(head.count) of \(stream.bytes) bytes]\n" }
        }
        let unrecorded = outcome.resultSeq == nil
        if unrecorded {
            text += "lexecon: WARNING: the command ran but its result could not be recorded: \(outcome.warnings.joined(separator: "; "))\n"
        }
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(structured),
                               isError: unrecorded)
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

extension ShellRunServer {
    /// A logger that writes to standard error only: stdout carries protocol messages.
    public static func standardErrorLogger(level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "lexecon.mcp") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = level
        return logger
    }
}
