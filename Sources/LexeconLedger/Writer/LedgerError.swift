/// An error from reading or appending to a ledger, matchable by ``code``. Any of these on
/// the decision path means the command does not run.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// A stable value to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The ledger, its directory or its lock file cannot be opened or created.
        public static let openFailed = Code("openFailed")
        /// Another process held the lock for longer than the bounded wait.
        public static let lockTimeout = Code("lockTimeout")
        /// Reading the ledger failed.
        public static let readFailed = Code("readFailed")
        /// The write did not complete (short write, ENOSPC, EFBIG, EIO …); it was rolled back.
        public static let writeFailed = Code("writeFailed")
        /// fsync failed; the record was rolled back because it may not be durable.
        public static let syncFailed = Code("syncFailed")
        /// The ledger ends in a partial line: `lexecon ledger recover` must run first.
        public static let needsRecovery = Code("needsRecovery")
        /// The last record (or genesis) is malformed or does not verify.
        public static let corruptTail = Code("corruptTail")
        /// The ledger was signed with a different key than the one given.
        public static let foreignKey = Code("foreignKey")
        /// The record to append is invalid (e.g. too long).
        public static let invalidRecord = Code("invalidRecord")
        /// Writing the checkpoint file failed.
        public static let checkpointFailed = Code("checkpointFailed")
        /// Nothing to recover.
        public static let nothingToRecover = Code("nothingToRecover")
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
