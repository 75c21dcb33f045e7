#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconInterceptor
import LexeconLedger
import Synchronization
import Testing

@Suite("Interceptor: child execution")
struct ExecutionTests {
    @Test func argvRunsDirectlyWithPathLookup() throws {
        let workspace = try Workspace()
        let outcome = workspace.interceptor(FakePolicy()).run(
            InterceptRequest(.argv(["printf", "%s|", "a b", "$HOME"]), cwd: workspace.path), options: Workspace.capture)
        #expect(outcome.execution?.stdout.captured == Array("a b|$HOME|".utf8))
        #expect(try workspace.records()[1]["cmd"]?["argv"]?.arrayValue?.count == 4)
    }

    @Test func argvProgramThatDoesNotExistIsASpawnFailureRecordedAsNotExecuted() throws {
        let workspace = try Workspace()
        let outcome = workspace.interceptor(FakePolicy()).run(
            InterceptRequest(.argv(["lexecon-no-such-program", "x"]), cwd: workspace.path), options: Workspace.capture)
        #expect(!outcome.executed)
        #expect(outcome.failure?.code == .spawnFailed)
        #expect(outcome.failure?.errnoValue == ENOENT)
        let result = try workspace.records()[2]
        #expect(result["executed"]?.boolValue == false)
        #expect(result["note"]?.stringValue?.contains("cannot start") == true)
    }

    @Test func runsInTheRequestedWorkingDirectory() throws {
        let workspace = try Workspace()
        #expect(mkdir(workspace.path + "/sub", 0o755) == 0)
        let outcome = workspace.interceptor(FakePolicy()).run(
            InterceptRequest(.shell("pwd"), cwd: workspace.path + "/sub"), options: Workspace.capture)
        let printed = String(decoding: outcome.execution?.stdout.captured ?? [], as: UTF8.self)
        #expect(printed == ProcessIdentityProbe.real(workspace.path + "/sub") + "\n")
    }

    @Test func signalDeathIsRecordedWithItsName() throws {
        let workspace = try Workspace()
        let outcome = workspace.interceptor(FakePolicy()).run(workspace.request("kill -TERM $$"), options: Workspace.capture)
        #expect(outcome.execution?.termination == .signaled(SIGTERM))
        #expect(outcome.execution?.shellStatus == 143)
        let result = try workspace.records()[2]
        #expect(result["signal"]?.stringValue == "SIGTERM")
        #expect(result["exit"]?.intValue == 143)
    }

    @Test func timeoutKillsTheWholeProcessGroupAndIsRecorded() throws {
        let workspace = try Workspace()
        var options = Workspace.capture
        options.timeout = 0.3
        options.killGrace = 0.5
        let start = monotonicSeconds()
        // The shell ignores SIGTERM; its child sleeps: only SIGKILL to the group ends both.
        let outcome = workspace.interceptor(FakePolicy()).run(
            workspace.request("trap '' TERM; sleep 30; echo never"), options: options)
        let elapsed = monotonicSeconds() - start
        #expect(elapsed < 5)
        let execution = try #require(outcome.execution)
        #expect(execution.timedOut)
        #expect(execution.termination == .signaled(SIGKILL))
        #expect(execution.stdout.bytes == 0)
        let result = try workspace.records()[2]
        #expect(result["signal"]?.stringValue == "SIGKILL")
        #expect(result["note"]?.stringValue?.contains("timeout") == true)
    }

    @Test func aBackgroundChildHoldingThePipesDoesNotHoldUpTheResult() throws {
        let workspace = try Workspace()
        let start = monotonicSeconds()
        let outcome = workspace.interceptor(FakePolicy()).run(workspace.request("sleep 5 & echo done"), options: Workspace.capture)
        #expect(monotonicSeconds() - start < 3)
        #expect(outcome.execution?.termination == .exited(0))
        #expect(outcome.execution?.stdout.captured == Array("done\n".utf8))
    }

    @Test func largeOutputIsCountedAndHashedCompletely() throws {
        let workspace = try Workspace()
        let outcome = workspace.interceptor(FakePolicy()).run(
            workspace.request("head -c 3000000 /dev/zero"),
            options: ExecutionOptions(stdout: .discard, stderr: .discard, stdin: .null))
        #expect(outcome.execution?.stdout.bytes == 3_000_000)
        #expect(outcome.execution?.stdout.sha256 == SHA256.hex([UInt8](repeating: 0, count: 3_000_000)))
    }

    @Test func concurrentRequestsShareOneWriterAndOneChain() async throws {
        let workspace = try Workspace()
        let interceptor = workspace.interceptor(FakePolicy())
        let path = workspace.path
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    _ = interceptor.run(InterceptRequest(.argv(["echo", "\(index)"]), cwd: path),
                                        options: ExecutionOptions(stdout: .discard, stderr: .discard, stdin: .null),
                                        checkpoint: false)
                }
            }
        }
        let records = try workspace.records()
        #expect(records.count == 17)
        #expect(records.map { $0.seq } == (0..<17).map { Int64($0) })
        // Every record's prev is the leaf hash of the one before.
        let lines = try readFile(workspace.ledgerPath).split(separator: 0x0a).map(Array.init)
        for index in 1..<lines.count {
            #expect(records[index].prev == Hex.encode(ChainHash.leaf(lines[index - 1])))
        }
        let decisions = records.filter { $0.kind?.rawValue == "decision" }.compactMap(\.seq)
        let results = records.filter { $0.kind?.rawValue == "result" }.compactMap { $0["of"]?.intValue }
        #expect(Set(decisions) == Set(results))
    }

    @Test func twoPhaseAuthorizeThenRecordResult() throws {
        let workspace = try Workspace()
        let interceptor = workspace.interceptor(FakePolicy())
        let authorization = interceptor.authorize(workspace.request("make test"))
        #expect(authorization.mayExecute)
        let execution = ExecutionResult(termination: .exited(0), durationMilliseconds: 12,
                                        stdout: .init(bytes: 0, sha256: SHA256.hex([UInt8]())),
                                        stderr: .init(bytes: 0, sha256: SHA256.hex([UInt8]())))
        let seq = try interceptor.recordResult(of: authorization, execution: execution)
        let records = try workspace.records()
        #expect(records.last?.seq == seq)
        #expect(records.last?["of"]?.intValue == authorization.decisionSeq)
        #expect(records.last?["duration_ms"]?.intValue == 12)
    }
}
