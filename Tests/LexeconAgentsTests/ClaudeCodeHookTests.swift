#if canImport(Glibc)
import Glibc
#endif
import LexeconInterceptor
import LexeconLedger
import Testing
@testable import LexeconAgents

@Suite("Claude Code hook")
struct ClaudeCodeHookTests {
    /// A PreToolUse event shaped like the Claude Code hooks reference's example.
    static func preToolUse(_ command: String, cwd: String, tool: String = "Bash", id: String = "toolu_01ABC123") -> [UInt8] {
        let input: JSONValue = tool == "Bash"
            ? .object([JSONMember("command", .string(command)), JSONMember("description", "Run it"), JSONMember("timeout", 120000)])
            : .object([JSONMember("file_path", .string(cwd + "/README.md"))])
        return CanonicalJSON.serialize(.object([
            JSONMember("session_id", "abc123"), JSONMember("transcript_path", "/tmp/session.jsonl"), JSONMember("cwd", .string(cwd)),
            JSONMember("permission_mode", "default"), JSONMember("hook_event_name", "PreToolUse"), JSONMember("tool_name", .string(tool)),
            JSONMember("tool_input", input), JSONMember("tool_use_id", .string(id)),
        ]))
    }

    static func postToolUse(_ command: String, cwd: String, id: String = "toolu_01ABC123", event: String = "PostToolUse") -> [UInt8] {
        CanonicalJSON.serialize(.object([
            JSONMember("session_id", "abc123"), JSONMember("transcript_path", "/tmp/session.jsonl"), JSONMember("cwd", .string(cwd)),
            JSONMember("permission_mode", "default"), JSONMember("hook_event_name", .string(event)), JSONMember("tool_name", "Bash"),
            JSONMember("tool_input", .object([JSONMember("command", .string(command))])),
            JSONMember("tool_response", .object([JSONMember("stdout", "hi\n"), JSONMember("stderr", ""),
                                                 JSONMember("interrupted", false), JSONMember("isImage", false)])),
            JSONMember("tool_use_id", .string(id)),
        ]))
    }

    func hook(_ workspace: Workspace, headless: Bool = false) -> ClaudeCodeHook {
        let interceptor = workspace.interceptor()
        return ClaudeCodeHook(headless: headless, pending: PendingDecisions(ledgerPath: workspace.ledgerPath)) { interceptor }
    }

