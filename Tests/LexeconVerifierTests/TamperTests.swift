import Foundation
import LexeconCrypto
import LexeconLedger
@testable import LexeconVerifier
import Testing

/// Exhaustive tampering: every bit flip, every truncation and rollback up to 20 records.
@Suite struct TamperTests {
    /// Every single-bit flip of a 50-record ledger is detected. A flip anywhere except in
    /// the final LF makes the ledger INVALID. Flipping a bit of the final LF turns the last
    /// record into a torn tail: without a checkpoint that is a TORN_TAIL warning (never a
    /// clean VALID); with LEDGER.head present it is INVALID (TRUNCATED).
    @Test(arguments: 0..<50)
    func everyBitFlipOfRecordIsDetected(record: Int) throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 50, checkpoint: true)
        let original = try f.read("ledger.jsonl")
        let head = try f.read("ledger.jsonl.head")
        let start = lines[..<record].reduce(0) { $0 + $1.count + 1 }
        let end = start + lines[record].count + 1
        // The memo returns the same analysis and signature results recomputing would; only
        // the one changed line is analysed and signature-checked afresh for each flip.
        let memo = VerifierMemo()
        var options = VerifierOptions(pinnedKey: f.key.publicKey, checkLocalHead: false)
        options.memo = memo
        let withoutHead = LedgerVerifier(options: options)
        let withHead = LedgerVerifier(options: VerifierOptions(pinnedKey: f.key.publicKey, checkLocalHead: true))
        let path = f.path("ledger.jsonl")
        for offset in start..<end {
            for bit in 0..<8 {
                var bytes = original
                bytes[offset] ^= UInt8(1 << bit)
                try f.write("ledger.jsonl", bytes: bytes)
                let report = try withoutHead.verify(ledgerPath: path)
                if offset == original.count - 1 {
                    #expect(report.findings.contains { $0.code == .tornTail }, "flip at \(offset) bit \(bit): \(report.findings)")
                    let anchored = try withHead.verify(ledgerPath: path)
                    #expect(!anchored.isValid, "flip at \(offset) bit \(bit) with head: \(anchored.findings)")
                } else {
                    #expect(!report.isValid, "flip at \(offset) bit \(bit) went undetected")
                }
            }
        }
        try f.write("ledger.jsonl", bytes: original)
        try f.write("ledger.jsonl.head", bytes: head)
    }

    /// For every ledger size n ≤ 20 and every checkpoint size s ≤ 20: a ledger cut to n < s
    /// records is TRUNCATED; n ≥ s matches; a rewritten ledger (same length, re-signed by
    /// the real key after the checkpoint) is DIVERGED.
    @Test(arguments: 1...20)
    func truncationAndRollbackAgainstCheckpoint(checkpointSize: Int) throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 20)
        try f.checkpoint("kept.ckpt", of: lines, size: checkpointSize)
        for size in 1...20 {
            try f.write(lines: Array(lines.prefix(size)))
            let report = try f.verify(checkpoints: ["kept.ckpt"], head: false)
            if size < checkpointSize {
                #expect(report.errors.map(\.code) == [.truncated], "n=\(size) s=\(checkpointSize): \(report.findings)")
                #expect(report.errors.first?.checkpointPath == f.path("kept.ckpt"))
            } else {
                #expect(report.isValid, "n=\(size) s=\(checkpointSize): \(report.findings)")
                #expect(report.summary.anchoredRecords == Int64(checkpointSize))
            }
        }
        // Rollback: the attacker (holding the key) rewrites the ledger from the start.
        var builder = LedgerBuilder(key: f.key, ledgerID: try StrictJSONParser.parse(lines[0])["ledger"]!.stringValue!)
        builder.append(kind: "genesis", fields: LedgerBuilder.genesisFields(ledgerID: builder.ledgerID, keys: [f.key.publicKey]))
        for i in 1..<20 { builder.note("rewritten \(i)") }
        try f.write(lines: builder.lines)
        let report = try f.verify(checkpoints: ["kept.ckpt"], head: false)
        #expect(report.errors.map(\.code) == [.diverged], "s=\(checkpointSize): \(report.findings)")
        // Rolled back to fewer records and re-grown differently: DIVERGED or TRUNCATED, never VALID.
        if checkpointSize > 1 {
            try f.write(lines: Array(builder.lines.prefix(checkpointSize - 1)))
            let shorter = try f.verify(checkpoints: ["kept.ckpt"], head: false)
            #expect(shorter.errors.map(\.code) == [.truncated])
        }
    }

    @Test func localHeadDetectsTruncationButSaysRollbackIsNotProven() throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 10, checkpoint: true)
        let report = try f.verify()
        #expect(report.findings.isEmpty)
        #expect(report.summary.notProven.contains { $0.contains("same host") })
        try f.write(lines: Array(lines.prefix(7)))
        let cut = try f.verify()
        #expect(cut.errors.map(\.code) == [.truncated])
    }
}
