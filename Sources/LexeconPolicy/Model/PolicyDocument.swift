/// A loaded policy document: the typed form of the YAML.
struct PolicyDocument: Sendable {
    /// Where a `protected_paths` glob is anchored.
    enum Anchor: Sendable {
        /// Relative globs: under the request's workspace.
        case workspace
        /// `~/…` globs: under the request's home.
        case home
        /// Absolute globs.
        case absolute
    }

    /// A `protected_paths` entry.
    struct ProtectedPath: Sendable {
        var anchor: Anchor
        /// The glob text after the anchor (`.audit/**`, `.ssh/**`, `/etc/lexecon/**`).
        var pattern: String
        var glob: Glob
    }

    var version: Int
    var name: String?
    var defaultVerdict: Verdict
    var onParseError: Verdict
    var onDynamic: Verdict
    var protectedPaths: [ProtectedPath]
    var rules: [Rule]

    /// Protected paths used when a policy has no `protected_paths` key: the ledger (with
    /// its lock and head files) and the key directory, relative to the workspace.
    static let defaultProtectedPaths = [".audit/**", ".lexecon/**"]
}
