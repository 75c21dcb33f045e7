import Synchronization
internal import LexeconShell

/// The prepared analysis context of the last request a policy decided, reused while
/// requests keep coming from the same place (a `check --jsonl` stream, an MCP session, a
/// hook): the protected globs anchored at the workspace and home, what the shell analyser
/// derives from them, the request's extra protected globs and the evaluator's
/// ``ProtectionScope`` are worked out once instead of per command.
///
/// Only the place is remembered, never a decision: every command is still parsed and
/// decided. One entry, replaced when the place changes; shared by copies of the policy.
final class PreparedContextCache: Sendable {
    /// What the prepared context depends on besides the policy.
    struct Key: Equatable, Sendable {
        var cwd: String
        var workspace: String
        var home: String
        var extraProtectedPaths: [String]
        var keyDirectories: [String]

        init(_ request: PolicyRequest) {
            cwd = request.cwd
            workspace = request.workspace
            home = request.home
            extraProtectedPaths = request.extraProtectedPaths
            keyDirectories = request.keyDirectories
        }
    }

    /// What is remembered for a place.
    struct Entry: Sendable {
        /// The shell analyser's context, prepared.
        var prepared: PreparedContext
        /// The request's extra protected paths as globs.
        var extraProtected: [Glob]
        /// The protected locations worked out for the evaluator.
        var protection: ProtectionScope
    }

    private let last = Mutex<(key: Key, entry: Entry)?>(nil)

    /// The entry for `request`: the remembered one when the place matches, else `make()`'s,
    /// which is then remembered.
    func entry(for request: PolicyRequest, make: () -> Entry) -> Entry {
        let key = Key(request)
        if let hit = last.withLock({ remembered in remembered.flatMap { $0.key == key ? $0.entry : nil } }) { return hit }
        let entry = make()
        last.withLock { $0 = (key, entry) }
        return entry
    }
}
