import Foundation
import LexeconCrypto
import LexeconLedger
import LexeconVerifier
import Testing

/// Bad input gets a clear finding or error, never a crash and never a pass.
@Suite struct BadInputTests {
    @Test func missingLedgerIsAnIOError() throws {
        let f = try Fixture()
        do {
            _ = try f.verify("absent.jsonl")
            Issue.record("expected an error")
        } catch let error as VerifierError {
            #expect(error.code == .ledgerUnreadable)
            #expect(error.message.contains("absent.jsonl"))
        }
    }

    @Test func directoryIsAnIOError() throws {
        let f = try Fixture()
        try FileManager.default.createDirectory(atPath: f.path("dir.jsonl"), withIntermediateDirectories: true)
        #expect(throws: VerifierError.self) { try f.verify("dir.jsonl") }
    }

    @Test func binaryGarbageIsOneMalformedFinding() throws {
        let f = try Fixture()
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.append(0x0a)
        try f.write("ledger.jsonl", bytes: bytes)
        let report = try f.verify()
        #expect(!report.isValid)
        #expect(report.errors.allSatisfy { $0.code == .malformedRecord || $0.code == .badGenesis })
        #expect(report.errors.count <= 2, "\(report.findings)")
    }

    @Test func nulBytesAreMalformed() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 5)
        lines[2][10] = 0
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 3)
    }

    @Test func overlongLineIsOneMalformedFinding() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 5)
        lines.insert([UInt8](repeating: UInt8(ascii: "x"), count: 70_000), at: 3)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 4)
        #expect(report.errors.first?.message.contains("70000 bytes") == true)
    }

    @Test func invalidUTF8IsMalformed() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 5)
        lines[2] = replacing(lines[2], "\"n2\"", "\"n\u{e9}\"")
        let index = lines[2].firstIndex(of: 0xc3)!
        lines[2].replaceSubrange(index...index + 1, with: [0xff])
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.message.contains("UTF-8") == true)
    }

    @Test func byteOrderMarkIsOneMalformedFinding() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 5)
        lines[0] = [0xef, 0xbb, 0xbf] + lines[0]
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.line == 1)
        #expect(report.errors.first?.message.contains("byte order mark") == true)
    }

    @Test func crlfLineEndsAreOneMalformedFinding() throws {
        let f = try Fixture()
        let lines = try f.writeLedger(records: 8)
        try f.write(lines: lines.map { $0 + [0x0d] })
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.message.contains("CR LF") == true)
        #expect(report.errors.first?.message.contains("lines 1–8") == true)
    }

    @Test func blankLineIsMalformed() throws {
        let f = try Fixture()
        var lines = try f.writeLedger(records: 5)
        lines.insert([], at: 2)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.malformedRecord], "\(report.findings)")
        #expect(report.errors.first?.message.contains("blank line") == true)
    }

    @Test func escapeAndBidiCharactersAreEscapedInMessages() throws {
        let f = try Fixture()
        var builder = LedgerBuilder(key: f.key)
        builder.genesis()
        builder.append(kind: "\u{1b}[2J\u{202e}evil", fields: [])
        try f.write(lines: builder.lines + [Array("\u{1b}]0;owned\u{07} \u{2066}x".utf8)])
        let report = try f.verify()
        #expect(report.errors.map(\.code) == [.unsupportedVersion, .malformedRecord], "\(report.findings)")
        for finding in report.findings {
            #expect(!finding.message.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x202e || $0.value == 0x2066 })
        }
        #expect(report.errors.first?.message.contains("\\u{1b}[2J\\u{202e}evil") == true)
    }
}
