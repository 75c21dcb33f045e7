/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, CustomStringConvertible {
    /// The ledger is not valid: something was edited, removed, added or cannot be trusted.
    case error = "ERROR"
    /// The ledger verifies, but something was not proven or needs a person's attention.
    case warning = "WARN"

    public var description: String { rawValue }
}

/// The finding codes of ledger format v1 (`docs/LEDGER_FORMAT.md`), matchable as values:
/// `finding.code == .recordsMissing`. Each code has one fixed ``severity``.
public struct FindingCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as printed, e.g. `RECORDS_MISSING`.
    public let name: String
    /// The severity every finding with this code has.
    public let severity: Severity

    private init(_ name: String, _ severity: Severity) {
        self.name = name
        self.severity = severity
    }

    public var description: String { name }

    /// A record's signature fails over its body, or its successor's `prev` does not match it.
    public static let recordModified = FindingCode("RECORD_MODIFIED", .error)
    /// The seq jumps and the chain breaks: records were removed (count and range).
    public static let recordsMissing = FindingCode("RECORDS_MISSING", .error)
    /// A record whose signature, seq or prev fits nowhere: the chain continues without it.
    public static let recordInserted = FindingCode("RECORD_INSERTED", .error)
    /// Records are out of order (seq not increasing, links crossed).
    public static let recordsReordered = FindingCode("RECORDS_REORDERED", .error)
    /// A seq or an identical line seen before.
    public static let recordDuplicated = FindingCode("RECORD_DUPLICATED", .error)
    /// The seq skips although `prev` links.
    public static let seqGap = FindingCode("SEQ_GAP", .error)
    /// `ledger` differs from the genesis, or the genesis `prev` seed is wrong.
    public static let foreignLedger = FindingCode("FOREIGN_LEDGER", .error)
    /// The first line is not a genesis, a second genesis, or a genesis that breaks its rules.
    public static let badGenesis = FindingCode("BAD_GENESIS", .error)
    /// Signed by a key that is not the pinned one (or not introduced by a valid rotation).
    public static let untrustedKey = FindingCode("UNTRUSTED_KEY", .error)
    /// The `sig` member is malformed (not base64 of 64 bytes, wrong type).
    public static let badSignature = FindingCode("BAD_SIGNATURE", .error)
    /// The `sig` member is missing.
    public static let unsignedRecord = FindingCode("UNSIGNED_RECORD", .error)
    /// Not strict JSON, missing fields, wrong types, or a line that breaks the file rules.
    public static let malformedRecord = FindingCode("MALFORMED_RECORD", .error)
    /// The line is not its own RFC 8785 serialisation.
    public static let nonCanonical = FindingCode("NON_CANONICAL", .error)
    /// Unknown `v`, `kind` or algorithm set (fail closed).
    public static let unsupportedVersion = FindingCode("UNSUPPORTED_VERSION", .error)
    /// The ledger is shorter than a checkpoint.
    public static let truncated = FindingCode("TRUNCATED", .error)
    /// The Merkle root at a checkpoint's size differs from the checkpoint's.
    public static let diverged = FindingCode("DIVERGED", .error)
    /// A checkpoint that cannot be used: bad note, wrong origin, no valid trusted signature.
    public static let checkpointInvalid = FindingCode("CHECKPOINT_INVALID", .error)
    /// The last bytes lack an LF (an interrupted write).
    public static let tornTail = FindingCode("TORN_TAIL", .warning)
    /// A record's `ts` is earlier than the previous record's.
    public static let timeRegression = FindingCode("TIME_REGRESSION", .warning)
    /// A `recovery` record: a torn tail was moved aside.
    public static let writerRecovery = FindingCode("WRITER_RECOVERY", .warning)
    /// No public key was given: only internal consistency was proven.
    public static let notPinned = FindingCode("NOT_PINNED", .warning)
    /// Records after the last checkpoint: a cut there would not be detected.
    public static let unanchoredTail = FindingCode("UNANCHORED_TAIL", .warning)

    /// Every code, in the order of the format's table.
    public static let all: [FindingCode] = [
        .recordModified, .recordsMissing, .recordInserted, .recordsReordered, .recordDuplicated, .seqGap,
        .foreignLedger, .badGenesis, .untrustedKey, .badSignature, .unsignedRecord, .malformedRecord,
        .nonCanonical, .unsupportedVersion, .truncated, .diverged, .checkpointInvalid,
        .tornTail, .timeRegression, .writerRecovery, .notPinned, .unanchoredTail,
    ]
}

/// One thing the verifier found. Text taken from the ledger is already escaped with
/// `TerminalSafe.escape`, so a message can be printed as it is.
public struct Finding: Sendable, Hashable {
    /// What was found.
    public var code: FindingCode
    /// ``FindingCode/severity`` of the code.
    public var severity: Severity { code.severity }
    /// The 1-based ledger line the finding is about, or nil for the file as a whole.
    public var line: Int?
    /// The record's seq when it is known.
    public var seq: Int64?
    /// The checkpoint file the finding is about, for checkpoint findings.
    public var checkpointPath: String?
    /// A sentence a person can act on.
    public var message: String

    /// Creates a finding.
    public init(code: FindingCode, line: Int?, seq: Int64? = nil, checkpointPath: String? = nil, message: String) {
        self.code = code
        self.line = line
        self.seq = seq
        self.checkpointPath = checkpointPath
        self.message = message
    }
}
