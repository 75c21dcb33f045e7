/// One command to decide, with the context it would run in.
///
/// Everything the evaluation depends on is in the request (and the policy bytes), so the
/// same request always gets the same decision.
public struct PolicyRequest: Sendable, Hashable {
    /// The command as the caller proposed it.
    public enum Command: Sendable, Hashable {
        /// A shell string run as `/bin/sh -c STRING`.
        case shell(String)
        /// An argv run directly; `[sh|bash|zsh, -c|-lc, SCRIPT]` is unwrapped to SCRIPT.
        case argv([String])
    }

    /// The command.
    public var command: Command
    /// Absolute working directory the command would run in.
    public var cwd: String
    /// Absolute workspace root; paths under it are inside the workspace.
    public var workspace: String
    /// Absolute home directory, for `~` and `$HOME`.
    public var home: String
    /// Deployment context such as `ci`, `dev` or `prod`, matched by `environment:` conditions.
    public var environment: String
    /// Who asked (a user or service identity), matched by `principal:` conditions.
    public var principal: String
    /// Which agent proposed the command (e.g. `claude-code`), matched by `agent:` conditions.
    public var agent: String
    /// Absolute path globs no command may write, delete, move or chmod, added to the
    /// policy's `protected_paths` (the runtime adds its real ledger, lock, head and key
    /// directory here).
    public var extraProtectedPaths: [String]
    /// Absolute directories holding signing keys: besides being protected, they may not
    /// be read wholesale (a glob, a recursive read or an archive of the directory). A
    /// policy's own `DIR/**` protected path whose last component is `.lexecon` counts too.
    public var keyDirectories: [String]

    /// Creates a request. `workspace` defaults to `cwd`.
    public init(
        command: Command, cwd: String, workspace: String? = nil, home: String = "/root",
        environment: String = "", principal: String = "", agent: String = "",
        extraProtectedPaths: [String] = [], keyDirectories: [String] = []
    ) {
        self.command = command
        self.cwd = cwd
        self.workspace = workspace ?? cwd
        self.home = home
        self.environment = environment
        self.principal = principal
        self.agent = agent
        self.extraProtectedPaths = extraProtectedPaths
        self.keyDirectories = keyDirectories
    }
}
