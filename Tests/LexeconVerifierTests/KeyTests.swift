import Foundation
import LexeconCrypto
import LexeconLedger
import LexeconVerifier
import Testing

/// Pinned keys, foreign re-signing and key rotation.
@Suite struct KeyTests {
    @Test func ledgerResignedWithForeignKeyIsOneUntrustedKey() throws {
        let f = try Fixture()
        let attacker = try Ed25519PrivateKey()
        try f.writeLedger(records: 30, key: attacker)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.untrustedKey], "\(report.findings)")
        let finding = try #require(report.errors.first)
        #expect(finding.line == 1)
        #expect(finding.message.contains("30 records"))
        #expect(finding.message.contains(attacker.publicKey.keyID))
        // Unpinned, the same file is internally consistent: only NOT_PINNED (and the summary says so).
        let unpinned = try f.verify(pinned: false)
        #expect(unpinned.isValid)
        #expect(unpinned.codes() == [.notPinned, .unanchoredTail])
        // A head the attacker signed is a second, separate piece of evidence.
        try f.writeLedger("again.jsonl", records: 5, checkpoint: true, key: attacker)
        #expect(try f.verify("again.jsonl").errors.map(\.code) == [.untrustedKey, .checkpointInvalid])
    }

    @Test func oneRecordReplacedBySomeoneElsesSignatureIsOneFinding() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 10)
        let attacker = try Ed25519PrivateKey()
        var object = try StrictJSONParser.parse(lines[4]).objectMembers!.filter { $0.key != "sig" && $0.key != "key" }
        object.append(JSONMember("key", .string(attacker.publicKey.keyID)))
        lines[4] = LedgerRecord.signedLine(object: object, key: attacker)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.count == 1, "\(report.findings)")
        #expect(report.errors.first?.line == 5)
    }

    @Test func validRotationIsTrusted() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.note("old key")
        let next = try Ed25519PrivateKey()
        builder.rotate(to: next)
        builder.note("new key 1")
        builder.note("new key 2")
        try f.write(lines: builder.lines)
        try f.checkpoint("kept.ckpt", of: builder.lines, size: 5, key: next)
        let report = try f.verify(checkpoints: ["kept.ckpt"])
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.summary.rotations.map(\.keyID) == [next.publicKey.keyID])
    }

    @Test func rotationWithForgedProofIsOneUntrustedKey() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        let next = try Ed25519PrivateKey()
        builder.rotate(to: next, validProof: false)
        builder.note("signed by the unproven key")
        builder.note("again")
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.untrustedKey], "\(report.findings)")
        #expect(report.errors.first?.line == 2)
        #expect(report.errors.first?.message.contains("pop") == true)
    }

    @Test func oldKeyAfterRotationIsUntrusted() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        let next = try Ed25519PrivateKey()
        builder.rotate(to: next)
        builder.note("fine")
        builder.note("old key again", signer: f.key)
        try f.write(lines: builder.lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.untrustedKey], "\(report.findings)")
        #expect(report.errors.first?.line == 4)
        #expect(report.errors.first?.message.contains("replaced by a key rotation") == true)
    }

    @Test func checkpointSignedByAnotherKeyIsCheckpointInvalid() throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 5)
        try f.checkpoint("kept.ckpt", of: lines, size: 5, key: try Ed25519PrivateKey())
        let report = try f.verify(checkpoints: ["kept.ckpt"])
        #expect(report.errors.map(\.code) == [.checkpointInvalid], "\(report.findings)")
        #expect(report.errors.first?.checkpointPath == f.path("kept.ckpt"))
    }

    @Test func checkpointOfAnotherLedgerIsCheckpointInvalid() throws {
        let f = try Fixture()
        try f.writeLedger(records: 5)
        let other = try f.writeLedger("other.jsonl", records: 5)
        try f.checkpoint("other.ckpt", of: other, size: 5)
        let report = try f.verify(checkpoints: ["other.ckpt"])
        #expect(report.errors.map(\.code) == [.checkpointInvalid], "\(report.findings)")
        #expect(report.errors.first?.message.contains("another ledger") == true)
    }

    @Test func garbageCheckpointIsCheckpointInvalid() throws {
        let f = try Fixture()
        try f.writeLedger(records: 5)
        try f.write("junk.ckpt", bytes: Array("hello\nworld\n".utf8))
        let report = try f.verify(checkpoints: ["junk.ckpt"])
        #expect(report.errors.map(\.code) == [.checkpointInvalid], "\(report.findings)")
    }

    @Test func missingCheckpointFileIsAnIOError() throws {
        let f = try Fixture()
        try f.writeLedger(records: 5)
        #expect(throws: VerifierError.self) { try f.verify(checkpoints: ["nope.ckpt"]) }
    }
}
