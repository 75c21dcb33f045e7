#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which policy file a command decides with: one rule for `run`, `check`, `hook` and the
/// MCP server.
public enum PolicyLocation {
    /// Where a project keeps its policy, relative to the working directory.
    public static let projectFile = ".lexecon/policy.yaml"

    /// The policy file in force: `explicit` (a `--policy` option) when given; else
    /// ``projectFile`` when anything exists at that path; else nil, meaning the built-in
    /// default.
    ///
    /// Anything includes a directory, a device or a dangling symbolic link: loading it then
    /// fails and the command is blocked, rather than quietly decided by the built-in default
    /// in a project that meant to have its own policy.
    public static func file(explicit: String?) -> String? {
        if let explicit { return explicit }
        var info = stat()
        return lstat(projectFile, &info) == 0 ? projectFile : nil
    }
}
