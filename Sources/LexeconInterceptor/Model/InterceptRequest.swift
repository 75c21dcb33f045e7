/// A command an agent proposes, with the context it would run in.
///
/// ```swift
/// let request = InterceptRequest(.shell("make test"), cwd: "/work/repo", agent: "claude-code")
/// let argvRequest = InterceptRequest(.argv(["git", "status"]), cwd: "/work/repo")
/// ```
public struct InterceptRequest: Sendable, Hashable {
    /// How the command was given.
    public enum Command: Sendable, Hashable {
        /// One shell string, run as `/bin/sh -c STRING`.
        case shell(String)
        /// An argv, run directly (the program is looked up in `PATH`).
        case argv([String])
    }

    /// The command.
    public var command: Command
    /// The working directory. Relative paths (and the empty string, meaning the current
    /// directory) are resolved against the process's working directory, then symlinks
    /// are resolved; a directory that does not exist is refused.
    public var cwd: String
    /// The workspace root (paths under it are "inside the workspace"); defaults to `cwd`.
    public var workspace: String?
    /// The home directory for `~`; defaults to `$HOME`, else the password database entry.
    public var home: String?
    /// The deployment context, e.g. `ci`, `dev` or `prod`, for `environment:` conditions.
    public var environment: String?
    /// Who asked (a user or service identity), for `principal:` conditions.
    public var principal: String?
    /// The agent that proposed the command, e.g. `claude-code`.
    public var agent: String?
    /// The agent's session id.
    public var session: String?
    /// The agent's tool-use id, recorded in the decision's `context`.
    public var toolUseID: String?
    /// The tool name recorded in the decision record.
    public var tool: String

    /// Creates a request.
    public init(_ command: Command, cwd: String = "", workspace: String? = nil, home: String? = nil,
                environment: String? = nil, principal: String? = nil, agent: String? = nil,
                session: String? = nil, toolUseID: String? = nil, tool: String = "shell.run") {
        self.command = command
        self.cwd = cwd
        self.workspace = workspace
        self.home = home
        self.environment = environment
        self.principal = principal
        self.agent = agent
        self.session = session
        self.toolUseID = toolUseID
        self.tool = tool
    }

    /// The command as one line for messages (argv words joined by spaces, not quoted).
    public var displayText: String {
        switch command {
        case .shell(let line): line
        case .argv(let argv): argv.joined(separator: " ")
        }
    }
}
