import LexeconCrypto
import LexeconLedger

/// Everything the chain logic needs to know about one line, computed independently of
/// every other line (so lines are analysed in parallel). The heavy parts (the parsed
/// object, the signed message) are dropped once the signature has been checked.
struct AnalyzedLine: Sendable {
    /// A problem with a record that can still be placed in the chain.
    struct Issue: Sendable {
        var code: FindingCode
        var message: String
    }

    enum Signature: Sendable {
        case missing
        case malformed(String)
        case present([UInt8])
    }

    enum SignatureState: Sendable {
        case notChecked
        /// Verifies under the key the record names.
        case valid
        /// Does not verify under the key the record names.
        case invalid
        /// The record names a key the verifier does not know, so its signature cannot be checked.
        case unknownKey
    }

    /// What a genesis declares.
    struct Genesis: Sendable {
        var origin: String?
        /// Listed keys whose id matches their SubjectPublicKeyInfo.
        var keys: [(id: String, key: Ed25519PublicKey)] = []
        /// Every listed id (valid or not).
        var listedIDs: [String] = []
    }

    /// What a key rotation introduces.
    struct Rotation: Sendable {
        var newKeyID: String
        var newKey: Ed25519PublicKey?
        /// True when `pop` verifies under the new key over `lexecon/v1 key-proof\n` ‖ body.
        var proofValid: Bool
        var problem: String?
    }

    var line: Int
    var leaf: Digest
    var length: Int
    var terminated: Bool
    var crlf = false
    var bom = false
    /// Set when the line is not a record at all (blank, too long, not JSON, not an object).
    var unreadable: String?
    /// A short escaped excerpt of an unreadable line.
    var excerpt = ""

    var version: Int64?
    var ledger: String?
    var seq: Int64?
    var kind: String?
    var timestamp: String?
    var prev: Digest?
    var keyID: String?
    var boot: String?
    var mono: Int64?
    var signature: Signature = .missing
    /// A member needed to place the record in the chain (seq, prev, key) is missing or mistyped.
    var coreProblem: String?
    /// Problems of a record that is otherwise placeable (field types, ts shape, canonical form …).
    var issues: [Issue] = []
    /// `lexecon/v1 record\n` ‖ body; emptied after the signature check.
    var signedMessage: [UInt8] = []
    var signatureState: SignatureState = .notChecked
    var genesis: Genesis?
    var rotation: Rotation?
    /// For a `recovery` record: what it says was discarded.
    var recovery: String?

    /// Has seq, prev and a key, and a signature that is not known to be bad: it can be placed in the chain.
    var isPlaceable: Bool {
        guard unreadable == nil, coreProblem == nil, seq != nil, prev != nil else { return false }
        return signatureState == .valid || signatureState == .unknownKey
    }

    var isGenesis: Bool { kind == RecordKind.genesis.rawValue }
}
