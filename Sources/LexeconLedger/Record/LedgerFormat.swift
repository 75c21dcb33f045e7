/// Constants of ledger format v1. `docs/LEDGER_FORMAT.md` is the normative description.
public enum LedgerFormat {
    /// The namespace that starts every signed message.
    public static let namespace = "lexecon/v1"
    /// The format version in every record's `v` field.
    public static let version: Int64 = 1
    /// Prefix of the message a record signature covers: `lexecon/v1 record\n` ‖ body.
    public static let recordSignaturePrefix: [UInt8] = Array("lexecon/v1 record\n".utf8)
    /// Prefix of the genesis chain seed: SHA-256(`lexecon/v1 genesis\n` ‖ ledger id).
    public static let genesisSeedPrefix: [UInt8] = Array("lexecon/v1 genesis\n".utf8)
    /// Prefix of a key-rotation proof of possession: `lexecon/v1 key-proof\n` ‖ body.
    public static let keyProofPrefix: [UInt8] = Array("lexecon/v1 key-proof\n".utf8)
    /// The longest line a ledger may hold (without its LF).
    public static let maxLineLength = 64 * 1024
    /// The writer refreshes `LEDGER.head` whenever the record count reaches a multiple of this.
    public static let checkpointInterval: Int64 = 1000
    /// The algorithms a v1 genesis declares.
    public static let algorithms: JSONValue = .object([
        JSONMember("hash", "sha256"), JSONMember("sig", "ed25519"),
        JSONMember("canon", "jcs-rfc8785"), JSONMember("merkle", "rfc6962"),
    ])
    /// The checkpoint origin of a ledger: `lexecon/ledger/<ledger id>`.
    public static func origin(ledgerID: String) -> String { "lexecon/ledger/" + ledgerID }
}

/// The kind of a record (its `kind` field).
public struct RecordKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Record 0: ledger id, origin, keys, tool, algorithms.
    public static let genesis = RecordKind(rawValue: "genesis")
    /// A policy decision, written and fsynced before anything runs.
    public static let decision = RecordKind(rawValue: "decision")
    /// The outcome of a decided command (executed or not).
    public static let result = RecordKind(rawValue: "result")
    /// A human answer to an ESCALATE decision.
    public static let approval = RecordKind(rawValue: "approval")
    /// A torn tail was moved aside by `lexecon ledger recover`.
    public static let recovery = RecordKind(rawValue: "recovery")
    /// The signing key changes from the next record on.
    public static let keyRotation = RecordKind(rawValue: "key_rotation")
    /// A free operator annotation.
    public static let note = RecordKind(rawValue: "note")

    /// Every kind format v1 defines; anything else is unsupported.
    public static let all: Set<RecordKind> = [.genesis, .decision, .result, .approval, .recovery, .keyRotation, .note]
}
