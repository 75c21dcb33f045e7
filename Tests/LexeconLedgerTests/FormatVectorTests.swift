import Foundation
import LexeconCrypto
import LexeconLedger
import Testing

/// The worked example of docs/LEDGER_FORMAT.md §10: a ledger built from a fixed key and
/// fixed times. The test rebuilds every file and compares it byte for byte with the
/// shipped copy, so the document's example can never drift from the code.
/// Set LEXECON_WRITE_VECTORS=1 to rewrite the shipped files after a deliberate change.
@Suite struct FormatVectorTests {
    static let seed: [UInt8] = Array(0..<32)
    static let ledgerID = "5e1ec0de5e1ec0de5e1ec0de5e1ec0de"

    struct Built {
        var files: [String: [UInt8]]
    }

    static func build() throws -> Built {
        let key = try Ed25519PrivateKey(seed: seed)
        let keyID = key.publicKey.keyID
        let origin = LedgerFormat.origin(ledgerID: ledgerID)
        func common(_ seq: Int64, _ kind: String, _ ts: String, _ prev: String) -> [JSONMember] {
            [JSONMember("v", 1), JSONMember("ledger", .string(ledgerID)), JSONMember("seq", .int(seq)),
             JSONMember("kind", .string(kind)), JSONMember("ts", .string(ts)), JSONMember("prev", .string(prev)),
             JSONMember("key", .string(keyID))]
        }
        let kinds: [(String, String, [JSONMember])] = [
            ("genesis", "2026-01-01T00:00:00.000000Z", [
                JSONMember("origin", .string(origin)),
                JSONMember("keys", .array([.object([JSONMember("id", .string(keyID)),
                                                    JSONMember("spki", .string(Base64.encode(key.publicKey.spki)))])])),
                JSONMember("tool", .object([JSONMember("name", "lexecon"), JSONMember("version", "0.1.0")])),
                JSONMember("algs", LedgerFormat.algorithms),
            ]),
            ("decision", "2026-01-01T00:00:01.000001Z", [
                JSONMember("tool", "shell.run"),
                JSONMember("cmd", .object([JSONMember("line", "rm -rf ./important_data"),
                                           JSONMember("sha256", .string(SHA256.hex("rm -rf ./important_data")))])),
                JSONMember("cwd", "/home/ci/work"),
                JSONMember("actor", .object([JSONMember("uid", 1000), JSONMember("user", "ci"), JSONMember("pid", 4242),
                                             JSONMember("ppid", 4200), JSONMember("agent", "claude-code")])),
                JSONMember("host", .object([JSONMember("name", "runner-1")])),
                JSONMember("policy", .object([JSONMember("name", "default"),
                                              JSONMember("sha256", .string(SHA256.hex("example policy bytes"))),
                                              JSONMember("rule", "fs-recursive-delete")])),
                JSONMember("decision", "BLOCK"),
                JSONMember("reason", "rm -r -f /home/ci/work/important_data: recursive delete / \"quoted\" \u{00e9}\t"),
            ]),
            ("result", "2026-01-01T00:00:01.000002Z", [JSONMember("of", 1), JSONMember("executed", false)]),
            ("note", "2026-01-01T00:00:02.500000Z", [JSONMember("text", "audit window closed \u{1F512}")]),
        ]
        var lines: [[UInt8]] = []
        var intermediate: [JSONValue] = []
        var prev = ChainHash.genesisPrev(ledgerID: ledgerID)
        var leaves: [[UInt8]] = []
        for (seq, (kind, ts, fields)) in kinds.enumerated() {
            let object = common(Int64(seq), kind, ts, prev) + fields
            let line = LedgerRecord.signedLine(object: object, key: key)
            let body = LedgerRecord(object: object).body
            let leaf = ChainHash.leaf(line)
            intermediate.append(.object([
                JSONMember("seq", .int(Int64(seq))),
                JSONMember("body", .string(String(decoding: body, as: UTF8.self))),
                JSONMember("signed_message_hex", .string(Hex.encode(LedgerRecord.signedMessage(body: body)))),
                JSONMember("leaf_hash_hex", .string(Hex.encode(leaf))),
            ]))
            lines.append(line)
            leaves.append(leaf)
            prev = Hex.encode(leaf)
        }
        var roots: [JSONValue] = []
        var frontier = MerkleFrontier()
        roots.append(.object([JSONMember("size", 0), JSONMember("root_hex", .string(Hex.encode(frontier.root)))]))
        for leaf in leaves {
            frontier.append(leafHash: leaf)
            roots.append(.object([JSONMember("size", .int(frontier.size)), JSONMember("root_hex", .string(Hex.encode(frontier.root)))]))
        }
        let checkpoint = Checkpoint(origin: origin, size: frontier.size, rootHash: frontier.root)
        let summary: JSONValue = .object([
            JSONMember("ledger_id", .string(ledgerID)),
            JSONMember("seed_hex", .string(Hex.encode(seed))),
            JSONMember("key_id", .string(keyID)),
            JSONMember("genesis_prev_hex", .string(ChainHash.genesisPrev(ledgerID: ledgerID))),
            JSONMember("checkpoint_key_hash_hex", .string(Hex.encode(Checkpoint.keyHash(name: origin, publicKey: key.publicKey)))),
            JSONMember("records", .array(intermediate)),
            JSONMember("merkle_roots", .array(roots)),
        ])
        var ledger: [UInt8] = []
        for line in lines { ledger += line + [0x0a] }
        return Built(files: [
            "ledger.jsonl": ledger,
            "ledger.jsonl.head": Array(checkpoint.signedNote(key: key).utf8),
            "public_key.pem": Array(key.publicKey.pem.utf8),
            "key_id.txt": Array((keyID + "\n").utf8),
            "intermediate.json": CanonicalJSON.serialize(summary) + [0x0a],
        ])
    }

    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/format")
    }

    @Test func shippedWorkedExampleMatchesTheCode() throws {
        let built = try Self.build()
        if ProcessInfo.processInfo.environment["LEXECON_WRITE_VECTORS"] == "1" {
            for (name, bytes) in built.files {
                try Data(bytes).write(to: Self.directory.appendingPathComponent(name))
            }
        }
        for (name, bytes) in built.files.sorted(by: { $0.key < $1.key }) {
            let resources = try #require(Bundle.module.resourceURL)
            let url = resources.appendingPathComponent("Vectors/format/\(name)")
            let shipped = try [UInt8](Data(contentsOf: url))
            #expect(shipped == bytes, "Vectors/format/\(name) differs from what the code produces")
        }
    }

    @Test func workedExampleSignaturesVerifyAndChainLinks() throws {
        let built = try Self.build()
        let key = try Ed25519PrivateKey(seed: Self.seed)
        let lines = built.files["ledger.jsonl"]!.split(separator: 0x0a).map(Array.init)
        #expect(lines.count == 4)
        var prev = ChainHash.genesisPrev(ledgerID: Self.ledgerID)
        for line in lines {
            let value = try StrictJSONParser.parse(line)
            #expect(CanonicalJSON.serialize(value) == line)
            let record = LedgerRecord(object: try #require(value.objectMembers))
            #expect(record.prev == prev)
            let signatureText = try #require(record.signature)
            let signature = try #require(Base64.decode(signatureText))
            #expect(key.publicKey.isValidSignature(signature, for: LedgerRecord.signedMessage(body: record.body)))
            var flipped = signature
            flipped[10] ^= 1
            #expect(!key.publicKey.isValidSignature(flipped, for: LedgerRecord.signedMessage(body: record.body)))
            prev = Hex.encode(ChainHash.leaf(line))
        }
        let note = try SignedCheckpoint.parse(built.files["ledger.jsonl.head"]!)
        #expect(note.checkpoint.size == 4)
        #expect(note.isSigned(by: key.publicKey))
        let other = try Ed25519PrivateKey()
        #expect(!note.isSigned(by: other.publicKey))
    }
}
