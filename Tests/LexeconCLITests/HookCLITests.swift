import Foundation
import LexeconLedger
import Testing

/// `lexecon hook claude-code` through the built binary, fed events shaped like the Claude
/// Code hooks reference (PreToolUse / PostToolUse for Bash, other tools) and broken ones.
/// Claude Code treats any exit code but 0 and 2 as "proceed", so every refusal must be 2.
@Suite("Hook CLI")
struct HookCLITests {
    /// Decides on the command text (see `TextRulesPolicy`).
    static let policy = TextRulesPolicy.yaml(name: "hook-cli-test")

    /// A project directory with keys, the test policy and the ledger path.
    final class Project {
        let directory: String
        var keys: String { directory + "/.lexecon" }
        var ledger: String { directory + "/.audit/ledger.jsonl" }
        var policyFile: String { directory + "/policy.yaml" }

        init() throws {
            var template = Array((NSTemporaryDirectory() + "/lexecon-hook-XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { throw HookRunError("mkdtemp failed") }
            directory = String(cString: made)
            try HookCLITests.policy.write(toFile: policyFile, atomically: true, encoding: .utf8)
            let keys = try runHook(["init-keys", "--dir", keys], stdin: [], cwd: directory)
            guard keys.status == 0 else { throw HookRunError("init-keys failed: \(keys.stderr)") }
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        var arguments: [String] { ["hook", "claude-code", "--policy", policyFile, "--ledger", ledger, "--keys", keys] }

        func hook(_ event: [UInt8], extra: [String] = []) throws -> HookRun {
            try runHook(arguments + extra, stdin: event, cwd: directory)
        }

        func records() throws -> [LedgerRecord] {
            guard let data = FileManager.default.contents(atPath: ledger) else { return [] }
            return try data.split(separator: UInt8(ascii: "\n")).map { line in
                guard case .object(let members) = try StrictJSONParser.parse(Array(line)) else { throw HookRunError("not an object") }
                return LedgerRecord(object: members)
            }
        }

        func event(_ name: String, tool: String = "Bash", command: String, id: String = "toolu_01ABC123", response: Bool = false) -> [UInt8] {
            var object: [String: Any] = [
                "session_id": "9ecf22fa-edf8-4332-ae85-b6d5456eda64", "transcript_path": directory + "/transcript.jsonl",
                "cwd": directory, "permission_mode": "default", "hook_event_name": name, "tool_name": tool,
                "tool_input": tool == "Bash" ? ["command": command, "description": "Run it", "timeout": 120000] as [String: Any]
                    : ["file_path": directory + "/x.txt", "content": command],
                "tool_use_id": id,
            ]
            if response { object["tool_response"] = ["stdout": "ok\n", "stderr": "", "interrupted": false, "isImage": false] }
            return Array(try! JSONSerialization.data(withJSONObject: object))
        }
    }

    @Test func allowedBashIsSilentAndRecordedAndPostToolUseLinksTheResult() throws {
        let project = try Project()
        let pre = try project.hook(project.event("PreToolUse", command: "ls -la"))
        #expect(pre.status == 0)
        #expect(pre.stdout.isEmpty)
        let post = try project.hook(project.event("PostToolUse", command: "ls -la", response: true))
        #expect(post.status == 0)
        #expect(post.stdout.isEmpty)

        let records = try project.records()
        #expect(records.map { $0.kind?.rawValue ?? "?" } == ["genesis", "decision", "result"])
        let decision = records[1]
        #expect(decision["decision"]?.stringValue == "ALLOW")
        #expect(decision["cwd"]?.stringValue == URL(fileURLWithPath: project.directory).resolvingSymlinksInPath().path)
        #expect(decision["actor"]?["agent"]?.stringValue == "claude-code")
        #expect(decision["actor"]?["session"]?.stringValue == "9ecf22fa-edf8-4332-ae85-b6d5456eda64")
        #expect(decision["context"]?["tool_use_id"]?.stringValue == "toolu_01ABC123")
        #expect(records[2]["of"]?.intValue == 1)
        #expect(records[2]["executed"]?.boolValue == true)
    }

    @Test func blockedBashExitsTwoWithTheReason() throws {
        let project = try Project()
        let run = try project.hook(project.event("PreToolUse", command: "rm -rf " + project.directory + "/../elsewhere"))
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("lexecon BLOCK: command text: recursive delete"))
        let records = try project.records()
        #expect(records.first { $0.kind == .decision }?["decision"]?.stringValue == "BLOCK")
    }

    @Test func escalateAsksOrWithHeadlessRefuses() throws {
        let project = try Project()
        let ask = try project.hook(project.event("PreToolUse", command: "git push origin main"))
        #expect(ask.status == 0)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
        let specific = try #require(answer["hookSpecificOutput"] as? [String: Any])
        #expect(specific["hookEventName"] as? String == "PreToolUse")
        #expect(specific["permissionDecision"] as? String == "ask")
        #expect((specific["permissionDecisionReason"] as? String)?.contains("pushes to a remote") == true)

        let headless = try project.hook(project.event("PreToolUse", command: "git push origin main", id: "toolu_2"), extra: ["--headless"])
        #expect(headless.status == 2)
        #expect(headless.stdout.isEmpty)
        #expect(headless.stderr.contains("ESCALATE"))
    }

    @Test(arguments: ["Read", "Write", "Edit", "mcp__github__create_issue"])
    func otherToolsPassThroughWithoutKeysOrLedger(_ tool: String) throws {
        let project = try Project()
        let event = project.event("PreToolUse", tool: tool, command: "rm -rf /")
        let run = try runHook(["hook", "claude-code", "--keys", project.directory + "/no-keys", "--ledger", project.ledger],
                              stdin: event, cwd: project.directory)
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty && run.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.ledger))
    }

