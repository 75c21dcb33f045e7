#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconLedger
import Testing

/// `lexecon run`, run as a real process (the binary built next to the test bundle).
///
/// Most cases use a small test policy (`default: ALLOW`, a BLOCK rule for the word
/// `sentinel`, an ESCALATE rule for `escalate-me`), so they test the gate, the records and
/// the execution rather than the default policy; the default policy's decisions are
/// tested where they matter (`rm -rf ./important_data`, protecting the evidence).
@Suite("lexecon run (end to end)")
struct RunCLITests {
    @Test func allowRunsStreamsAndRecordsDecisionThenResult() throws {
        let box = try RunBox()
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "echo hello; echo err >&2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hello\n")
        #expect(result.stderr == "err\n")
        let records = try box.records()
        #expect(records.map(\.kind) == ["genesis", "decision", "result"])
        #expect(records[1].record["decision"]?.stringValue == "ALLOW")
        #expect(records[1].record["cmd"]?["line"]?.stringValue == "echo hello; echo err >&2")
        #expect(records[2].record["of"]?.intValue == records[1].record.seq)
        #expect(records[2].record["executed"]?.boolValue == true)
        #expect(records[2].record["exit"]?.intValue == 0)
        #expect(records[2].record["stdout"]?["bytes"]?.intValue == 6)
        #expect(records[2].record["stdout"]?["sha256"]?.stringValue == SHA256.hex(Array("hello\n".utf8)))
        #expect(records[2].record["stderr"]?["sha256"]?.stringValue == SHA256.hex(Array("err\n".utf8)))
        #expect(try box.verifyLedger() == [])
    }

    @Test func blockDoesNotRunTheCommand() throws {
        let box = try RunBox()
        try box.makeDirectory("sentinel")
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "rm -rf sentinel"])
        #expect(result.status == 77)
        #expect(result.stderr == "lexecon: BLOCK by rule test-block-sentinel: command text: touches the sentinel\n")
        #expect(box.exists("sentinel"))
        let records = try box.records()
        #expect(records.map(\.kind) == ["genesis", "decision", "result"])
        #expect(records[1].record["decision"]?.stringValue == "BLOCK")
        #expect(records[2].record["executed"]?.boolValue == false)
    }

    @Test func defaultPolicyBlocksTheLexeconScenario() throws {
        let box = try RunBox()
        try box.makeDirectory("important_data")
        let result = try box.run(["run", "--protect", "important_data", "--", "rm -rf ./important_data"])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("lexecon: BLOCK by rule "))
        #expect(box.exists("important_data"))
        for attack in ["rm -rf important_data/", "find . -path ./important_data -delete", "mv important_data /tmp/x",
                       ": > important_data/file", "rm -rf ~/../\(box.path)/important_data", "rm -rf /"] {
            #expect(try box.run(["run", "--protect", "important_data", "--", attack]).status == 77, "\(attack)")
        }
        #expect(box.exists("important_data"))
        // Without --protect, deleting inside one's own workspace is everyday work for the default policy.
        #expect(try box.run(["run", "--", "ls important_data"]).status == 0)
    }

    @Test func exitCodesPassThrough() throws {
        let box = try RunBox()
        #expect(try box.run(["run", "--policy", "test-policy.yaml", "--", "exit 3"]).status == 3)
        #expect(try box.run(["run", "--policy", "test-policy.yaml", "--", "sh", "-c", "exit 42"]).status == 42)
        #expect(try box.run(["run", "--policy", "test-policy.yaml", "--", "kill -KILL $$"]).status == 137)
        let missing = try box.run(["run", "--policy", "test-policy.yaml", "--", "lexecon-no-such-program", "x"])
        #expect(missing.status == 127)
        #expect(missing.stderr.contains("nothing was executed"))
        #expect(try box.verifyLedger() == [])
    }

    @Test func argvIsRunWithoutAShell() throws {
        let box = try RunBox()
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "printf", "[%s]", "a b", "$HOME", ";"])
        #expect(result.stdout == "[a b][$HOME][;]")
        let records = try box.records()
        #expect(records[1].record["cmd"]?["argv"]?.arrayValue?.compactMap(\.stringValue) == ["printf", "[%s]", "a b", "$HOME", ";"])
    }

    @Test func escalateWithoutATerminalDoesNotRun() throws {
        let box = try RunBox()
        for extra in [[], ["--on-escalate", "block"]] {
            let result = try box.run(["run", "--policy", "test-policy.yaml"] + extra + ["--", "touch made # escalate-me"])
            #expect(result.status == 75)
            #expect(result.stderr.hasPrefix("lexecon: ESCALATE by rule test-escalate: command text: needs a person\n"))
            #expect(!box.exists("made"))
        }
        let records = try box.records()
        #expect(records.map(\.kind) == ["genesis", "decision", "result", "decision", "result"])
        #expect(records[2].record["executed"]?.boolValue == false)
        #expect(records[4].record["note"]?.stringValue == "escalation not approved: --on-escalate block")
    }

    @Test func outputStreamsBeforeTheCommandFinishes() throws {
        let box = try RunBox()
        let child = try box.spawn(["run", "--policy", "test-policy.yaml", "--", "echo first; sleep 3; echo second"])
        let start = monotonic()
        let first = try child.readStdoutLine(timeout: 10)
        let elapsed = monotonic() - start
        #expect(first == "first")
        #expect(elapsed < 2.5, "the first line arrived only after \(elapsed) s")
        let result = try child.finish(timeout: 30)
        #expect(result.status == 0)
        #expect(result.stdout == "second\n")
    }

    @Test func sigtermIsForwardedAndRecorded() throws {
        let box = try RunBox()
        let child = try box.spawn(["run", "--policy", "test-policy.yaml", "--", "echo started; sleep 30; echo never"])
        #expect(try child.readStdoutLine(timeout: 10) == "started")
        let start = monotonic()
        #expect(kill(child.pid, SIGTERM) == 0)
        let result = try child.finish(timeout: 20)
        #expect(monotonic() - start < 5)
        #expect(result.status == 143)
        let records = try box.records()
        let last = try #require(records.last)
        #expect(last.kind == "result")
        #expect(last.record["signal"]?.stringValue == "SIGTERM")
        #expect(last.record["exit"]?.intValue == 143)
        #expect(try box.verifyLedger() == [])
    }

    @Test func timeoutKillsAndIsRecorded() throws {
        let box = try RunBox()
        let start = monotonic()
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--timeout", "0.5", "--", "sleep 30; echo never"])
        #expect(monotonic() - start < 10)
        #expect(result.status == 143)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("timed out"))
        let last = try #require(try box.records().last)
        #expect(last.record["signal"]?.stringValue == "SIGTERM")
        #expect(last.record["note"]?.stringValue?.contains("timeout") == true)
    }

    @Test func theLedgerAndItsCheckpointVerifyAfterManyRuns() throws {
        let box = try RunBox()
        try box.makeDirectory("sentinel")
        for command in ["true", "rm -rf sentinel", "exit 5", "echo x # escalate-me"] {
            _ = try box.run(["run", "--policy", "test-policy.yaml", "--", command])
        }
        #expect(try box.records().count == 9)
        #expect(try box.verifyLedger() == [])
    }

    // MARK: - Protecting the evidence

    /// Commands that would delete, truncate, move or overwrite the ledger, its lock, its head
    /// or the key directory, or read the private key.
    static let evidenceAttacks: [String] = [
        "rm LEDGER", "rm -f LEDGER.lock", "rm -f LEDGER.head", "rm -rf AUDITDIR", "rm -rf KEYS", "unlink LEDGER",
        ": > LEDGER", "echo x > LEDGER.head", "echo '{}' >> LEDGER", "printf x 1<>LEDGER", "tee LEDGER < /dev/null",
        "truncate -s 0 LEDGER", "dd if=/dev/zero of=LEDGER count=1",
        "mv LEDGER /tmp/ledger-moved", "mv AUDITDIR /tmp/audit-moved", "mv KEYS/private_key.pem KEYS/old.pem",
        "sed -i d LEDGER", "perl -pi -e 's/a/b/' LEDGER", "cp /dev/null LEDGER", "cp notes.txt KEYS/private_key.pem",
        "install -m 600 notes.txt LEDGER", "ln -sf /dev/null LEDGER", "chmod 644 KEYS/private_key.pem",
        "find AUDITDIR -delete", "find . -name '*.jsonl' -delete", "find KEYS -type f -exec rm {} +",
        "cat KEYS/private_key.pem", "cp KEYS/private_key.pem /tmp/stolen.pem", "base64 KEYS/private_key.pem",
        "head -c 200 KEYS/private_key.pem", "bash -c 'rm -f LEDGER'", "sh -c ': > LEDGER'",
    ]

    @Test(arguments: [("default locations", [String]()), ("custom locations", ["--ledger", "logs/audit.jsonl", "--keys", "signing"])])
    func evidenceIsProtectedUnderTheDefaultPolicy(_ label: String, _ locations: [String]) throws {
        let box = try RunBox()
        let ledger = locations.isEmpty ? ".audit/ledger.jsonl" : "logs/audit.jsonl"
        let keys = locations.isEmpty ? ".lexecon" : "signing"
        if !locations.isEmpty { #expect(rename(box.path + "/.lexecon", box.path + "/signing") == 0) }
        try box.write("notes.txt", "hello\n")
        #expect(try box.run(["run"] + locations + ["--", "true"]).status != 70)
        let keyBefore = try readAll(box.path + "/" + keys + "/private_key.pem")
        let auditDirectory = String(ledger[..<ledger.lastIndex(of: "/")!])
        var notStopped: [String] = []
        for template in RunCLITests.evidenceAttacks {
            let command = template.replacingAll("LEDGER", with: ledger).replacingAll("AUDITDIR", with: auditDirectory)
                .replacingAll("KEYS", with: keys)
            let result = try box.run(["run"] + locations + ["--", command])
            if result.status != 77 && result.status != 75 || result.stdout.contains("PRIVATE KEY") {
                notStopped.append("\(command) → exit \(result.status)")
            }
        }
        #expect(notStopped == [], "\(label): not stopped: \(notStopped)")
        #expect(try readAll(box.path + "/" + keys + "/private_key.pem") == keyBefore)
        let records = try box.records(ledger)
        #expect(records.count == 1 + 2 * (1 + RunCLITests.evidenceAttacks.count))
    }

    /// Routes to the evidence the default policy does not recognise yet (reported to the
    /// policy owner; SECURITY_REVIEW.md §6). Kept as a known issue so a fix shows up here.
    @Test func linksEditorsAndWholesaleReadsOfTheEvidenceAreStopped() throws {
        let box = try RunBox()
        #expect(try box.run(["run", "--", "true"]).status != 70)
        let before = try readAll(box.path + "/.audit/ledger.jsonl")
        // Links and editors would let a later command rewrite the ledger under another name.
        for command in ["ln .audit/ledger.jsonl hard", "ln -s .audit/ledger.jsonl soft", "vim -c wq .audit/ledger.jsonl"] {
            let result = try box.run(["run", "--", command])
            #expect(result.status == 77, "\(command) → exit \(result.status): \(result.stderr)")
        }
        #expect(!box.exists("hard") && !box.exists("soft"))
        // The key directory taken whole or through a glob is not run without a person's yes.
        for command in ["cat .lexecon/*", "grep -r '' .lexecon", "cp -r .lexecon keys-copy", "tar cf keys.tar .lexecon"] {
            let result = try box.run(["run", "--", command])
            #expect(result.status == 77 || result.status == 75, "\(command) → exit \(result.status): \(result.stderr)")
            #expect(!result.stdout.contains("PRIVATE KEY"), "\(command) printed the key")
        }
        #expect(!box.exists("keys-copy") && !box.exists("keys.tar"))
        #expect(try readAll(box.path + "/.audit/ledger.jsonl").starts(with: before))
    }

    // MARK: - Failing closed: each leaves the command unexecuted

    @Test func failsClosedWhenTheLedgerParentIsARegularFile() throws {
        let box = try RunBox()
        try box.write("notadir", "x")
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--ledger", "notadir/ledger.jsonl", "--", "touch made"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("nothing was executed"))
        #expect(result.stderr.contains("notadir"))
        #expect(!box.exists("made"))
    }

    @Test func failsClosedWhenTheLedgerCannotGrow() throws {
        let box = try RunBox()
        #expect(try box.run(["run", "--policy", "test-policy.yaml", "--", "true"]).status == 0)
        let size = try readAll(box.path + "/.audit/ledger.jsonl").count
        #expect(size > 2048)
        // RLIMIT_FSIZE of 2 KiB: every append now fails with EFBIG (lexecon ignores SIGXFSZ).
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "touch made"], limitFileSizeKiB: 2)
        #expect(result.status == 70, "\(result.stderr)")
        #expect(result.stderr.contains("File too large"))
        #expect(result.stderr.contains("nothing was executed"))
        #expect(!box.exists("made"))
        #expect(try readAll(box.path + "/.audit/ledger.jsonl").count == size)
    }

    @Test func failsClosedWithoutAKey() throws {
        let box = try RunBox(keys: false)
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "touch made"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("private_key.pem"))
        #expect(result.stderr.contains("init-keys"))
        #expect(result.stderr.contains("nothing was executed"))
        #expect(!box.exists("made"))
        #expect(!box.exists(".audit/ledger.jsonl"))
    }

    @Test func failsClosedWithAWorldReadableKey() throws {
        let box = try RunBox()
        #expect(chmod(box.path + "/.lexecon/private_key.pem", 0o644) == 0)
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "touch made"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("group or others"))
        #expect(result.stderr.contains("nothing was executed"))
        #expect(!box.exists("made"))
    }

    @Test func failsClosedWithAMalformedPolicyAndRecordsABlock() throws {
        let box = try RunBox()
        try box.write("broken.yaml", "version: 1\ndefault: ALLOW\nrules: [ {id: x, decision: MAYBE} ]\n")
        let result = try box.run(["run", "--policy", "broken.yaml", "--", "touch made"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("cannot load policy broken.yaml"))
        #expect(result.stderr.contains("nothing was executed"))
        #expect(!box.exists("made"))
        let records = try box.records()
        #expect(records[1].record["decision"]?.stringValue == "BLOCK")
        #expect(records[2].record["executed"]?.boolValue == false)
        let missing = try box.run(["run", "--policy", "no-such-policy.yaml", "--", "touch made"])
        #expect(missing.status == 70)
        #expect(!box.exists("made"))
    }

    /// Something at .lexecon/policy.yaml that is not a readable policy (a directory, a
    /// dangling link) blocks: the built-in default does not silently take over.
    @Test func failsClosedWhenTheProjectPolicyPathIsNotAFile() throws {
        let box = try RunBox()
        #expect(mkdir(box.path + "/.lexecon/policy.yaml", 0o700) == 0)
        let result = try box.run(["run", "--", "touch made"])
        #expect(result.status == 70, "\(result.stderr)")
        #expect(result.stderr.contains("cannot load policy .lexecon/policy.yaml"))
        #expect(!box.exists("made"))
        let records = try box.records()
        #expect(records[1].record["decision"]?.stringValue == "BLOCK")
        #expect(rmdir(box.path + "/.lexecon/policy.yaml") == 0)
        #expect(symlink("no-such-policy.yaml", box.path + "/.lexecon/policy.yaml") == 0)
        #expect(try box.run(["run", "--", "touch made"]).status == 70)
        #expect(!box.exists("made"))
    }

    @Test func failsClosedOnATornLedgerTail() throws {
        let box = try RunBox()
        #expect(try box.run(["run", "--policy", "test-policy.yaml", "--", "true"]).status == 0)
        try box.append(".audit/ledger.jsonl", "{\"v\":1,\"ledg")
        let before = try readAll(box.path + "/.audit/ledger.jsonl")
        let result = try box.run(["run", "--policy", "test-policy.yaml", "--", "touch made"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("ledger recover"))
        #expect(result.stderr.contains("nothing was executed"))
        #expect(!box.exists("made"))
        #expect(try readAll(box.path + "/.audit/ledger.jsonl") == before)
    }

    @Test func usageErrorsDoNotRunAnything() throws {
        let box = try RunBox()
        #expect(try box.run(["run", "--policy", "test-policy.yaml"]).status == 64)
        #expect(try box.run(["run", "--policy", "test-policy.yaml", "--timeout", "-1", "--", "touch made"]).status == 64)
        #expect(!box.exists("made"))
    }
}

// MARK: - A private runner for this file

/// A temporary workspace with keys and a test policy, and a way to run lexecon in it.
private final class RunBox {
    let path: String

    static let testPolicy = """
    version: 1
    default: ALLOW
    on_parse_error: ALLOW
    on_dynamic: ALLOW
    rules:
      - id: test-block-sentinel
        decision: BLOCK
        reason: touches the sentinel
        match:
          regex: 'sentinel'
      - id: test-escalate
        decision: ESCALATE
        reason: needs a person
        match:
          regex: 'escalate-me'

    """

    init(keys: Bool = true) throws {
        var template = Array("/tmp/lexecon-run-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw RunnerError("mkdtemp failed") }
        path = String(cString: made)
        if keys { try KeyDirectory(path: path + "/.lexecon").create(force: false) }
        try write("test-policy.yaml", RunBox.testPolicy)
    }

    deinit { _ = system("rm -rf '\(path)'") }

    func exists(_ relative: String) -> Bool { access(path + "/" + relative, F_OK) == 0 }

    func makeDirectory(_ relative: String) throws {
        guard mkdir(path + "/" + relative, 0o755) == 0 else { throw RunnerError("mkdir \(relative) failed") }
    }

    func write(_ relative: String, _ text: String) throws {
        try writeFile(path + "/" + relative, Array(text.utf8), flags: O_WRONLY | O_CREAT | O_TRUNC)
    }

    func append(_ relative: String, _ text: String) throws {
        try writeFile(path + "/" + relative, Array(text.utf8), flags: O_WRONLY | O_APPEND)
    }

    struct Entry {
        var kind: String
        var record: LedgerRecord
        var line: [UInt8]
    }

    func records(_ ledger: String = ".audit/ledger.jsonl") throws -> [Entry] {
        try readAll(path + "/" + ledger).split(separator: 0x0a).map { slice in
            let line = Array(slice)
            guard case .object(let members) = try StrictJSONParser.parse(line) else { throw RunnerError("not an object") }
            let record = LedgerRecord(object: members)
            return Entry(kind: record.kind?.rawValue ?? "?", record: record, line: line)
        }
    }

    /// Checks the whole chain with the library (signatures by the key in `.lexecon`,
    /// canonical form, seq, prev links) and the `.head` checkpoint (signature, size, root),
    /// then runs `lexecon verify` on it. Returns the problems found.
    func verifyLedger(_ ledger: String = ".audit/ledger.jsonl") throws -> [String] {
        let publicKey = try KeyDirectory(path: path + "/.lexecon").loadPublicKey()
        var problems: [String] = []
        let entries = try records(ledger)
        var frontier = MerkleFrontier()
        for (index, entry) in entries.enumerated() {
            let record = entry.record
            if CanonicalJSON.serialize(.object(record.object)) != entry.line { problems.append("\(index): not canonical") }
            if record.seq != Int64(index) { problems.append("\(index): seq \(record.seq ?? -1)") }
            let expectedPrev = index == 0 ? ChainHash.genesisPrev(ledgerID: entries[0].record.ledgerID ?? "")
                                          : Hex.encode(ChainHash.leaf(entries[index - 1].line))
            if record.prev != expectedPrev { problems.append("\(index): prev does not link") }
            guard let signature = record.signature.flatMap(Base64.decode),
                  publicKey.isValidSignature(signature, for: LedgerRecord.signedMessage(body: record.body)) else {
                problems.append("\(index): bad signature")
                continue
            }
            frontier.append(leafHash: ChainHash.leaf(entry.line))
        }
        let head = try SignedCheckpoint.parse(readAll(path + "/" + ledger + ".head"))
        if !head.isSigned(by: publicKey) { problems.append("checkpoint: bad signature") }
        if head.checkpoint.size != Int64(entries.count) { problems.append("checkpoint: size \(head.checkpoint.size) of \(entries.count)") }
        if head.checkpoint.rootHash != frontier.root { problems.append("checkpoint: root differs") }
        // And the way an auditor would: `lexecon verify` with the pinned key and the checkpoint.
        let verify = try run(["verify", ledger, "--public-key", ".lexecon/public_key.pem", "--checkpoint", ledger + ".head"])
        if verify.status != 0 || !verify.stdout.contains("Status: VALID") {
            problems.append("lexecon verify: exit \(verify.status): \(verify.stdout) \(verify.stderr)")
        }
        return problems
    }

    /// Runs lexecon to completion. `limitFileSizeKiB` applies RLIMIT_FSIZE through the
    /// shell's `ulimit -f` before exec'ing lexecon.
    func run(_ arguments: [String], limitFileSizeKiB: Int? = nil, timeout: Double = 60) throws -> Finished {
        try spawn(arguments, limitFileSizeKiB: limitFileSizeKiB).finish(timeout: timeout)
    }

    /// Starts lexecon in this workspace with stdin from /dev/null and piped stdout/stderr.
    func spawn(_ arguments: [String], limitFileSizeKiB: Int? = nil) throws -> Spawned {
        let binary = try lexeconBinary()
        let limit = limitFileSizeKiB.map { "ulimit -f \($0); " } ?? ""
        // The shell changes directory and then execs lexecon: the pid stays lexecon's.
        let argv = ["/bin/sh", "-c", "\(limit)cd \"$0\" && exec \"$@\"", path, binary] + arguments
        return try Spawned.start(argv)
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

private struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

private final class Spawned {
    let pid: pid_t
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var stdoutBytes: [UInt8] = []
    private var stderrBytes: [UInt8] = []
    private var consumedStdout = 0

    private init(pid: pid_t, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    static func start(_ argv: [String]) throws -> Spawned {
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        // O_CLOEXEC, atomically: tests run in parallel, and another test's child must not
        // inherit (and hold open) these pipes.
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        guard let symbol = dlsym(nil, "pipe2") else { throw RunnerError("no pipe2") }
        let pipe2 = unsafeBitCast(symbol, to: Pipe2.self)
        guard pipe2(&out, O_CLOEXEC) == 0, pipe2(&err, O_CLOEXEC) == 0 else { throw RunnerError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        close(out[1])
        close(err[1])
        guard status == 0 else {
            close(out[0]); close(err[0])
            throw RunnerError("posix_spawn failed: \(status)")
        }
        return Spawned(pid: pid, stdoutFD: out[0], stderrFD: err[0])
    }

    /// Reads until a full stdout line is available; returns it without the LF.
    func readStdoutLine(timeout: Double) throws -> String {
        let deadline = monotonic() + timeout
        while true {
            if let newline = stdoutBytes[consumedStdout...].firstIndex(of: 0x0a) {
                let line = String(decoding: stdoutBytes[consumedStdout..<newline], as: UTF8.self)
                consumedStdout = newline + 1
                return line
            }
            guard monotonic() < deadline, pump(timeoutMs: 50) else {
                throw RunnerError("no line on stdout in \(timeout) s; got \(String(decoding: stdoutBytes, as: UTF8.self))")
            }
        }
    }

    /// Reads both pipes to the end and reaps lexecon; kills it if it outlives `timeout`.
    func finish(timeout: Double) throws -> Finished {
        let deadline = monotonic() + timeout
        while pump(timeoutMs: 100) {
            if monotonic() > deadline {
                kill(pid, SIGKILL)
                throw RunnerError("lexecon did not finish within \(timeout) s")
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Finished(status: code, stdout: String(decoding: stdoutBytes[consumedStdout...], as: UTF8.self),
                        stderr: String(decoding: stderrBytes, as: UTF8.self))
    }

    /// One poll round; false when both pipes are at end of file.
    private func pump(timeoutMs: Int32) -> Bool {
        var fds: [pollfd] = []
        if stdoutFD >= 0 { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
        if stderrFD >= 0 { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
        if fds.isEmpty { return false }
        guard poll(&fds, nfds_t(fds.count), timeoutMs) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 65536)
        for entry in fds where entry.revents != 0 {
            let n = read(entry.fd, &buffer, buffer.count)
            if entry.fd == stdoutFD {
                if n > 0 { stdoutBytes += buffer[0..<n] } else { close(stdoutFD); stdoutFD = -1 }
            } else {
                if n > 0 { stderrBytes += buffer[0..<n] } else { close(stderrFD); stderrFD = -1 }
            }
        }
        return true
    }

    deinit {
        if stdoutFD >= 0 { close(stdoutFD) }
        if stderrFD >= 0 { close(stderrFD) }
    }
}

private struct RunnerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `$LEXECON_BINARY`, else `lexecon` next to the running test executable (SwiftPM puts
/// both in `<scratch>/debug`).
private func lexeconBinary() throws -> String {
    if let override = getenv("LEXECON_BINARY") { return String(cString: override) }
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { throw RunnerError("cannot read /proc/self/exe") }
    var directory = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    while !directory.isEmpty {
        directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)])
        let candidate = directory + "/lexecon"
        var info = stat()
        if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
    }
    throw RunnerError("cannot find the lexecon binary next to the tests; set LEXECON_BINARY")
}

private func readAll(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw RunnerError("cannot open \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return bytes
}

private func writeFile(_ path: String, _ bytes: [UInt8], flags: Int32) throws {
    let fd = open(path, flags | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw RunnerError("cannot open \(path)") }
    defer { close(fd) }
    guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw RunnerError("short write") }
}

private func monotonic() -> Double {
    Double(Timestamp.monotonicNanoseconds()) / 1e9
}
