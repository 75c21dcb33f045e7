import LexeconAgents
import LexeconPolicy

/// `check --jsonl`: one request per input line, one decision per output line, in order.
enum JSONLStream {
    /// Longest request line read; a longer one is answered with a BLOCK (and skipped).
    static let maxLineBytes = 4 << 20

    /// Answers each line as soon as it is complete: a harness may keep the process open and
    /// send one request at a time. Output is flushed whenever the input runs dry, so a pipe
    /// full of requests is still answered in large writes.
    static func run(policy: Policy, defaults: RequestDefaults) {
        var out = OutputBuffer(fd: 1)
        var pending: [UInt8] = []
        var discarding = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)

        func answer(_ line: ArraySlice<UInt8>) {
            var end = line.endIndex
            if end > line.startIndex && line[end - 1] == 0x0D { end -= 1 }
            out.append(decide(line[line.startIndex..<end], policy: policy, defaults: defaults))
            out.append("\n")
        }
        func answerTooLong() {
            let message = "the request line is longer than \(maxLineBytes) bytes"
            out.append(JSONWriter.object([
                ("decision", "BLOCK"), ("rule", "invalid_input"), ("reason", "the request line cannot be read: \(message)"),
                ("policy_sha256", policy.sha256), ("error", message),
            ]))
            out.append("\n")
        }

        while true {
            let n: Int
            do { n = try FileInput.readSome(fd: 0, into: &chunk, name: "standard input") } catch {
                printError("lexecon check: \(error)")
                break
            }
            if n == 0 { break }
            var start = 0
            for index in 0..<n where chunk[index] == 0x0A {
                if discarding {
                    answerTooLong()
                    discarding = false
                } else if pending.isEmpty {
                    answer(chunk[start..<index])
                } else {
                    pending.append(contentsOf: chunk[start..<index])
                    answer(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            if start < n && !discarding {
                pending.append(contentsOf: chunk[start..<n])
                if pending.count > maxLineBytes {
                    discarding = true
                    pending = []
                }
            }
            out.flush()
        }
        // A last line without a line feed.
        if discarding { answerTooLong() } else if !pending.isEmpty { answer(pending[...]) }
        out.flush()
    }

    /// The JSON decision for one input line.
    static func decide(_ line: ArraySlice<UInt8>, policy: Policy, defaults: RequestDefaults) -> String {
        let request: PolicyRequest
        switch parse(line, defaults: defaults) {
        case .success(let parsed):
            request = parsed
        case .failure(let failure):
            let message = failure.message
            return JSONWriter.object([
                ("decision", "BLOCK"), ("rule", "invalid_input"), ("reason", "the request line cannot be read: \(message)"),
                ("policy_sha256", policy.sha256), ("error", message),
            ])
        }
        let decision = policy.evaluate(request)
        return JSONWriter.object([
            ("decision", decision.verdict.rawValue), ("rule", decision.rule), ("reason", decision.reason),
            ("policy_sha256", decision.policySHA256),
        ])
    }

    struct LineError: Error {
        var message: String
    }

    static func parse(_ line: ArraySlice<UInt8>, defaults: RequestDefaults) -> Result<PolicyRequest, LineError> {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .failure(LineError(message: "blank line")) }
        // The hook's reader: any JSON a client sends, duplicate keys (by exact bytes), invalid
        // UTF-8 and lone surrogates refused.
        let fields: HookJSON
        do {
            fields = try HookJSON.parse(Array(line))
        } catch {
            return .failure(LineError(message: "invalid JSON at \(error)"))
        }
        guard fields.isObject else { return .failure(LineError(message: "expected a JSON object")) }
        func text(_ key: String) -> Result<String?, LineError> {
            switch fields[key] {
            case nil, .null?: return .success(nil)
            case .string(let s)?: return .success(s)
            default: return .failure(LineError(message: "'\(key)' must be a string"))
            }
        }
        let command: PolicyRequest.Command
        switch (fields["command"], fields["argv"]) {
        case (.string(let script)?, nil):
            command = .shell(script)
        case (nil, .array(let items)?):
            var argv: [String] = []
            for item in items {
                guard case .string(let word) = item else { return .failure(LineError(message: "'argv' must be an array of strings")) }
                argv.append(word)
            }
            guard !argv.isEmpty else { return .failure(LineError(message: "'argv' must not be empty")) }
            command = .argv(argv)
        case (nil, nil):
            return .failure(LineError(message: "missing 'command' or 'argv'"))
        case (.some, .some):
            return .failure(LineError(message: "give either 'command' or 'argv', not both"))
        case (.some, nil):
            return .failure(LineError(message: "'command' must be a string"))
        case (nil, .some):
            return .failure(LineError(message: "'argv' must be an array of strings"))
        }
        var request = PolicyRequest(command: command, cwd: defaults.cwd, workspace: defaults.workspace, home: defaults.home,
                                    environment: defaults.environment, principal: defaults.principal, agent: defaults.agent)
        for key in ["cwd", "workspace", "environment", "principal", "agent"] {
            switch text(key) {
            case .failure(let error): return .failure(error)
            case .success(nil): continue
            case .success(let value?):
                switch key {
                case "cwd", "workspace":
                    guard value.hasPrefix("/") else { return .failure(LineError(message: "'\(key)' must be an absolute path")) }
                    if key == "cwd" {
                        request.cwd = value
                        if fields["workspace"] == nil { request.workspace = value }
                    } else {
                        request.workspace = value
                    }
                case "environment": request.environment = value
                case "principal": request.principal = value
                default: request.agent = value
                }
            }
        }
        return .success(request)
    }
}
