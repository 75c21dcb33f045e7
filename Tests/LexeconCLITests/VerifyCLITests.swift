import Foundation
import LexeconCrypto
import LexeconLedger
import Testing

/// End-to-end tests of `lexecon verify`: the built binary, its stdout, stderr and exit code.
@Suite struct VerifyCLITests {
    /// Runs the debug `lexecon` binary next to the test bundle.
    private struct Runner {
        let directory: String

        static var binary: String {
            var url = Bundle.main.bundleURL
            for _ in 0..<6 {
                let candidate = url.appendingPathComponent("lexecon").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                url.deleteLastPathComponent()
            }
            // Fall back on the xctest bundle's own directory (swift test --scratch-path …/debug).
            for bundle in Bundle.allBundles {
                let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("lexecon").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            return "lexecon"
        }

        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Runner.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
        }
    }

    /// A temporary directory with keys written by `KeyDirectory.create` and a ledger.
    private final class Workspace: @unchecked Sendable {
        let dir: String
        let key: Ed25519PrivateKey
        var runner: Runner { Runner(directory: dir) }

        init(records: Int, checkpoint: Bool = true, keysInDefaultPlace: Bool = false) throws {
            dir = NSTemporaryDirectory() + "lexecon-verify-cli-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            key = try KeyDirectory(path: dir + (keysInDefaultPlace ? "/.lexecon" : "/keys")).create(force: false)
            let writer = LedgerWriter(path: dir + "/ledger.jsonl", key: key, toolVersion: "test")
            for i in 1..<records { try writer.append(note: "note \(i)") }
            if checkpoint { try writer.writeCheckpoint() }
        }

        deinit { try? FileManager.default.removeItem(atPath: dir) }

        var lines: [[UInt8]] {
            get throws {
                let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/ledger.jsonl")))
                return data.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map(Array.init)
            }
        }

        func write(_ lines: [[UInt8]], to name: String = "ledger.jsonl") throws {
            try Data(lines.flatMap { $0 + [0x0a] }).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
    }

    @Test func validLedgerExitsZeroWithSummary() throws {
        let w = try Workspace(records: 10)
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/public_key.pem"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasSuffix("Status: VALID\n"))
        #expect(result.stdout.contains("pinned with --public-key keys/public_key.pem"))
        #expect(result.stdout.contains("same host"))
        #expect(result.stderr.isEmpty)
    }

    @Test func defaultKeyDirectoryIsUsedAndSaid() throws {
        let w = try Workspace(records: 5, keysInDefaultPlace: true)
        let result = try w.runner.run(["verify", "ledger.jsonl"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains(".lexecon/public_key.pem"))
    }

    @Test func unpinnedExitsThreeAndStrictExitsOne() throws {
        let w = try Workspace(records: 5)
        let result = try w.runner.run(["verify", "ledger.jsonl"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout.contains("ledger.jsonl: WARN NOT_PINNED: "))
        #expect(result.stdout.hasSuffix("Status: VALID\n"))
        #expect(!FileManager.default.fileExists(atPath: w.dir + "/.lexecon"), "verify must never create keys")
        let strict = try w.runner.run(["verify", "ledger.jsonl", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.hasSuffix("Status: INVALID\n"))
    }

    @Test func tamperedLedgerExitsOneWithGNUStyleLine() throws {
        let w = try Workspace(records: 10)
        var lines = try w.lines
        lines.remove(at: 4)
        try w.write(lines)
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/public_key.pem"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ledger.jsonl:5: ERROR RECORDS_MISSING: seq 4 is missing"))
        #expect(result.stdout.contains("ledger.jsonl.head: ERROR TRUNCATED: "))
        #expect(result.stdout.hasSuffix("Status: INVALID\n"))
    }

    @Test func foreignResignedLedgerIsInvalidWhenPinned() throws {
        let w = try Workspace(records: 6)
        let attacker = try Ed25519PrivateKey()
        try FileManager.default.removeItem(atPath: w.dir + "/ledger.jsonl")
        try FileManager.default.removeItem(atPath: w.dir + "/ledger.jsonl.head")
        let writer = LedgerWriter(path: w.dir + "/ledger.jsonl", key: attacker, toolVersion: "test")
        for i in 1..<6 { try writer.append(note: "forged \(i)") }
        try writer.writeCheckpoint()
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/public_key.pem"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ERROR UNTRUSTED_KEY"))
        #expect(result.stdout.contains("ERROR CHECKPOINT_INVALID"))
    }

