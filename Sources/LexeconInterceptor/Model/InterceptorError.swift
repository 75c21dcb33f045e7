/// A failure of lexecon itself (not of the command), matchable by ``code``. Any of these
/// before execution means the command did not run.
public struct InterceptorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable value to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The policy could not be loaded or could not decide.
        public static let policyUnavailable = Code("policyUnavailable")
        /// The request itself is unusable (e.g. its working directory does not exist).
        public static let invalidRequest = Code("invalidRequest")
        /// The signing key could not be loaded.
        public static let keyUnavailable = Code("keyUnavailable")
        /// A record could not be written durably (open, lock, torn tail, write, fsync …).
        public static let ledgerFailed = Code("ledgerFailed")
        /// The command could not be started (not found, not executable, spawn error).
        public static let spawnFailed = Code("spawnFailed")
        /// A signal asked lexecon to stop before the command started.
        public static let interrupted = Code("interrupted")
        /// Setting up the child's pipes or signal relay failed.
        public static let executionSetupFailed = Code("executionSetupFailed")
    }

    /// The error's code.
    public let code: Code
    /// A message a person can act on.
    public let message: String
    /// For ``Code/spawnFailed``: the `errno` of the failed spawn.
    public let errnoValue: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, errno errnoValue: Int32? = nil) {
        self.code = code
        self.message = message
        self.errnoValue = errnoValue
    }

    public var description: String { message }

    /// Equality looks at the code only, so tests can write `#expect(error == .init(.ledgerFailed, ""))`.
    public static func == (lhs: InterceptorError, rhs: InterceptorError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
