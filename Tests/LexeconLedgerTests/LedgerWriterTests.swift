import Foundation
import LexeconCrypto
import LexeconLedger
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The writer protocol end to end on real files: genesis, linkage, signatures (also
/// checked by OpenSSL), checkpoints, recovery and every refusal.
@Suite("Ledger writer")
struct LedgerWriterTests {
    static func decision(_ n: Int) -> DecisionEntry {
        DecisionEntry(
            tool: "shell.run", commandLine: "git push origin main --force # \(n)", argv: nil, cwd: "/home/ci/work/repo",
            actor: LexeconLedger.Actor(uid: 1000, user: "ci", pid: 4242, ppid: 4200, agent: "claude-code", session: "5f1c9a1e-8d7b-4c1e-9f0a-3b2d1c0e9f8a"),
            hostName: "build-07", policyName: "default.yaml",
            policySHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", rule: "deny-force-push",
            decision: "BLOCK", reason: "force-push to a protected branch", context: [JSONMember("tool_use_id", "toolu_01A09q90qw90lq917835lq9")])
    }

    @Test func genesisFields() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("audit/ledger.jsonl")  // the directory is created too
        let writer = LedgerWriter(path: path, key: key, toolName: "lexecon", toolVersion: "9.8.7")
        let appended = try writer.append(note: "first")
        #expect(appended.seq == 1)
        #expect(appended.checkpointError == nil)

        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(chain.records.count == 2)
        let genesis = chain.records[0]
        #expect(genesis.kind == .genesis)
        #expect(genesis.seq == 0)
        #expect(genesis.version == 1)
        let id = try #require(genesis.ledgerID)
        #expect(id.utf8.count == 32 && Hex.decode(id)?.count == 16 && id == id.lowercased())
        #expect(appended.ledgerID == id)
        #expect(genesis["origin"]?.stringValue == "lexecon/ledger/\(id)")
        #expect(genesis.prev == Hex.encode(SHA256.hash(Array("lexecon/v1 genesis\n".utf8) + Array(id.utf8))))
        #expect(genesis.prev == ChainHash.genesisPrev(ledgerID: id))
        let keys = try #require(genesis["keys"]?.arrayValue)
        #expect(keys.count == 1)
        #expect(keys[0]["id"]?.stringValue == key.publicKey.keyID)
        #expect(keys[0]["id"]?.stringValue == "sha256:" + SHA256.hex(key.publicKey.spki))
        #expect(keys[0]["spki"]?.stringValue.flatMap(Base64.decode) == key.publicKey.spki)
        #expect(try Ed25519PublicKey(spki: try #require(keys[0]["spki"]?.stringValue.flatMap(Base64.decode))) == key.publicKey)
        #expect(genesis["tool"]?["name"]?.stringValue == "lexecon")
        #expect(genesis["tool"]?["version"]?.stringValue == "9.8.7")
        #expect(genesis["algs"].map(CanonicalJSON.serialize) == CanonicalJSON.serialize(LedgerFormat.algorithms))
        #expect(genesis.keyID == key.publicKey.keyID)
        #expect(genesis["mono"]?.intValue != nil)
        if let boot = Timestamp.bootID { #expect(genesis["boot"]?.stringValue == boot) }
        #expect(genesis["sig"] != nil && genesis["text"] == nil)

        // The Appended value describes exactly the line on disk.
        #expect(appended.line == chain.lines[1])
        #expect(appended.leafHash == SHA256.hash([0x00] + chain.lines[1]))
        #expect(chain.records[1]["text"]?.stringValue == "first")
        #expect(chain.records[1].prev == Hex.encode(SHA256.hash([0x00] + chain.lines[0])))

        // Files: ledger mode 0600, directory 0700, lock file beside it.
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(dir.file("audit"), &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(fileExists(writer.lockPath))
        #expect(!fileExists(writer.headPath))
    }

    @Test func everyKindLinksAndVerifiesWithOpenSSL() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "1.0.0")
        let d = try writer.append(decision: Self.decision(1))
        try writer.append(approval: ApprovalEntry(of: d.seq, granted: true, approver: "alice on pts/3"))
        try writer.append(result: ResultEntry(of: d.seq, executed: true, exitCode: -1, signal: "SIGTERM", durationMilliseconds: 1234,
                                              stdout: .init(bytes: 10, sha256: SHA256.hex([1])), stderr: .init(bytes: 0, sha256: SHA256.hex([])),
                                              note: "timeout"))
        try writer.append(result: ResultEntry(of: d.seq, executed: false))
        // Strings that exercise every escaping rule and non-ASCII.
        try writer.append(note: "ctl \u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f} quote\" backslash\\ slash/ é€😀 \u{202e}rtl \u{2028}")
        try writer.append(kind: .note, fields: [JSONMember("text", "nested"), JSONMember("extra", .object([
            JSONMember("z", .array([.int(JSONValue.maxInteger), .int(-JSONValue.maxInteger), .null, .bool(false)])),
            JSONMember("\u{1F600}", "astral key"), JSONMember("\u{fb33}", "bmp key"),
        ]))])
        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(chain.records.map { $0.kind?.rawValue ?? "?" } == ["genesis", "decision", "approval", "result", "result", "note", "note"])
        let decision = chain.records[1]
        #expect(decision["decision"]?.stringValue == "BLOCK")
        #expect(decision["cmd"]?["sha256"]?.stringValue == SHA256.hex("git push origin main --force # 1"))
        #expect(decision["actor"]?["agent"]?.stringValue == "claude-code")
        #expect(decision["policy"]?["rule"]?.stringValue == "deny-force-push")
        #expect(decision["context"]?["tool_use_id"] != nil)
        #expect(chain.records[3]["exit"]?.intValue == -1 && chain.records[3]["stdout"]?["bytes"]?.intValue == 10)
        #expect(chain.records[4]["executed"]?.boolValue == false && chain.records[4]["exit"] == nil)
        #expect(chain.records[5]["text"]?.stringValue?.hasPrefix("ctl \u{0}") == true)

        // An auditor with only OpenSSL can check each record signature.
        let pem = key.publicKey.pem
        for (index, line) in chain.lines.enumerated() {
            #expect(try opensslVerifies(line: line, publicKeyPEM: pem, in: dir), "record \(index)")
        }
        // And OpenSSL does reject an altered body (so the check above means something).
        let altered = try replacingFirst(#""BLOCK""#, with: #""ALLOW""#, in: chain.lines[1])
        #expect(try !opensslVerifies(line: altered, publicKeyPEM: pem, in: dir))
    }

    @Test func checkpointRefreshEvery1000RecordsAcrossWriters() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let a = LedgerWriter(path: path, key: key, toolVersion: "t")
        // Writer A: genesis + 599 records; writer B (another "process", no cached state)
        // takes the ledger to 1,000 records and must scan it to sign the checkpoint.
        for i in 1...599 { try a.append(note: "a\(i)") }
        #expect(!fileExists(a.headPath))
        let b = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 600...998 {
            let r = try b.append(note: "b\(i)")
            #expect(r.checkpointError == nil)
        }
        #expect(!fileExists(a.headPath), "no checkpoint before the 1,000th record")
        let crossing = try b.append(note: "b999")
        #expect(crossing.seq == 999)
        #expect(crossing.checkpointError == nil)

        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(chain.lines.count == 1000)
        let head = try SignedCheckpoint.parse(readFile(a.headPath))
        #expect(head.isSigned(by: key.publicKey))
        #expect(head.checkpoint.origin == "lexecon/ledger/\(chain.ledgerID)")
        #expect(head.checkpoint.size == 1000)
        #expect(head.checkpoint.rootHash == referenceMTH(chain.lines[...]))

        // A appends after B (stale cache) and then checkpoints explicitly.
        let next = try a.append(note: "a again")
        #expect(next.seq == 1000)
        let explicit = try a.writeCheckpoint()
        #expect(explicit.size == 1001)
        let all = try checkChain(path, publicKey: key.publicKey).lines
        #expect(explicit.rootHash == referenceMTH(all[...]))
        #expect(readFile(a.headPath) == Array(explicit.signedNote(key: key).utf8))
    }

    @Test func writeCheckpoint() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        // On a ledger that does not exist yet: creates it with its genesis.
        let first = try writer.writeCheckpoint()
        #expect(first.size == 1)
        for i in 0..<5 { try writer.append(note: "n\(i)") }
        let checkpoint = try writer.writeCheckpoint()
        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(checkpoint.size == 6)
        #expect(checkpoint.rootHash == referenceMTH(chain.lines[...]))
        let parsed = try SignedCheckpoint.parse(readFile(writer.headPath))
        #expect(parsed.checkpoint == checkpoint)
        #expect(parsed.isSigned(by: key.publicKey))
        var info = stat()
        #expect(stat(writer.headPath, &info) == 0 && info.st_mode & 0o777 == 0o644)
        // No temporary files left beside it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)

        // A head that cannot be replaced (a directory in its place) is a checkpointFailed error.
        try FileManager.default.removeItem(atPath: writer.headPath)
        try FileManager.default.createDirectory(atPath: writer.headPath, withIntermediateDirectories: false)
        expectLedgerError(.checkpointFailed) { try writer.writeCheckpoint() }
        #expect(try checkChain(path, publicKey: key.publicKey).lines == chain.lines)
    }

    @Test func recoverMovesATornTailAsideAndRecordsIt() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 0..<3 { try writer.append(note: "n\(i)") }
        let clean = readFile(path)
        expectLedgerError(.nothingToRecover) { try writer.recover() }
        expectFile(path, equals: clean)

        let torn = Array(#"{"boot":"x","key":"sha256:ab","kind":"note","ledg"#.utf8)
        try appendRaw(torn, to: path)
        // Appending after a torn tail is refused and changes nothing.
        expectLedgerError(.needsRecovery, containing: ["recover"]) { try writer.append(note: "refused") }
        expectFile(path, equals: clean + torn)
        // A writer in another process is refused too.
        expectLedgerError(.needsRecovery) { try LedgerWriter(path: path, key: key, toolVersion: "t").append(note: "refused") }

        let recovery = try LedgerWriter(path: path, key: key, toolVersion: "t").recover(reason: "test: torn write")
        #expect(recovery.offset == Int64(clean.count))
        #expect(recovery.discardedBytes == Int64(torn.count))
        #expect(recovery.discardedSHA256 == SHA256.hex(torn))
        #expect(recovery.savedTo == "\(path).torn-\(clean.count)")
        expectFile(recovery.savedTo, equals: torn)
        #expect(recovery.record.seq == 4)

        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(Array(readFile(path).prefix(clean.count)) == clean)
        let record = chain.last
        #expect(record.kind == .recovery)
        #expect(record["offset"]?.intValue == Int64(clean.count))
        #expect(record["discarded_bytes"]?.intValue == Int64(torn.count))
        #expect(record["discarded_sha256"]?.stringValue == SHA256.hex(torn))
        #expect(record["reason"]?.stringValue == "test: torn write")
        #expect(recovery.record.line == chain.lines.last)

        // The original writer carries on after the repair.
        #expect(try writer.append(note: "after").seq == 5)
        try checkChain(path, publicKey: key.publicKey)
        expectLedgerError(.nothingToRecover) { try writer.recover() }
    }

    @Test func recoverAWholeRecordMissingOnlyItsLineFeed() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        try writer.append(note: "kept")
        let line = try writer.append(note: "torn").line
        // Drop the final LF: a complete, valid record that was never fully written.
        let bytes = readFile(path)
        try writeFile(path, Array(bytes.dropLast()))
        let recovery = try LedgerWriter(path: path, key: key, toolVersion: "t").recover()
        #expect(recovery.discardedBytes == Int64(line.count))
        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(chain.records.map { $0.kind?.rawValue ?? "" } == ["genesis", "note", "recovery"])
        #expect(chain.last.seq == 2)
    }

    @Test func recoverATornGenesis() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let torn = Array(#"{"algs":{"canon":"jcs-rf"#.utf8)
        try writeFile(path, torn)
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        expectLedgerError(.needsRecovery) { try writer.append(note: "x") }
        let recovery = try writer.recover()
        #expect(recovery.offset == 0 && recovery.discardedBytes == Int64(torn.count))
        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(chain.records.map { $0.kind?.rawValue ?? "" } == ["genesis", "recovery"])
    }

    @Test func recoverRefusesWhenTheLastCompleteRecordDoesNotVerify() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 0..<3 { try writer.append(note: "note \(i)") }
        // Edit the last record's text (still canonical JSON) and add a torn tail.
        let bytes = try replacingFirst(#""text":"note 2""#, with: #""text":"note 3""#, in: readFile(path))
        try writeFile(path, bytes + Array(#"{"torn"#.utf8))
        let before = readFile(path)
        expectLedgerError(.corruptTail, containing: ["verify"]) { try LedgerWriter(path: path, key: key, toolVersion: "t").recover() }
        expectFile(path, equals: before)
        #expect(!fileExists("\(path).torn-\(before.count - 6)"))

        // Without the torn tail, appending is refused as corrupt, not repaired.
        try writeFile(path, bytes)
        expectLedgerError(.corruptTail) { try LedgerWriter(path: path, key: key, toolVersion: "t").append(note: "x") }
        expectFile(path, equals: bytes)
    }

    @Test func refusesAForeignKey() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("ledger.jsonl")
        let owner = try makeKey()
        try LedgerWriter(path: path, key: owner, toolVersion: "t").append(note: "mine")
        let before = readFile(path)
        let stranger = try makeKey()
        expectLedgerError(.foreignKey, containing: [stranger.publicKey.keyID]) { try LedgerWriter(path: path, key: stranger, toolVersion: "t").append(note: "theirs") }
        expectLedgerError(.foreignKey) { try LedgerWriter(path: path, key: stranger, toolVersion: "t").writeCheckpoint() }
        expectFile(path, equals: before)
        #expect(!fileExists(path + ".head"))
    }

    @Test func parentIsARegularFile() throws {
        let dir = try TemporaryDirectory()
        try writeFile(dir.file("plain"), Array("not a directory".utf8))
        let writer = LedgerWriter(path: dir.file("plain/ledger.jsonl"), key: try makeKey(), toolVersion: "t")
        expectLedgerError(.openFailed, containing: ["plain", "not a directory"]) { try writer.append(note: "x") }
        // A directory where the ledger should be.
        try FileManager.default.createDirectory(atPath: dir.file("dir.jsonl"), withIntermediateDirectories: false)
        expectLedgerError(.openFailed) { try LedgerWriter(path: dir.file("dir.jsonl"), key: try makeKey(), toolVersion: "t").append(note: "x") }
    }

    @Test func linesOver64KiBAreRefused() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        try writer.append(note: "small")
        let before = readFile(path)
        expectLedgerError(.invalidRecord, containing: ["65536"]) { try writer.append(note: String(repeating: "x", count: 70_000)) }
        // Escaping counts: 11,000 control characters become 66,000 bytes.
        expectLedgerError(.invalidRecord) { try writer.append(note: String(repeating: "\u{1}", count: 11_000)) }
        expectFile(path, equals: before)
        // A long line under the limit is written and then read back as the tail.
        try writer.append(note: String(repeating: "y", count: 64_000))
        #expect(try LedgerWriter(path: path, key: key, toolVersion: "t").append(note: "after a long line").seq == 3)
        try checkChain(path, publicKey: key.publicKey)
    }

    @Test func recordsItsOwnReaderWouldRefuseAreNotWritten() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        try writer.append(note: "ok")
        let before = readFile(path)
        let bad: [(String, [JSONMember])] = [
            ("duplicate keys", [JSONMember("a", 1), JSONMember("a", 2)]),
            ("duplicate nested keys", [JSONMember("o", .object([JSONMember("k", 1), JSONMember("k", 1)]))]),
            ("integer beyond 2^53-1", [JSONMember("n", .int(1 << 60))]),
            ("nesting deeper than 32", [JSONMember("deep", (0..<40).reduce(JSONValue.int(0)) { v, _ in .array([v]) })]),
            ("reserved field", [JSONMember("seq", 7)]),
            ("reserved sig", [JSONMember("sig", "forged")]),
        ]
        for (name, fields) in bad {
            expectLedgerError(.invalidRecord, Comment(rawValue: name)) { try writer.append(kind: .note, fields: fields) }
        }
        expectLedgerError(.invalidRecord) { try writer.append(result: ResultEntry(of: 1, executed: true, exitCode: Int64.max)) }
        expectLedgerError(.invalidRecord) { try writer.append(kind: .genesis, fields: []) }
        expectFile(path, equals: before)
        #expect(try writer.append(note: "still appendable").seq == 2)
        try checkChain(path, publicKey: key.publicKey)
    }

    @Test func threadsAndWritersInOneProcessMakeOneChain() async throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let shared = LedgerWriter(path: path, key: key, toolVersion: "t")
        let other = LedgerWriter(path: path, key: key, toolVersion: "t")  // own fds, own flock
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<6 {
                group.addTask {
                    let writer = t % 3 == 2 ? other : shared
                    for i in 0..<40 { try writer.append(note: "t\(t) i\(i)") }
                }
            }
            try await group.waitForAll()
        }
        let chain = try checkChain(path, publicKey: key.publicKey)
        #expect(chain.records.count == 241)
        #expect(Set(chain.records.compactMap { $0["text"]?.stringValue }).count == 240)
    }

    @Test func aRecoveryRecordThatIsThe1000thRefreshesTheHead() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 1...998 { try writer.append(note: "n\(i)") }
        try appendRaw(Array(#"{"torn":"#.utf8), to: path)
        let recovery = try writer.recover()
        #expect(recovery.record.seq == 999)
        #expect(recovery.record.checkpointError == nil)
        let head = try SignedCheckpoint.parse(readFile(writer.headPath))
        #expect(head.checkpoint.size == 1000)
        #expect(head.checkpoint.rootHash == referenceMTH(try checkChain(path, publicKey: key.publicKey).lines[...]))
    }

    @Test func tailsThatAreNotARepairableTornWrite() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let good = dir.file("good.jsonl")
        let writer = LedgerWriter(path: good, key: key, toolVersion: "t")
        for i in 0..<2 { try writer.append(note: "n\(i)") }
        let bytes = readFile(good)
        let (lines, _) = splitLines(bytes)
        let other = dir.file("other.jsonl")
        try LedgerWriter(path: other, key: key, toolVersion: "t").append(note: "elsewhere")
        let foreignLine = splitLines(readFile(other)).lines[1]

        let cases: [(String, [UInt8])] = [
            ("a blank last line", bytes + [0x0a]),
            ("CRLF line ends", Array(bytes.dropLast()) + [0x0d, 0x0a]),
            ("a byte-order mark before the genesis", [0xef, 0xbb, 0xbf] + bytes),
            ("no genesis first", (lines[1...] + [lines[0]]).flatMap { $0 + [0x0a] }),
            ("a last record of another ledger", bytes + foreignLine + [0x0a]),
            ("a last line over 64 KiB", bytes + Array(repeating: UInt8(ascii: "x"), count: 70_000) + [0x0a]),
            ("binary garbage", bytes + [0x00, 0xff, 0xfe, 0x0a]),
            ("a reformatted (non-canonical) last record", bytes + Array(#"{"v": 1}"#.utf8) + [0x0a]),
        ]
        for (name, content) in cases {
            let path = dir.file("case.jsonl")
            try writeFile(path, content)
            expectLedgerError(.corruptTail, Comment(rawValue: name)) { try LedgerWriter(path: path, key: key, toolVersion: "t").append(note: "x") }
            expectFile(path, equals: content, Comment(rawValue: name))
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
