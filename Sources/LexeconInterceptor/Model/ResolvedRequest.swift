/// A request with its paths made absolute, as the policy sees it and the ledger records it.
public struct ResolvedRequest: Sendable, Hashable {
    /// The request as given.
    public var request: InterceptRequest
    /// The absolute, symlink-free working directory.
    public var cwd: String
    /// The absolute workspace root.
    public var workspace: String
    /// The absolute home directory.
    public var home: String
    /// The principal (the request's, else the user name lexecon runs as).
    public var principal: String
    /// Directories holding signing keys: no command may read them wholesale.
    public var keyDirectories: [String]

    /// Creates a resolved request (the interceptor does this; tests may too).
    public init(request: InterceptRequest, cwd: String, workspace: String, home: String, principal: String,
                keyDirectories: [String] = []) {
        self.request = request
        self.cwd = cwd
        self.workspace = workspace
        self.home = home
        self.principal = principal
        self.keyDirectories = keyDirectories
    }

    /// The command.
    public var command: InterceptRequest.Command { request.command }
}
