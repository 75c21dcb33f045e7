import Foundation
import LexeconCrypto
import LexeconLedger
import LexeconVerifier

/// A temporary directory with a key and ledgers written by the real `LedgerWriter`
/// (or built record by record for kinds the writer does not produce), plus helpers to
/// tamper with lines and run the verifier.
final class Fixture: @unchecked Sendable {
    let dir: String
    let key: Ed25519PrivateKey

    init() throws {
        dir = NSTemporaryDirectory() + "lexecon-verify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        key = try Ed25519PrivateKey()
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { dir + "/" + name }

    /// Writes a ledger of `records` records (genesis + notes) with `LedgerWriter`;
    /// returns its lines (without LF). With `checkpoint`, LEDGER.head is written too.
    @discardableResult
    func writeLedger(_ name: String = "ledger.jsonl", records: Int, checkpoint: Bool = false,
                     key: Ed25519PrivateKey? = nil) throws -> [[UInt8]] {
        let writer = LedgerWriter(path: path(name), key: key ?? self.key, toolVersion: "test")
        for i in 1..<records { try writer.append(note: "n\(i)") }
        if records == 1 || checkpoint { try writer.writeCheckpoint() }
        if !checkpoint { try? FileManager.default.removeItem(atPath: path(name) + ".head") }
        return try lines(name)
    }

    func lines(_ name: String = "ledger.jsonl") throws -> [[UInt8]] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(name))))
        return data.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    /// Writes lines, each followed by LF.
    @discardableResult
    func write(_ name: String = "ledger.jsonl", lines: [[UInt8]]) throws -> String {
        try write(name, bytes: lines.flatMap { $0 + [0x0a] })
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func read(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// Verifies `name`, pinned to the fixture's key unless `pinned` is false.
    func verify(_ name: String = "ledger.jsonl", pinned: Bool = true, pin: Ed25519PublicKey? = nil,
                checkpoints: [String] = [], head: Bool = true) throws -> VerificationReport {
        let options = VerifierOptions(pinnedKey: pinned ? (pin ?? key.publicKey) : nil,
                                      checkpointPaths: checkpoints.map(path), checkLocalHead: head)
        return try LedgerVerifier(options: options).verify(ledgerPath: path(name))
    }

    /// A signed checkpoint of the first `size` lines of `lines`.
    func checkpoint(_ name: String, of lines: [[UInt8]], size: Int, key: Ed25519PrivateKey? = nil, origin: String? = nil) throws {
        var frontier = MerkleFrontier()
        for line in lines.prefix(size) { frontier.append(leafHash: ChainHash.leaf(line)) }
        let record = try StrictJSONParser.parse(lines[0])
        let id = record["ledger"]!.stringValue!
        let note = Checkpoint(origin: origin ?? LedgerFormat.origin(ledgerID: id), size: Int64(size), rootHash: frontier.root)
            .signedNote(key: key ?? self.key)
        try write(name, bytes: Array(note.utf8))
    }
}

/// Builds ledgers record by record, for records the writer does not produce (rotations,
/// gaps, other versions, crafted text) and for re-signing.
struct LedgerBuilder {
    var key: Ed25519PrivateKey
    let ledgerID: String
    var lines: [[UInt8]] = []
    var seq: Int64 = 0
    var prev: String
    var second = 0

    init(key: Ed25519PrivateKey, ledgerID: String = Hex.encode((try? Random.bytes(16)) ?? [])) {
        self.key = key
        self.ledgerID = ledgerID
        prev = ChainHash.genesisPrev(ledgerID: ledgerID)
    }

    static func genesisFields(ledgerID: String, keys: [Ed25519PublicKey]) -> [JSONMember] {
        [JSONMember("origin", .string(LedgerFormat.origin(ledgerID: ledgerID))),
         JSONMember("keys", .array(keys.map { .object([JSONMember("id", .string($0.keyID)), JSONMember("spki", .string(Base64.encode($0.spki)))]) })),
         JSONMember("tool", .object([JSONMember("name", "lexecon"), JSONMember("version", "test")])),
         JSONMember("algs", LedgerFormat.algorithms)]
    }

    mutating func genesis() {
        append(kind: "genesis", fields: Self.genesisFields(ledgerID: ledgerID, keys: [key.publicKey]))
    }

    /// The common members of the next record.
    func common(kind: String, ts: String? = nil, seq: Int64? = nil, prev: String? = nil, signer: Ed25519PrivateKey? = nil) -> [JSONMember] {
        [JSONMember("v", 1), JSONMember("ledger", .string(ledgerID)), JSONMember("seq", .int(seq ?? self.seq)),
         JSONMember("kind", .string(kind)), JSONMember("ts", .string(ts ?? Timestamp.format(seconds: 1_700_000_000 + second, microseconds: 0))),
         JSONMember("prev", .string(prev ?? self.prev)), JSONMember("key", .string((signer ?? key).publicKey.keyID))]
    }

    /// Signs and appends a record; `extra` members replace or extend the common ones.
    @discardableResult
    mutating func append(kind: String, fields: [JSONMember] = [], ts: String? = nil, seq: Int64? = nil,
                         signer: Ed25519PrivateKey? = nil, override: [JSONMember] = []) -> [UInt8] {
        var object = common(kind: kind, ts: ts, seq: seq, signer: signer) + fields
        for member in override {
            object.removeAll { $0.key == member.key }
            object.append(member)
        }
        let line = LedgerRecord.signedLine(object: object, key: signer ?? key)
        lines.append(line)
        self.seq = (seq ?? self.seq) + 1
        prev = Hex.encode(ChainHash.leaf(line))
        second += 1
        return line
    }

    mutating func note(_ text: String, signer: Ed25519PrivateKey? = nil) {
        append(kind: "note", fields: [JSONMember("text", .string(text))], signer: signer)
    }

    /// A key rotation to `newKey`, signed by the current key; `validProof` false forges the pop.
    mutating func rotate(to newKey: Ed25519PrivateKey, validProof: Bool = true) {
        var object = common(kind: "key_rotation") + [
            JSONMember("new_key", .object([JSONMember("id", .string(newKey.publicKey.keyID)),
                                           JSONMember("spki", .string(Base64.encode(newKey.publicKey.spki)))])),
        ]
        let body = CanonicalJSON.serialize(.object(object))
        let prover = validProof ? newKey : key
        object.append(JSONMember("pop", .string(Base64.encode(prover.signature(for: LedgerFormat.keyProofPrefix + body)))))
        let line = LedgerRecord.signedLine(object: object, key: key)
        lines.append(line)
        seq += 1
        prev = Hex.encode(ChainHash.leaf(line))
        second += 1
        key = newKey
    }
}

extension VerificationReport {
    var errors: [Finding] { findings.filter { $0.severity == .error } }
    var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    func codes(_ severity: Severity? = nil) -> [FindingCode] {
        findings.filter { severity == nil || $0.severity == severity }.map(\.code)
    }
}

/// Replaces the first occurrence of `old` with `new` in a line.
func replacing(_ line: [UInt8], _ old: String, _ new: String) -> [UInt8] {
    let text = String(decoding: line, as: UTF8.self)
    precondition(text.contains(old), "\(old) not in line")
    return Array(text.replacingOccurrences(of: old, with: new, options: [], range: text.range(of: old)).utf8)
}