    @Test(arguments: [
        ("", "no hook event"),
        (#"{"session_id":"s","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"#, "truncated JSON"),
        ("not json at all", "not valid JSON"),
        (#"{"session_id":"s","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":42}}"#, "not a string"),
        (#"{"session_id":"s","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":null}"#, "not an object"),
        (#"{"session_id":"s","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash"}"#, "missing \"tool_input\""),
        (#"{"session_id":"s","cwd":"/tmp","hook_event_name":["PreToolUse"],"tool_name":"Bash","tool_input":{"command":"ls"}}"#, "not a string"),
        (#"{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#, "missing \"cwd\""),
    ])
    func malformedEventsExitTwo(_ input: String, _ expected: String) throws {
        let project = try Project()
        let run = try project.hook(Array(input.utf8))
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func aOneMebibyteCommandIsRefusedCleanly() throws {
        let project = try Project()
        let run = try project.hook(project.event("PreToolUse", command: "echo " + String(repeating: "y", count: 1 << 20)))
        #expect(run.status == 2)
        #expect(run.stderr.contains("line limit"))
        #expect(try project.records().allSatisfy { $0.kind != .decision || $0["decision"]?.stringValue == "BLOCK" })
    }

    @Test(arguments: [["--bogus"], ["--policy"], ["--headless=yes"], ["extra"]])
    func badOptionsExitTwoNotSixtyFour(_ extra: [String]) throws {
        let project = try Project()
        let run = try runHook(["hook", "claude-code"] + extra, stdin: project.event("PreToolUse", command: "ls"), cwd: project.directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("refusing"))
    }

    @Test func missingKeysOrAnUnwritableLedgerExitTwo() throws {
        let project = try Project()
        let noKeys = try runHook(["hook", "claude-code", "--policy", project.policyFile, "--keys", project.directory + "/none",
                                  "--ledger", project.ledger], stdin: project.event("PreToolUse", command: "ls"), cwd: project.directory)
        #expect(noKeys.status == 2)
        #expect(noKeys.stderr.contains("key"))
        _ = FileManager.default.createFile(atPath: project.directory + "/file", contents: Data())
        let badLedger = try runHook(["hook", "claude-code", "--policy", project.policyFile, "--keys", project.keys,
                                     "--ledger", project.directory + "/file/ledger.jsonl"],
                                    stdin: project.event("PreToolUse", command: "ls"), cwd: project.directory)
        #expect(badLedger.status == 2)
        #expect(badLedger.stderr.contains("refusing"))
    }

    /// The built-in default policy refuses an attack on the audit trail itself.
    @Test func theDefaultPolicyRefusesDeletingTheLedger() throws {
        let project = try Project()
        _ = try project.hook(project.event("PreToolUse", command: "ls"))
        let run = try runHook(["hook", "claude-code", "--ledger", project.ledger, "--keys", project.keys],
                              stdin: project.event("PreToolUse", command: "rm -rf .audit", id: "toolu_9"), cwd: project.directory)
        #expect(run.status == 2)
        #expect(FileManager.default.fileExists(atPath: project.ledger))
    }
}

struct HookRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

struct HookRunError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs the built `lexecon` with `stdin` bytes; returns status (128+N on signal N), stdout, stderr.
private func runHook(_ arguments: [String], stdin: [UInt8], cwd: String) throws -> HookRun {
    let binary = try LexeconBinary.path()
    let scratch = try LexeconBinary.scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let paths = (input: scratch + "/in", output: scratch + "/out", error: scratch + "/err")
    _ = FileManager.default.createFile(atPath: paths.input, contents: Data(stdin))
    _ = FileManager.default.createFile(atPath: paths.output, contents: nil)
    _ = FileManager.default.createFile(atPath: paths.error, contents: nil)
    let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: paths.input))
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.output))
    let error = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.error))
    defer { try? input.close(); try? output.close(); try? error.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: cwd)
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    process.waitUntilExit()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return HookRun(status: status,
                   stdout: String(decoding: FileManager.default.contents(atPath: paths.output) ?? Data(), as: UTF8.self),
                   stderr: String(decoding: FileManager.default.contents(atPath: paths.error) ?? Data(), as: UTF8.self))
}
