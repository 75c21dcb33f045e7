#if canImport(Glibc)
import Glibc
#endif
import LexeconInterceptor
import LexeconLedger
import MCP
import Testing
@testable import LexeconAgents
@testable import LexeconMCP

/// The server over its blocking stdio transport, driven with raw JSON-RPC through pipes.
@Suite("MCP shell_run server")
struct ShellRunServerTests {
    /// A running server on two pipes; `send` writes a line, `next` reads one response line.
    final class Session: @unchecked Sendable {
        let toServer: Int32
        let fromServer: Int32
        let task: Task<Void, any Error>
        private var pending: [UInt8] = []

        init(_ workspace: Workspace) {
            var input: [Int32] = [-1, -1]
            var output: [Int32] = [-1, -1]
            _ = pipe(&input)
            _ = pipe(&output)
            toServer = input[1]
            fromServer = output[0]
            let server = ShellRunServer(interceptor: workspace.interceptor(), defaultCwd: workspace.root, session: "test-session",
                                        logger: ShellRunServer.standardErrorLogger())
            let transport = BlockingStdioTransport(input: input[0], output: output[1], logger: ShellRunServer.standardErrorLogger())
            task = Task { try await server.serve(transport: transport, version: "test") }
        }

        func send(_ text: String) {
            let line = Array((text + "\n").utf8)
            _ = line.withUnsafeBytes { write(toServer, $0.baseAddress, $0.count) }
        }

        /// The next message from the server, parsed (fails after 300 s: in a full parallel
        /// test run, other suites' blocking tests can hold Swift's cooperative threads — two on
        /// a 2-core machine — for minutes, and the SDK's server needs one to answer). Blocks a
        /// thread of its own, never the cooperative pool the server runs on.
        func next() async throws -> HookJSON {
            try await offload { try self.nextBlocking() }
        }

        private func nextBlocking() throws -> HookJSON {
            while true {
                if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(pending[..<newline])
                    pending.removeFirst(newline + 1)
                    return try HookJSON.parse(line)
                }
                var descriptor = pollfd(fd: fromServer, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 300_000) == 1 else { throw TestFailure("no answer from the server") }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = buffer.withUnsafeMutableBytes { read(fromServer, $0.baseAddress, $0.count) }
                guard count > 0 else { throw TestFailure("the server closed its output") }
                pending += buffer[0..<count]
            }
        }

