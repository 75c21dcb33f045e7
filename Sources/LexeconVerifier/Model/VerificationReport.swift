/// What a verification run found and proved.
public struct VerificationReport: Sendable {
    /// How one checkpoint compared with the ledger.
    public struct CheckpointResult: Sendable, Hashable {
        /// What the comparison showed.
        public enum Outcome: String, Sendable, Hashable {
            /// The ledger's first `size` records have the checkpoint's root.
            case matched
            /// The ledger is shorter than the checkpoint.
            case truncated
            /// The root at the checkpoint's size differs.
            case diverged
            /// The checkpoint could not be used (parse, origin or signature).
            case invalid
        }
        /// The checkpoint file.
        public var path: String
        /// True for `LEDGER.head`, which lives next to the ledger (no rollback protection).
        public var isLocalHead: Bool
        /// The tree size the checkpoint claims (0 when unreadable).
        public var size: Int64
        /// The comparison's outcome.
        public var outcome: Outcome
    }

    /// Every finding, in the order it was reported.
    public var findings: [Finding]
    /// Facts about the ledger and the run.
    public var summary: Summary

    /// True when there is no ERROR finding.
    public var isValid: Bool { !findings.contains { $0.severity == .error } }
    /// True when there is at least one WARN finding.
    public var hasWarnings: Bool { findings.contains { $0.severity == .warning } }
    /// Number of ERROR findings.
    public var errorCount: Int { findings.count { $0.severity == .error } }
    /// Number of WARN findings.
    public var warningCount: Int { findings.count { $0.severity == .warning } }

    /// Facts about the ledger and what the run did and did not prove.
    public struct Summary: Sendable {
        /// Lines read (records and anything else), a torn tail included.
        public var lines: Int = 0
        /// Records placed in the chain (signature checked, linked or relinked).
        public var records: Int = 0
        /// The ledger id from the genesis.
        public var ledgerID: String?
        /// The key id records were first checked against (pinned or genesis key).
        public var keyID: String?
        /// True when a public key was given (pinned), false when the genesis key was used.
        public var keyPinned: Bool = false
        /// Key ids introduced by valid `key_rotation` records, in order, with their line.
        public var rotations: [(line: Int, keyID: String)] = []
        /// `ts` of the first and last record placed in the chain.
        public var firstTimestamp: String?
        public var lastTimestamp: String?
        /// Each checkpoint given (and `LEDGER.head` when present).
        public var checkpoints: [CheckpointResult] = []
        /// The largest checkpoint size that matched a trusted checkpoint kept off the host.
        public var anchoredByExternalCheckpoint: Int64 = 0
        /// The largest checkpoint size that matched, `LEDGER.head` included.
        public var anchoredRecords: Int64 = 0
        /// Sentences stating what was proven.
        public var proven: [String] = []
        /// Sentences stating what was not proven.
        public var notProven: [String] = []
    }
}