    @Test func allowIsSilentAndRecordedThenLinkedByPostToolUse() throws {
        let workspace = try Workspace()
        let hook = hook(workspace)
        let answer = hook.handle(Self.preToolUse("ls -la", cwd: workspace.root))
        #expect(answer == .init(exitCode: 0, stdout: "", stderr: ""))
        let post = hook.handle(Self.postToolUse("ls -la", cwd: workspace.root))
        #expect(post.exitCode == 0 && post.stdout.isEmpty)

        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "result"])
        let decision = records[1]
        #expect(decision["decision"]?.stringValue == "ALLOW")
        #expect(decision["actor"]?["agent"]?.stringValue == "claude-code")
        #expect(decision["actor"]?["session"]?.stringValue == "abc123")
        #expect(decision["context"]?["tool_use_id"]?.stringValue == "toolu_01ABC123")
        #expect(decision["cmd"]?["line"]?.stringValue == "ls -la")
        let result = records[2]
        #expect(result["of"]?.intValue == decision.seq)
        #expect(result["executed"]?.boolValue == true)
        #expect(result["context"]?["tool_use_id"]?.stringValue == "toolu_01ABC123")
    }

    @Test func blockExitsTwoWithTheReasonOnStderr() throws {
        let workspace = try Workspace()
        let answer = hook(workspace).handle(Self.preToolUse("rm -rf /", cwd: workspace.root))
        #expect(answer.exitCode == 2)
        #expect(answer.stdout.isEmpty)
        #expect(answer.stderr.contains("lexecon BLOCK: recursive delete"))
        #expect(answer.stderr.contains("no-recursive-rm"))
        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "result"])
        #expect(records[1]["decision"]?.stringValue == "BLOCK")
        #expect(records[2]["executed"]?.boolValue == false)
    }

    @Test func escalateAsksUnlessHeadless() throws {
        let workspace = try Workspace()
        let ask = hook(workspace).handle(Self.preToolUse("git push origin main", cwd: workspace.root))
        #expect(ask.exitCode == 0)
        let output = try HookJSON.parse(Array(ask.stdout.utf8))
        #expect(output["hookSpecificOutput"]?["hookEventName"]?.string == "PreToolUse")
        #expect(output["hookSpecificOutput"]?["permissionDecision"]?.string == "ask")
        #expect(output["hookSpecificOutput"]?["permissionDecisionReason"]?.string?.contains("pushes to a remote") == true)

        let headless = hook(workspace, headless: true).handle(Self.preToolUse("git push origin main", cwd: workspace.root, id: "toolu_2"))
        #expect(headless.exitCode == 2)
        #expect(headless.stderr.contains("ESCALATE") && headless.stderr.contains("headless"))
        let decisions = try workspace.records().filter { $0.kind == .decision }
        #expect(decisions.map { $0["decision"]?.stringValue } == ["ESCALATE", "ESCALATE"])
    }

    @Test func otherToolsAndEventsPassThroughUnrecorded() throws {
        let workspace = try Workspace()
        let hook = ClaudeCodeHook(headless: false, pending: nil) { throw TestFailure("must not open the interceptor") }
        #expect(hook.handle(Self.preToolUse("", cwd: workspace.root, tool: "Read")) == .init(exitCode: 0, stdout: "", stderr: ""))
        #expect(hook.handle(Array(#"{"session_id":"s","hook_event_name":"UserPromptSubmit","prompt":"hi"}"#.utf8)).exitCode == 0)
        #expect(try workspace.records().isEmpty)
    }

    @Test(arguments: [
        ("", "no hook event"),
        (#"{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"#, "not valid JSON"),
        (#"[1]"#, "not an object"),
        (#"{"session_id":"s","tool_name":"Bash"}"#, "missing \"hook_event_name\""),
        (#"{"session_id":"s","cwd":"/","hook_event_name":"PreToolUse","tool_name":7,"tool_input":{"command":"ls"}}"#, "\"tool_name\" is a number"),
        (#"{"session_id":"s","cwd":"/","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":"ls"}"#, "\"tool_input\" is a string"),
        (#"{"session_id":"s","cwd":"/","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":["ls"]}}"#, "\"tool_input.command\" is a array"),
        (#"{"session_id":"s","cwd":"/","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{}}"#, "missing \"tool_input.command\""),
        (#"{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#, "missing \"cwd\""),
        (#"{"session_id":"s","cwd":"rel","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#, "not an absolute path"),
        (#"{"cwd":"/","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#, "missing \"session_id\""),
        (#"{"session_id":"s","cwd":"/","hook_event_name":"PreToolUse","tool_name":"Read","tool_name":"Bash","tool_input":{"command":"ls"}}"#, "duplicate key"),
    ])
    func malformedEventsExitTwo(_ input: String, _ expected: String) throws {
        let workspace = try Workspace()
        let answer = hook(workspace).handle(Array(input.utf8))
        #expect(answer.exitCode == 2)
        #expect(answer.stdout.isEmpty)
        #expect(answer.stderr.contains(expected), "\(answer.stderr)")
        #expect(answer.stderr.hasPrefix("lexecon: refusing the tool call"))
    }

    @Test func anUnusableLedgerOrKeyExitsTwo() throws {
        let workspace = try Workspace()
        // A regular file where the ledger's directory should be: ENOTDIR, even for root.
        _ = creat(workspace.root + "/not-a-directory", 0o600)
        let broken = ClaudeCodeHook(headless: false, pending: nil) {
            Interceptor(ledger: LedgerWriter(path: workspace.root + "/not-a-directory/ledger.jsonl", key: workspace.key, toolVersion: "test"),
                        policy: ScriptedPolicy())
        }
        let answer = broken.handle(Self.preToolUse("ls", cwd: workspace.root))
        #expect(answer.exitCode == 2)
        #expect(answer.stderr.contains("refusing"))
        let noKey = ClaudeCodeHook(headless: false, pending: nil) { throw TestFailure("cannot load the signing key") }
        #expect(noKey.handle(Self.preToolUse("ls", cwd: workspace.root)).exitCode == 2)
    }

    @Test func aLargeCommandIsRecordedWhole() throws {
        let workspace = try Workspace()
        let command = "echo " + String(repeating: "x", count: 32 << 10)
        let answer = hook(workspace).handle(Self.preToolUse(command, cwd: workspace.root))
        #expect(answer.exitCode == 0)
        let decision = try workspace.records().last
        #expect(decision?["cmd"]?["line"]?.stringValue == command)
    }

    /// A ledger line holds at most 64 KiB, so a 1 MiB command cannot be recorded: it is
    /// refused (exit 2) with the reason, never run unrecorded.
    @Test func aHugeCommandIsRefusedNotRunUnrecorded() throws {
        let workspace = try Workspace()
        let command = "echo " + String(repeating: "x", count: 1 << 20)
        let answer = hook(workspace).handle(Self.preToolUse(command, cwd: workspace.root))
        #expect(answer.exitCode == 2)
        #expect(answer.stderr.contains("line limit"), "\(answer.stderr)")
        #expect(try workspace.records().allSatisfy { $0.kind != .decision || $0["decision"]?.stringValue == "BLOCK" })
    }

    @Test func postToolUseWithoutPendingDecisionIsRecordedUnlinked() throws {
        let workspace = try Workspace()
        let answer = hook(workspace).handle(Self.postToolUse("ls", cwd: workspace.root, id: "toolu_unknown", event: "PostToolUseFailure"))
        #expect(answer.exitCode == 0)
        let result = try #require(try workspace.records().last)
        #expect(result.kind == .result)
        #expect(result["of"]?.intValue == -1)
        #expect(result["note"]?.stringValue?.contains("failed") == true)
        #expect(result["note"]?.stringValue?.contains("not linked") == true)
    }

    @Test func sessionEndWritesTheHead() throws {
        let workspace = try Workspace()
        let hook = hook(workspace)
        _ = hook.handle(Self.preToolUse("ls", cwd: workspace.root))
        let answer = hook.handle(Array(#"{"session_id":"abc123","cwd":"/","hook_event_name":"SessionEnd","reason":"exit"}"#.utf8))
        #expect(answer.exitCode == 0)
        #expect(access(workspace.ledgerPath + ".head", F_OK) == 0)
    }
}
