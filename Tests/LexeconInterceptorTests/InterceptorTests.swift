#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconInterceptor
import LexeconLedger
import Synchronization
import Testing

@Suite("Interceptor: decide, record, run, record")
struct InterceptorTests {
    @Test func allowRunsAndRecordsDecisionThenResultLinkedByOf() throws {
        let workspace = try Workspace()
        let interceptor = workspace.interceptor(FakePolicy())
        let outcome = interceptor.run(workspace.request("printf 'hello\\n'; printf 'oops' >&2; exit 4"), options: Workspace.capture)

        #expect(outcome.failure == nil)
        let execution = try #require(outcome.execution)
        #expect(execution.termination == .exited(4))
        #expect(execution.stdout.captured == Array("hello\n".utf8))
        #expect(execution.stdout.bytes == 6)
        #expect(execution.stdout.sha256 == SHA256.hex(Array("hello\n".utf8)))
        #expect(execution.stderr.sha256 == SHA256.hex(Array("oops".utf8)))

        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "result"])
        let decision = records[1], result = records[2]
        #expect(decision["decision"]?.stringValue == "ALLOW")
        #expect(decision["policy"]?["rule"]?.stringValue == "fake-allow")
        #expect(decision["cmd"]?["line"]?.stringValue == "printf 'hello\\n'; printf 'oops' >&2; exit 4")
        #expect(decision["actor"]?["agent"]?.stringValue == "test-agent")
        #expect(decision["context"]?["tool_use_id"]?.stringValue == "tu-1")
        #expect(result["of"]?.intValue == decision.seq)
        #expect(result["executed"]?.boolValue == true)
        #expect(result["exit"]?.intValue == 4)
        #expect(result["stdout"]?["bytes"]?.intValue == 6)
        #expect(result["stdout"]?["sha256"]?.stringValue == execution.stdout.sha256)
        #expect(outcome.resultSeq == result.seq)
        // The checkpoint was refreshed at the end of the run.
        #expect(access(workspace.ledgerPath + ".head", F_OK) == 0)
    }

    @Test func blockDoesNotRunAndRecordsExecutedFalse() throws {
        let workspace = try Workspace()
        #expect(mkdir(workspace.path + "/sentinel", 0o755) == 0)
        let policy = FakePolicy([("sentinel", PolicyVerdict(.block, rule: "no-sentinel", reason: "deletes the sentinel"))])
        let outcome = workspace.interceptor(policy).run(workspace.request("rm -rf sentinel"), options: Workspace.capture)

        #expect(!outcome.executed)
        #expect(outcome.failure == nil)
        #expect(outcome.authorization.decision == .block)
        #expect(outcome.authorization.rule == "no-sentinel")
        #expect(workspace.exists("sentinel"))
        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "result"])
        #expect(records[1]["decision"]?.stringValue == "BLOCK")
        #expect(records[2]["executed"]?.boolValue == false)
        #expect(records[2]["of"]?.intValue == records[1].seq)
    }

    @Test func escalateGrantedIsRecordedThenRuns() throws {
        let workspace = try Workspace()
        let policy = FakePolicy([("touch", PolicyVerdict(.escalate, rule: "ask", reason: "needs a person"))])
        let approver = FakeApprover(.answered(granted: true, approver: "alice on /dev/pts/9"))
        let outcome = workspace.interceptor(policy, approver: approver).run(workspace.request("touch made"), options: Workspace.capture)

        #expect(outcome.executed)
        #expect(workspace.exists("made"))
        #expect(approver.calls.withLock { $0.count } == 1)
        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "approval", "result"])
        #expect(records[2]["granted"]?.boolValue == true)
        #expect(records[2]["approver"]?.stringValue == "alice on /dev/pts/9")
        #expect(records[2]["of"]?.intValue == records[1].seq)
        #expect(records[3]["of"]?.intValue == records[1].seq)
    }

    @Test func escalateRefusedIsRecordedAndDoesNotRun() throws {
        let workspace = try Workspace()
        let policy = FakePolicy([("touch", PolicyVerdict(.escalate, rule: "ask", reason: "needs a person"))])
        let approver = FakeApprover(.answered(granted: false, approver: "bob"))
        let outcome = workspace.interceptor(policy, approver: approver).run(workspace.request("touch made"), options: Workspace.capture)

        #expect(!outcome.executed)
        #expect(!workspace.exists("made"))
        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "approval", "result"])
        #expect(records[2]["granted"]?.boolValue == false)
        #expect(records[3]["executed"]?.boolValue == false)
    }

    @Test func escalateWithNobodyToAskDoesNotRunAndWritesNoApproval() throws {
        let workspace = try Workspace()
        let policy = FakePolicy([("touch", PolicyVerdict(.escalate, rule: "ask", reason: "needs a person"))])
        let outcome = workspace.interceptor(policy).run(workspace.request("touch made"), options: Workspace.capture)

        #expect(!outcome.executed)
        #expect(outcome.authorization.approval == .unavailable(reason: "test"))
        #expect(!workspace.exists("made"))
        let records = try workspace.records()
        #expect(records.map { $0.kind?.rawValue } == ["genesis", "decision", "result"])
        #expect(records[2]["note"]?.stringValue == "escalation not approved: test")
    }

    @Test func unavailablePolicyRecordsBlockAndReportsFailure() throws {
        let workspace = try Workspace()
        let policy = UnavailablePolicy(name: "broken.yaml", message: "cannot load policy broken.yaml: 3:1: bad")
        let outcome = workspace.interceptor(policy).run(workspace.request("touch made"), options: Workspace.capture)

        #expect(!outcome.executed)
        #expect(outcome.failure?.code == .policyUnavailable)
        #expect(!workspace.exists("made"))
        let records = try workspace.records()
        #expect(records[1]["decision"]?.stringValue == "BLOCK")
        #expect(records[1]["policy"]?["rule"]?.stringValue == "lexecon:policy_unavailable")
        #expect(records[2]["executed"]?.boolValue == false)
    }

    @Test func tornLedgerTailStopsTheCommandAndAddsNothing() throws {
        let workspace = try Workspace()
        let interceptor = workspace.interceptor(FakePolicy())
        _ = interceptor.run(workspace.request("true"), options: Workspace.capture)
        let fd = open(workspace.ledgerPath, O_WRONLY | O_APPEND)
        _ = write(fd, "{\"v\":1,\"seq\"", 12)
        close(fd)
        let before = try readFile(workspace.ledgerPath)

        let fresh = workspace.interceptor(FakePolicy())
        let outcome = fresh.run(workspace.request("touch made"), options: Workspace.capture)
        #expect(!outcome.executed)
        #expect(outcome.failure?.code == .ledgerFailed)
        #expect(outcome.failure?.message.contains("recover") == true)
        #expect(!workspace.exists("made"))
        #expect(try readFile(workspace.ledgerPath) == before)
    }

    @Test func unwritableLedgerLocationStopsTheCommand() throws {
        let workspace = try Workspace()
        workspace.write("file", "not a directory")
        let writer = LedgerWriter(path: workspace.path + "/file/ledger.jsonl", key: workspace.key, toolVersion: "test")
        let interceptor = Interceptor(ledger: writer, policy: FakePolicy())
        let outcome = interceptor.run(workspace.request("touch made"), options: Workspace.capture)
        #expect(!outcome.executed)
        #expect(outcome.failure?.code == .ledgerFailed)
        #expect(outcome.authorization.decisionSeq == nil)
        #expect(!workspace.exists("made"))
    }

    @Test func missingWorkingDirectoryIsRefusedAndRecordedAsBlock() throws {
        let workspace = try Workspace()
        let outcome = workspace.interceptor(FakePolicy()).run(
            InterceptRequest(.shell("touch made"), cwd: workspace.path + "/nowhere"), options: Workspace.capture)
        #expect(!outcome.executed)
        #expect(outcome.failure?.code == .invalidRequest)
        let records = try workspace.records()
        #expect(records[1]["decision"]?.stringValue == "BLOCK")
        #expect(records[1]["policy"]?["rule"]?.stringValue == "lexecon:invalid_request")
    }

    @Test func aCommandThatTruncatesTheLedgerGetsNoResultRecordOrCheckpoint() throws {
        let workspace = try Workspace()
        let interceptor = workspace.interceptor(FakePolicy())
        _ = interceptor.run(workspace.request("true"), options: Workspace.capture)
        #expect(link(workspace.ledgerPath, workspace.path + "/hard") == 0)
        let headBefore = try readFile(workspace.ledgerPath + ".head")
        // The fake policy allows everything: this stands for a command the policy missed.
        let outcome = interceptor.run(workspace.request(": > hard"), options: Workspace.capture)
        #expect(outcome.executed)
        #expect(outcome.resultSeq == nil)
        #expect(outcome.warnings.contains { $0.contains("shrank") && $0.contains("lexecon verify") })
        #expect(try readFile(workspace.ledgerPath).isEmpty)
        #expect(try readFile(workspace.ledgerPath + ".head") == headBefore)
    }

    @Test func protectedPathsNameTheLedgerItsLockHeadAndTheKeyDirectory() throws {
        let workspace = try Workspace()
        let policy = FakePolicy()
        _ = workspace.interceptor(policy).run(workspace.request("true"), options: Workspace.capture)
        let paths = try #require(policy.seen.withLock { $0.first?.1 })
        for expected in [workspace.ledgerPath, workspace.ledgerPath + ".lock", workspace.ledgerPath + ".head",
                         workspace.keyDirectory, workspace.keyDirectory + "/**"] {
            #expect(paths.contains(expected), "missing \(expected)")
        }
        let request = try #require(policy.seen.withLock { $0.first?.0 })
        #expect(request.cwd == ProcessIdentityProbe.real(workspace.path))
        #expect(request.cwd.hasPrefix("/"))
    }
}

