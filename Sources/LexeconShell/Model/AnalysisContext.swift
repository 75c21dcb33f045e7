/// What the analyzer needs besides the script. Everything it uses is here, so analysis
/// is deterministic: no environment, clock or filesystem lookups.
public struct AnalysisContext: Sendable, Hashable {
    /// Absolute working directory the command will run in.
    public var cwd: String
    /// Absolute workspace root; paths under it are `inside_workspace`.
    public var workspace: String
    /// Absolute home directory used for `~` and `$HOME`.
    public var home: String
    /// Globs over absolute paths that are `protected` (e.g. `/ws/.audit/ledger.jsonl*`,
    /// `/ws/.lexecon/**`).
    public var protectedPaths: [String]
    /// Maximum nesting of wrappers and nested scripts before the command becomes opaque.
    public var maxDepth: Int
    /// Maximum script size in bytes; larger input is a parse error.
    public var maxScriptBytes: Int

    public init(
        cwd: String, workspace: String, home: String, protectedPaths: [String] = [],
        maxDepth: Int = 16, maxScriptBytes: Int = 256 * 1024
    ) {
        self.cwd = cwd
        self.workspace = workspace
        self.home = home
        self.protectedPaths = protectedPaths
        self.maxDepth = maxDepth
        self.maxScriptBytes = maxScriptBytes
    }
}
