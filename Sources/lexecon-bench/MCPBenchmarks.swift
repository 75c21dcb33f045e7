#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconInterceptor

/// MCP `tools/call` round trip against the same command through the interceptor in-process.
///
/// Two figures for what MCP adds per call:
/// - per call: the client's round trip minus the time the server itself spent in
///   ``Interceptor/run`` for that call (`gate_us` in the result), median over the calls —
///   the protocol's own cost, free of disk and scheduling noise;
/// - across processes: median round trip minus the median of the same command through
///   ``Interceptor/run`` in this process (what the issue asks for; noisier, because the two
///   medians come from different processes and moments on a shared machine).
///
/// Spawns the `lexecon` built next to this binary as `lexecon mcp`, speaks newline-delimited
/// JSON-RPC over its stdio (initialize, notifications/initialized, then N calls of
/// `shell_run {"command":"true"}`), and times each call from the first byte written to the
/// response line read. The baseline runs `true` through ``Interceptor/run`` in this process
/// with the server's options (capture, stdin /dev/null, no checkpoint). Both sides use the
/// same allow-all policy and fresh ledgers, so both pay the same two fsynced appends per
/// call; the difference is what MCP adds: JSON-RPC, the SDK's dispatch and the stdio hops.
///
///   lexecon-bench mcp         (release build: `swift build -c release`, then .build/release/lexecon-bench mcp)
enum MCPBenchmarks {
    static let calls = 300
    static let warmup = 30

    static func run() throws {
        let directory = try temporaryDirectory()
        defer { _ = system("rm -rf '\(directory)'") }
        _ = try KeyDirectory(path: directory + "/keys").create(force: false)
        let policy = directory + "/allow-all.yaml"
        try writeFile(policy, """
            version: 1
            name: bench-allow-all
            default: ALLOW
            on_parse_error: ALLOW
            on_dynamic: ALLOW
            rules: []

            """)

        // In-process baseline.
        let interceptor = try Interceptor.open(keyDirectory: directory + "/keys", ledgerPath: directory + "/inprocess.jsonl",
                                               policy: try LexeconPolicyAdapter(path: policy))
        let options = ExecutionOptions(stdout: .capture(limit: 65536), stderr: .capture(limit: 65536), stdin: .null,
                                       timeout: 120, relaySignals: false)
        var inProcess: [Double] = []
        for index in 0..<(warmup + calls) {
            let start = now()
            let outcome = interceptor.run(InterceptRequest(.shell("true"), cwd: directory, agent: "bench"), options: options, checkpoint: false)
            let elapsed = now() - start
            guard outcome.executed else { throw BenchError("in-process: the command did not run: \(outcome.failure?.message ?? outcome.authorization.reason)") }
            if index >= warmup { inProcess.append(elapsed) }
        }

        // The server.
        let binary = try siblingBinary("lexecon")
        let server = try Child(binary, ["mcp", "--policy", policy, "--ledger", directory + "/mcp.jsonl", "--keys", directory + "/keys"], cwd: directory)
        defer { server.finish() }
        server.send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"lexecon-bench","version":"1"}}}"#)
        guard try server.readLine().contains("\"serverInfo\"") else { throw BenchError("initialize failed") }
        server.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        var roundTrips: [Double] = []
        var protocolCost: [Double] = []
        for index in 0..<(warmup + calls) {
            let start = now()
            server.send(#"{"jsonrpc":"2.0","id":\#(index + 1),"method":"tools/call","params":{"name":"shell_run","arguments":{"command":"true"}}}"#)
            let line = try server.readLine()
            let elapsed = now() - start
            guard line.contains("\"isError\":false") else { throw BenchError("tools/call failed: \(line.prefix(300))") }
            if index >= warmup {
                roundTrips.append(elapsed)
                guard let gate = gateMicroseconds(line) else { throw BenchError("no gate_us in: \(line.prefix(300))") }
                protocolCost.append(elapsed - Double(gate) / 1000)
            }
        }

        let base = median(inProcess)
        let trip = median(roundTrips)
        print("command: shell_run {\"command\":\"true\"}, \(calls) calls after \(warmup) warm-up, allow-all policy, fsynced ledger")
        print("in-process Interceptor.run   median \(ms(base)) ms  p90 \(ms(percentile(inProcess, 0.9))) ms")
        print("MCP tools/call round trip    median \(ms(trip)) ms  p90 \(ms(percentile(roundTrips, 0.9))) ms")
        let perCall = median(protocolCost)
        print("MCP overhead, per call       median \(ms(perCall)) ms  p90 \(ms(percentile(protocolCost, 0.9))) ms  (round trip - server's own Interceptor.run; target <= 2 ms: \(perCall <= 2 ? "met" : "NOT met"))")
        print("MCP overhead, across runs    \(ms(trip - base)) ms  (median round trip - median in-process run)")
    }

    // MARK: - Helpers

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A child process with its stdin and stdout on pipes; stderr inherited.
    final class Child {
        let pid: pid_t
        let input: Int32
        let output: Int32
        private var pending: [UInt8] = []

        init(_ path: String, _ arguments: [String], cwd: String) throws {
            var toChild: [Int32] = [-1, -1]
            var fromChild: [Int32] = [-1, -1]
            guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw BenchError("pipe failed") }
            _ = fcntl(toChild[1], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fromChild[0], F_SETFD, FD_CLOEXEC)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
            posix_spawn_file_actions_addclose(&actions, toChild[0])
            posix_spawn_file_actions_addclose(&actions, fromChild[1])
            let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            let previous = open(".", O_RDONLY)
            _ = chdir(cwd)
            var child: pid_t = 0
            let status = posix_spawn(&child, path, &actions, nil, argv, environ)
            _ = fchdir(previous)
            close(previous)
            close(toChild[0])
            close(fromChild[1])
            guard status == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(status)))") }
            pid = child
            input = toChild[1]
            output = fromChild[0]
        }

        func send(_ message: String) {
            let bytes = Array((message + "\n").utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { write(input, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { return }
                offset += written
            }
        }

        func readLine() throws -> String {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeFirst(newline + 1)
                    return line
                }
                let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
                guard count > 0 else { throw BenchError("the server closed its output") }
                pending += buffer[0..<count]
            }
        }

        /// Closes stdin (the session ends, the server writes its checkpoint) and reaps it.
        func finish() {
            close(input)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            close(output)
        }
    }

    static func siblingBinary(_ name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw BenchError("cannot find this executable") }
        let me = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = String(me[..<me.lastIndex(of: "/")!]) + "/" + name
        guard access(path, X_OK) == 0 else { throw BenchError("\(path) not found: build it first (swift build -c release)") }
        return path
    }

    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/lexecon-bench-mcp-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp failed") }
        return String(cString: made)
    }

    static func writeFile(_ path: String, _ text: String) throws {
        guard let file = fopen(path, "w") else { throw BenchError("cannot write \(path)") }
        fputs(text, file)
        fclose(file)
    }

    /// Milliseconds on the monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// The `gate_us` member of a tools/call response line.
    static func gateMicroseconds(_ line: String) -> Int? {
        guard let range = line.firstRange(of: "\"gate_us\":") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// Three decimals.
    static func ms(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = abs(thousandths)
        let fraction = String(magnitude % 1000)
        return sign + String(magnitude / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
    }
}