enum ProcessIdentityProbe {
    static func real(_ path: String) -> String {
        guard let pointer = realpath(path, nil) else { return path }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// `lexecon run` holds the built-in policy as a stand-in fetched at the first decision: it
/// must name itself and decide exactly like the loaded built-in policy.
@Suite struct BuiltinDefaultPolicyTests {
    @Test(arguments: ["rm -rf /", "ls -la", "git push --force origin main", "curl -s x | sh", "cat .lexecon/private_key.pem", "> .audit/ledger.jsonl"])
    func decidesLikeTheLoadedBuiltin(_ command: String) {
        let request = ResolvedRequest(request: InterceptRequest(.shell(command), cwd: "/w"), cwd: "/w", workspace: "/w",
                                      home: "/home/u", principal: "u", keyDirectories: ["/w/.lexecon"])
        let protected = ["/w/.audit/ledger.jsonl", "/w/.audit/ledger.jsonl.lock", "/w/.lexecon/**"]
        let standIn = BuiltinDefaultPolicy()
        let loaded = LexeconPolicyAdapter.builtinDefault()
        #expect(standIn.name == loaded.name && standIn.name == "builtin:default")
        #expect(standIn.sha256 == loaded.sha256)
        let (a, b) = (standIn.decide(request, protectedPaths: protected), loaded.decide(request, protectedPaths: protected))
        #expect(a.decision == b.decision && a.rule == b.rule && a.reason == b.reason, "\(command)")
    }
}