    @Test func jsonFormatIsOneStrictDocumentMatchingText() throws {
        let w = try Workspace(records: 10)
        var lines = try w.lines
        lines.swapAt(3, 4)
        lines[7] = Array(String(decoding: lines[7], as: UTF8.self).replacingOccurrences(of: "note 7", with: "note 8").utf8)
        try w.write(lines)
        let text = try w.runner.run(["verify", "ledger.jsonl"])
        let json = try w.runner.run(["verify", "ledger.jsonl", "--format", "json"])
        #expect(json.status == text.status)
        #expect(json.status == 1)
        #expect(json.stdout.hasSuffix("\n"))
        let document = try StrictJSONParser.parse(Array(json.stdout.dropLast().utf8))
        #expect(document["status"]?.stringValue == "INVALID")
        let findings = document["findings"]?.arrayValue ?? []
        let textLines = text.stdout.split(separator: "\n").filter { $0.contains(": ERROR ") || $0.contains(": WARN ") }.map(String.init)
        #expect(findings.compactMap { $0["text"]?.stringValue } == textLines)
        let codes: [String] = findings.compactMap { $0["code"]?.stringValue }
        #expect(codes.contains("RECORDS_REORDERED"))
        #expect(codes.contains("RECORD_MODIFIED"))
        #expect(document["summary"]?["lines"]?.intValue == 10)
    }

    @Test func usageErrorsExitTwo() throws {
        let w = try Workspace(records: 3)
        for arguments in [["verify"], ["verify", "ledger.jsonl", "--format", "xml"], ["verify", "ledger.jsonl", "--bogus"],
                          ["verify", "a.jsonl", "b.jsonl"]] {
            let result = try w.runner.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.contains("lexecon verify: "))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func ioErrorsExitTwo() throws {
        let w = try Workspace(records: 3)
        try FileManager.default.createDirectory(atPath: w.dir + "/adir", withIntermediateDirectories: true)
        for arguments in [["verify", "missing.jsonl"], ["verify", "adir"], ["verify", "ledger.jsonl", "--checkpoint", "nope"],
                          ["verify", "ledger.jsonl", "--public-key", "nope.pem"]] {
            let result = try w.runner.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test func privateKeyAsPublicKeyIsAClearError() throws {
        let w = try Workspace(records: 3)
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/private_key.pem"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("private key"))
        #expect(!result.stderr.contains("BEGIN PRIVATE KEY"))
    }

    @Test func emptyLedgerIsInvalid() throws {
        let w = try Workspace(records: 3, checkpoint: false)
        try Data().write(to: URL(fileURLWithPath: w.dir + "/ledger.jsonl"))
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/public_key.pem"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ERROR BAD_GENESIS: the ledger is empty"))
    }

    @Test func checkpointOfAnotherLedgerIsReported() throws {
        let w = try Workspace(records: 3)
        let other = LedgerWriter(path: w.dir + "/other.jsonl", key: w.key, toolVersion: "test")
        try other.append(note: "x")
        try other.writeCheckpoint()
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/public_key.pem", "--checkpoint", "other.jsonl.head"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("other.jsonl.head: ERROR CHECKPOINT_INVALID: "))
    }

    @Test func escapeSequencesInALedgerPrintEscaped() throws {
        let w = try Workspace(records: 3)
        var lines = try w.lines
        lines.insert(Array("\u{1b}[31mred\u{202e}gnp.exe".utf8), at: 2)
        try w.write(lines)
        let result = try w.runner.run(["verify", "ledger.jsonl", "--public-key", "keys/public_key.pem"])
        #expect(result.status == 1)
        #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e })
        #expect(result.stdout.contains("\\u{1b}[31mred\\u{202e}gnp.exe"))
    }
}
