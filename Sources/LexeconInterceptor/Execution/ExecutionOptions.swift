/// How the interceptor runs a command it may run.
public struct ExecutionOptions: Sendable {
    /// What to do with one of the command's output streams. Every byte is counted and
    /// hashed into the `result` record whatever is chosen.
    public enum OutputHandling: Sendable, Hashable {
        /// Write it, as it arrives, to this descriptor of ours (1 or 2 for a CLI).
        case forward(Int32)
        /// Drop it (still counted and hashed).
        case discard
        /// Keep up to `limit` bytes in the result (``ExecutionResult/StreamDigest/captured``).
        case capture(limit: Int)
    }

    /// The command's standard input.
    public enum InputHandling: Sendable, Hashable {
        /// Our own standard input.
        case inherit
        /// `/dev/null`.
        case null
    }

    /// Standard output handling; forwarded to our fd 1 by default.
    public var stdout: OutputHandling
    /// Standard error handling; forwarded to our fd 2 by default.
    public var stderr: OutputHandling
    /// Standard input.
    public var stdin: InputHandling
    /// Kill the command (SIGTERM to its process group, SIGKILL after ``killGrace``) after
    /// this many seconds. nil: no limit.
    public var timeout: Double?
    /// Seconds between SIGTERM and SIGKILL at a timeout.
    public var killGrace: Double
    /// Install process-wide SIGINT/SIGTERM/SIGHUP handlers while a command is handled and
    /// forward those signals to its process group. Right for a CLI that wraps one command;
    /// an embedding program with its own signal handling leaves it off.
    public var relaySignals: Bool
    /// When our standard input is a terminal whose foreground we hold, hand the terminal
    /// to the command's process group while it runs (as a shell does), so it can read the
    /// terminal and Ctrl-C reaches it directly.
    public var foregroundTerminal: Bool

    /// Creates options. Defaults suit an embedding program: output forwarded to fd 1/2,
    /// input inherited, no timeout, no signal handlers, no terminal hand-over.
    public init(stdout: OutputHandling = .forward(1), stderr: OutputHandling = .forward(2), stdin: InputHandling = .inherit,
                timeout: Double? = nil, killGrace: Double = 2, relaySignals: Bool = false, foregroundTerminal: Bool = false) {
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.timeout = timeout
        self.killGrace = killGrace
        self.relaySignals = relaySignals
        self.foregroundTerminal = foregroundTerminal
    }
}
