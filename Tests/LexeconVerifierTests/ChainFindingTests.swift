import Foundation
import LexeconCrypto
import LexeconLedger
import LexeconVerifier
import Testing

/// One test per chain finding: exact code, severity, line, and exactly one finding per cause.
@Suite struct ChainFindingTests {
    @Test func untamperedLedgerIsValidWithoutFindings() throws {
        let f = try Fixture()
        try f.writeLedger(records: 20, checkpoint: true)
        let report = try f.verify()
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.isValid)
        #expect(report.summary.records == 20)
    }

    @Test func modifiedRecordIsOneRecordModified() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        lines[9] = replacing(lines[9], "\"n9\"", "\"N9\"")
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.count == 1, "\(report.findings)")
        let finding = try #require(report.errors.first)
        #expect(finding.code == .recordModified)
        #expect(finding.severity == .error)
        #expect(finding.line == 10)
        #expect(finding.seq == 9)
    }

    @Test(arguments: [1, 3, 7])
    func deletedRecordsAreOneRecordsMissing(count: Int) throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        lines.removeSubrange(9..<(9 + count))
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.count == 1, "\(report.findings)")
        let finding = try #require(report.errors.first)
        #expect(finding.code == .recordsMissing)
        #expect(finding.line == 10)
        #expect(finding.seq == Int64(9 + count))
        #expect(finding.message.contains(count == 1 ? "seq 9 is missing" : "seq 9–\(8 + count) (\(count) records)"))
    }

    @Test func insertedForgedRecordIsOneRecordInserted() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        // A copy of record 10 with other text: its seq and prev fit, its signature does not.
        lines.insert(replacing(lines[10], "\"n10\"", "\"rm -rf /\""), at: 10)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.recordInserted], "\(report.findings)")
        #expect(report.errors.first?.line == 11)
    }

    @Test func insertedRecordSignedByForeignKeyIsOneRecordInserted() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        let record = LedgerRecord(object: try StrictJSONParser.parse(lines[10]).objectMembers!)
        let intruder = try Ed25519PrivateKey()
        var object = record.object.filter { $0.key != "sig" && $0.key != "key" && $0.key != "text" }
        object += [JSONMember("key", .string(intruder.publicKey.keyID)), JSONMember("text", "forged")]
        lines.insert(LedgerRecord.signedLine(object: object, key: intruder), at: 10)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.recordInserted], "\(report.findings)")
        #expect(report.errors.first?.line == 11)
    }

    @Test(arguments: [(9, 10), (5, 8), (1, 2), (17, 18)])
    func swappedRecordsAreOneRecordsReordered(a: Int, b: Int) throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        lines.swapAt(a, b)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.recordsReordered], "\(report.findings)")
        #expect(report.errors.first?.line == a + 1)
        #expect(report.summary.records == 20)
    }

    @Test func reversedBlockIsOneRecordsReordered() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 30)
        lines[10..<16].reverse()
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.recordsReordered], "\(report.findings)")
    }

    @Test func duplicatedLineIsOneRecordDuplicated() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        lines.insert(lines[9], at: 10)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.recordDuplicated], "\(report.findings)")
        #expect(report.errors.first?.line == 11)
        #expect(report.errors.first?.seq == 9)
    }

    @Test func distantDuplicateIsOneRecordDuplicated() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 20)
        lines.insert(lines[3], at: 15)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.recordDuplicated], "\(report.findings)")
        #expect(report.errors.first?.line == 16)
    }

    @Test func seqSkipWithLinkedPrevIsOneSeqGap() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.note("a")
        builder.append(kind: "note", fields: [JSONMember("text", "b")], seq: 5)
        builder.note("c")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.seqGap], "\(report.findings)")
        #expect(report.errors.first?.line == 3)
    }

    @Test func genesisSeededForAnotherLedgerIsForeignLedger() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        let other = ChainHash.genesisPrev(ledgerID: String(repeating: "ab", count: 16))
        builder.append(kind: "genesis", fields: LedgerBuilder.genesisFields(ledgerID: builder.ledgerID, keys: [f.key.publicKey]),
                       override: [JSONMember("prev", .string(other))])
        builder.note("a")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.foreignLedger], "\(report.findings)")
        #expect(report.errors.first?.line == 1)
    }

    @Test func recordFromAnotherLedgerIsOneForeignLedger() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        let other = try f.writeLedger("other.jsonl", records: 10)
        lines[5] = other[5]
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.foreignLedger], "\(report.findings)")
        #expect(report.errors.first?.line == 6)
    }

    @Test func missingGenesisIsOneBadGenesis() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        lines.removeFirst()
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.badGenesis], "\(report.findings)")
        #expect(report.errors.first?.line == 1)
    }

    @Test func secondGenesisIsOneBadGenesis() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        lines.insert(lines[0], at: 5)
        // An exact copy is a duplicate; a fresh genesis signed by the same key is a second genesis.
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        lines[5] = builder.lines[0]
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.badGenesis], "\(report.findings)")
        #expect(report.errors.first?.line == 6)
    }

    @Test func emptyLedgerIsBadGenesis() throws {
        let f = try Fixture()
        try f.write("ledger.jsonl", bytes: [])
        let report = try f.verify()
        #expect(!report.isValid)
        #expect(report.errors.map(\.code) == [.badGenesis])
        #expect(report.errors.first?.message.contains("empty") == true)
    }

    @Test func malformedSignatureIsOneBadSignature() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        let sig = LedgerRecord(object: try StrictJSONParser.parse(lines[4]).objectMembers!).signature!
        lines[4] = replacing(lines[4], sig, "AAAA")
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.badSignature], "\(report.findings)")
        #expect(report.errors.first?.line == 5)
    }

    /// libsodium 1.0.18's base64 decoder reads any byte from 0x80 up as '/', so "//" in a
    /// signature could be re-spelt as one 2-byte UTF-8 character and still verify: a
    /// second line for the same record. Only standard base64 is accepted.
    @Test func signatureWithNonAlphabetCharactersIsOneBadSignature() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        // About one signature in fifty contains "//"; stop at the first one (the last line).
        var sig = ""
        for i in 0..<5000 where !sig.contains("//") {
            builder.note("n\(i)")
            sig = LedgerRecord(object: try StrictJSONParser.parse(builder.lines.last!).objectMembers!).signature!
        }
        try #require(sig.contains("//"))
        var lines = builder.lines
        try f.write(lines: lines)
        #expect(try f.verify(head: false).errors.isEmpty)
        lines[lines.count - 1] = replacing(lines[lines.count - 1], sig, sig.replacingOccurrences(of: "//", with: "\u{e9}"))
        try f.write(lines: lines)
        let report = try f.verify(head: false)
        #expect(report.errors.map(\.code) == [.badSignature], "\(report.findings)")
        #expect(report.errors.first?.line == lines.count)
    }

    @Test func missingSignatureIsOneUnsignedRecord() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        let members = try StrictJSONParser.parse(lines[4]).objectMembers!.filter { $0.key != "sig" }
        lines[4] = CanonicalJSON.serialize(.object(members))
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.unsignedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 5)
    }

    @Test func garbageLineIsOneMalformedRecord() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        lines.insert(Array("{not json".utf8), at: 5)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 6)
    }

    @Test func missingKindFieldIsOneMalformedRecord() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.append(kind: "approval", fields: [JSONMember("of", 0), JSONMember("granted", "yes")])
        builder.note("after")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 2)
        #expect(report.errors.first?.message.contains("granted") == true)
    }

    @Test func reformattedLineIsOneNonCanonical() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        lines[4] = replacing(lines[4], "\"kind\":", "\"kind\": ")
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.nonCanonical], "\(report.findings)")
        #expect(report.errors.first?.line == 5)
    }

    @Test func unknownVersionAndKindAreUnsupportedVersion() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.append(kind: "note", fields: [JSONMember("text", "x")], override: [JSONMember("v", 2)])
        builder.append(kind: "teleport", fields: [])
        builder.note("after")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.unsupportedVersion, .unsupportedVersion], "\(report.findings)")
        #expect(report.errors.map(\.line) == [2, 3])
    }

    @Test func wrongAlgorithmsAreUnsupportedVersion() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        var fields = LedgerBuilder.genesisFields(ledgerID: builder.ledgerID, keys: [f.key.publicKey])
        fields[3] = JSONMember("algs", .object([JSONMember("hash", "md5"), JSONMember("sig", "ed25519"),
                                                JSONMember("canon", "jcs-rfc8785"), JSONMember("merkle", "rfc6962")]))
        builder.append(kind: "genesis", fields: fields)
        builder.note("a")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.unsupportedVersion], "\(report.findings)")
    }

    @Test func genesisNotListingItsKeyIsBadGenesis() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        let other = try Ed25519PrivateKey()
        builder.append(kind: "genesis", fields: LedgerBuilder.genesisFields(ledgerID: builder.ledgerID, keys: [other.publicKey]))
        builder.note("a")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.badGenesis], "\(report.findings)")
    }

    @Test func timeRegressionWithMonotonicClockIsAClockStep() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        let boot = JSONMember("boot", "b0")
        builder.append(kind: "note", fields: [boot, JSONMember("mono", 100), JSONMember("text", "a")], ts: "2025-01-01T10:00:00.000000Z")
        builder.append(kind: "note", fields: [boot, JSONMember("mono", 200), JSONMember("text", "b")], ts: "2025-01-01T09:59:00.000000Z")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.isEmpty, "\(report.findings)")
        let regression = report.findings.filter { $0.code == .timeRegression }
        #expect(regression.count == 1)
        #expect(regression.first?.severity == .warning)
        #expect(regression.first?.line == 3)
        #expect(regression.first?.message.contains("clock step") == true)
    }

    @Test func timeRegressionWithoutMonotonicClockSaysSo() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.append(kind: "note", fields: [JSONMember("text", "a")], ts: "2025-01-01T10:00:00.000000Z")
        builder.append(kind: "note", fields: [JSONMember("text", "b")], ts: "2025-01-01T09:00:00.000000Z")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        let regression = report.findings.filter { $0.code == .timeRegression }
        #expect(regression.count == 1)
        #expect(regression.first?.message.contains("no boot/mono") == true)
    }

    @Test func badTimestampShapeIsMalformed() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.append(kind: "note", fields: [JSONMember("text", "a")], ts: "2025-01-01T10:00:00.000Z")
        builder.note("b")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.message.contains("6 fractional digits") == true)
    }

    @Test func tornTailIsOneWarning() throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 10)
        var bytes = try f.read("ledger.jsonl")
        bytes += lines[3].prefix(40)
        try f.write("ledger.jsonl", bytes: bytes)
        let report = try f.verify()
        #expect(report.errors.isEmpty, "\(report.findings)")
        #expect(report.findings.filter { $0.code == .tornTail }.map(\.line) == [11])
        #expect(report.findings.first { $0.code == .tornTail }?.severity == .warning)
    }

    @Test func tornLineInTheMiddleIsMalformed() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        lines.insert(Array(lines[3].prefix(40)), at: 5)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 6)
    }

    @Test func recoveryRecordIsWriterRecoveryWarning() throws {
        let f = try Fixture()
        try f.writeLedger(records: 5)
        var bytes = try f.read("ledger.jsonl")
        bytes += Array("{\"v\":1,\"torn".utf8)
        try f.write("ledger.jsonl", bytes: bytes)
        let writer = LedgerWriter(path: f.path("ledger.jsonl"), key: f.key, toolVersion: "test")
        _ = try writer.recover()
        let report = try f.verify(head: false)
        #expect(report.errors.isEmpty, "\(report.findings)")
        #expect(report.findings.filter { $0.code == .writerRecovery }.map(\.line) == [6])
    }

    @Test func unpinnedVerificationWarnsNotPinned() throws {
        let f = try Fixture()
        try f.writeLedger(records: 5, checkpoint: true)
        let report = try f.verify(pinned: false)
        #expect(report.isValid)
        #expect(report.codes() == [.notPinned])
        #expect(report.findings.first?.severity == .warning)
        #expect(report.findings.first?.line == nil)
    }

    @Test func noCheckpointWarnsUnanchoredTail() throws {
        let f = try Fixture()
        try f.writeLedger(records: 5)
        let report = try f.verify()
        #expect(report.codes() == [.unanchoredTail])
        #expect(report.findings.first?.message.contains("5 records") == true)
    }

    @Test func recordsAfterCheckpointWarnUnanchoredTail() throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 20)
        try f.checkpoint("kept.ckpt", of: lines, size: 12)
        let report = try f.verify(checkpoints: ["kept.ckpt"])
        #expect(report.codes() == [.unanchoredTail], "\(report.findings)")
        let finding = try #require(report.findings.first)
        #expect(finding.message.contains("8 records (13–20"))
        #expect(finding.line == 13)
    }
}
