/// How a command that ran ended, and what it wrote.
public struct ExecutionResult: Sendable, Hashable {
    /// How the process ended.
    public enum Termination: Sendable, Hashable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)
    }

    /// Byte count and SHA-256 of one output stream.
    public struct StreamDigest: Sendable, Hashable {
        /// Bytes read from the stream.
        public var bytes: Int64
        /// Lowercase hex SHA-256 of those bytes.
        public var sha256: String
        /// The bytes themselves when the stream was captured (up to the capture limit).
        public var captured: [UInt8]?

        /// Creates a digest.
        public init(bytes: Int64, sha256: String, captured: [UInt8]? = nil) {
            self.bytes = bytes
            self.sha256 = sha256
            self.captured = captured
        }
    }

    /// How it ended.
    public var termination: Termination
    /// Wall time from spawn to reaping, in milliseconds.
    public var durationMilliseconds: Int64
    /// Its standard output.
    public var stdout: StreamDigest
    /// Its standard error.
    public var stderr: StreamDigest
    /// True when lexecon killed it at the timeout.
    public var timedOut: Bool
    /// Signals lexecon received and forwarded to the command's process group.
    public var forwardedSignals: [Int32]

    /// Creates a result.
    public init(termination: Termination, durationMilliseconds: Int64, stdout: StreamDigest, stderr: StreamDigest,
                timedOut: Bool = false, forwardedSignals: [Int32] = []) {
        self.termination = termination
        self.durationMilliseconds = durationMilliseconds
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.forwardedSignals = forwardedSignals
    }

    /// The status a shell would report: the exit status, or 128 + the signal number.
    public var shellStatus: Int32 {
        switch termination {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