        func initialize() async throws {
            send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"unit-test","version":"1"}}}"#)
            _ = try await next()
            send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        }

        func close() async throws {
            Glibc.close(toServer)
            try await task.value
            Glibc.close(fromServer)
        }
    }

    static func call(_ id: Int, _ command: String) -> String {
        let arguments = CanonicalJSON.serialize(.object([JSONMember("command", .string(command))]))
        return #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"shell_run","arguments":\#(String(decoding: arguments, as: UTF8.self))}}"#
    }

    @Test func listsTheToolWithHonestAnnotations() async throws {
        let workspace = try Workspace()
        let session = Session(workspace)
        try await session.initialize()
        session.send(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
        let tools = try await session.next()
        guard case .array(let list)? = tools["result"]?["tools"] else { throw TestFailure("no tools") }
        #expect(list.count == 1)
        let tool = list[0]
        #expect(tool["name"]?.string == "shell_run")
        #expect(tool["annotations"]?["destructiveHint"] == .bool(true))
        #expect(tool["annotations"]?["openWorldHint"] == .bool(true))
        #expect(tool["annotations"]?["readOnlyHint"] == .bool(false))
        #expect(tool["annotations"]?["idempotentHint"] == .bool(false))
        #expect(tool["inputSchema"]?["properties"]?["command"]?["type"]?.string == "string")
        #expect(tool["inputSchema"]?["properties"]?["timeout_seconds"]?["type"]?.string == "integer")
        #expect(tool["inputSchema"]?["required"] == .array([.string("command")]))
        try await session.close()
    }

    @Test func allowRunsBlockAndEscalateAreErrors() async throws {
        let workspace = try Workspace()
        let session = Session(workspace)
        try await session.initialize()
        session.send(Self.call(1, "printf out; printf err >&2; exit 3"))
        let allowed = try await session.next()["result"]
        #expect(allowed?["isError"] == .bool(false))
        #expect(allowed?["structuredContent"]?["exit_code"]?.integer == 3)
        #expect(allowed?["structuredContent"]?["stdout"]?.string == "out")
        #expect(allowed?["structuredContent"]?["stderr"]?.string == "err")
        #expect(allowed?["structuredContent"]?["decision_seq"]?.integer == 1)

        session.send(Self.call(2, "rm -rf " + workspace.keys))
        let blocked = try await session.next()["result"]
        #expect(blocked?["isError"] == .bool(true))
        #expect(blocked?["structuredContent"]?["decision"]?.string == "BLOCK")
        #expect(access(workspace.keys + "/private_key.pem", F_OK) == 0)

        session.send(Self.call(3, "git push origin main"))
        let escalated = try await session.next()["result"]
        #expect(escalated?["isError"] == .bool(true))
        #expect(escalated?["structuredContent"]?["decision"]?.string == "ESCALATE")

        session.send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"shell_run","arguments":{"command":"ls","timeout_seconds":"soon"}}}"#)
        let invalid = try await session.next()["result"]
        #expect(invalid?["isError"] == .bool(true))
        try await session.close()

        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue ?? "?" } == ["genesis", "decision", "result", "decision", "result", "decision", "result"])
        #expect(records.map { $0.seq } == (0..<7).map { Int64($0) })
        #expect(access(workspace.ledgerPath + ".head", F_OK) == 0, "the head is refreshed when the session ends")
    }

    @Test func truncatesLargeOutputAndMarksIt() async throws {
        let workspace = try Workspace()
        let session = Session(workspace)
        try await session.initialize()
        session.send(Self.call(1, "head -c 200000 /dev/zero | tr '\\0' a"))
        let result = try await session.next()["result"]
        #expect(result?["structuredContent"]?["stdout_bytes"]?.integer == 200000)
        #expect(result?["structuredContent"]?["stdout_truncated"] == .bool(true))
        #expect(result?["structuredContent"]?["stdout"]?.string?.utf8.count == 65536)
        guard case .array(let content)? = result?["content"] else { throw TestFailure("no content") }
        #expect(content.first?["text"]?.string?.contains("truncated: showing the first 65536 of 200000 bytes") == true)
        try await session.close()
    }

    @Test func concurrentCallsAppendOneUnbrokenChain() async throws {
        let workspace = try Workspace()
        let session = Session(workspace)
        try await session.initialize()
        let count = 16
        for id in 1...count { session.send(Self.call(id, "echo call-\(id)")) }
        var seen = Set<Int64>()
        for _ in 1...count {
            let message = try await session.next()
            #expect(message["result"]?["isError"] == .bool(false))
            if let id = message["id"]?.integer { seen.insert(id) }
        }
        #expect(seen == Set((1...count).map(Int64.init)))
        try await session.close()
        let records = try workspace.records()
        #expect(records.count == 1 + 2 * count)
        #expect(records.map { $0.seq } == (0...(2 * count)).map { Int64($0) })
        // Every result points at a decision written before it.
        let decisions = Set(records.filter { $0.kind == .decision }.compactMap(\.seq))
        for result in records where result.kind == .result {
            #expect(decisions.contains(result["of"]?.intValue ?? -1))
        }
    }

    @Test func transportSplitsMessagesAcrossReads() async throws {
        var input: [Int32] = [-1, -1]
        _ = pipe(&input)
        let transport = BlockingStdioTransport(input: input[0], output: 2, logger: ShellRunServer.standardErrorLogger())
        try await transport.connect()
        let writer = input[1]
        for chunk in [#"{"a":"#, "1}\n{\"b\"", ":2}\r\n\n", #"{"c":3}"#] {
            _ = Array(chunk.utf8).withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
            usleep(2000)
        }
        close(writer)
        var messages: [String] = []
        for try await data in await transport.receive() { messages.append(String(decoding: data, as: UTF8.self)) }
        #expect(messages == [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#])
    }
}
