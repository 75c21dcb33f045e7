public import LexeconCrypto

/// How to verify a ledger.
public struct VerifierOptions: Sendable {
    /// The key the ledger must be signed with (or rotated from, by valid `key_rotation`
    /// records). Nil means "trust the genesis key": only internal consistency is proven
    /// and a NOT_PINNED warning is reported.
    public var pinnedKey: Ed25519PublicKey?
    /// Checkpoint files the auditor kept (signed notes), compared with the ledger.
    public var checkpointPaths: [String]
    /// Also compare with `LEDGER.head` next to the ledger when that file exists.
    public var checkLocalHead: Bool
    /// Records parsed and signature-checked together on all cores (bounded by
    /// ``batchBytes`` as well).
    public var batchSize: Int
    /// The most line bytes held in one batch.
    public var batchBytes: Int
    /// A memo of pure results, for tests that verify many near-identical ledgers.
    package var memo: VerifierMemo?

    /// Creates options.
    public init(pinnedKey: Ed25519PublicKey? = nil, checkpointPaths: [String] = [], checkLocalHead: Bool = true,
                batchSize: Int = 4096, batchBytes: Int = 8 << 20) {
        self.pinnedKey = pinnedKey
        self.checkpointPaths = checkpointPaths
        self.checkLocalHead = checkLocalHead
        self.batchSize = max(1, batchSize)
        self.batchBytes = max(LedgerLimits.maxLine + 1, batchBytes)
    }
}

/// Internal limits, documented where they are used.
enum LedgerLimits {
    static let maxLine = 64 * 1024
}

/// Verification could not run at all (as opposed to a ledger that is invalid): the
/// ledger or a checkpoint file could not be read. The CLI exits 2.
public struct VerifierError: Error, Sendable, CustomStringConvertible {
    /// A stable value to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The ledger is missing, unreadable, or not a regular file.
        public static let ledgerUnreadable = Code("ledgerUnreadable")
        /// A checkpoint file given by the caller is missing or unreadable.
        public static let checkpointUnreadable = Code("checkpointUnreadable")
    }

    /// The error's code.
    public let code: Code
    /// A message a person can act on.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
