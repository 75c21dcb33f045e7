/// A path operand resolved lexically (no filesystem access) against `cwd` and classified.
public struct ResolvedPath: Sendable, Hashable {
    /// Absolute, lexically normalised path (`.` and `..` folded, duplicate `/` removed).
    /// A trailing `/*` or other glob stays in the text; `classes` says what it covers.
    public var absolute: String
    /// Classes of the path; more than one may hold.
    public var classes: Set<PathClass>

    public init(absolute: String, classes: Set<PathClass>) {
        self.absolute = absolute
        self.classes = classes
    }
}

/// What a resolved path is, for rules such as "no recursive delete outside the workspace".
public struct PathClass: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// `/` itself.
    public static let root = PathClass(rawValue: "root")
    /// Every entry of `/` (`/*`, `/.*`).
    public static let rootGlob = PathClass(rawValue: "root_glob")
    /// The home directory itself, or a glob over all of it (`~`, `~/`, `~/*`, `$HOME`).
    public static let home = PathClass(rawValue: "home")
    /// Under the home directory.
    public static let underHome = PathClass(rawValue: "under_home")
    /// A system directory or something under it (`/etc`, `/usr`, `/bin`, `/boot`, `/dev`,
    /// `/var`, `/lib*`, `/sbin`, `/sys`, `/proc`, `/opt`, `/srv`, `/root`, …).
    public static let system = PathClass(rawValue: "system")
    /// A block or character device (`/dev/sd*`, `/dev/nvme*`, `/dev/mem`, …).
    public static let device = PathClass(rawValue: "device")
    /// Inside the workspace root (the root itself included).
    public static let insideWorkspace = PathClass(rawValue: "inside_workspace")
    /// Outside the workspace root.
    public static let outsideWorkspace = PathClass(rawValue: "outside_workspace")
    /// The workspace root itself (deleting it is a wipe of the whole project).
    public static let workspaceRoot = PathClass(rawValue: "workspace_root")
    /// Matches one of the protected path globs given to the analyzer.
    public static let protected = PathClass(rawValue: "protected")
    /// Contains secrets by convention (`~/.ssh/*`, `~/.aws/credentials`, `.env`, shell
    /// history, `*.pem`, `id_rsa*`, kube config, …).
    public static let secret = PathClass(rawValue: "secret")
    /// Depends on run-time values that could not be resolved.
    public static let dynamic = PathClass(rawValue: "dynamic")
    /// A directory (or glob) that contains a protected path: deleting, moving or changing
    /// it recursively reaches the protected entries (`rm -rf /ws` when `/ws/.lexecon/**`
    /// is protected).
    public static let containsProtected = PathClass(rawValue: "contains_protected")
    /// A character device that holds no data (`/dev/null`, `/dev/stdout`, `/dev/tty`,
    /// `/dev/fd/N`): never `system`, and redirections to it have no file effect.
    public static let pseudoDevice = PathClass(rawValue: "pseudo_device")
}
