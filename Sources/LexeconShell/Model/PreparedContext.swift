/// An ``AnalysisContext`` together with what the analyser derives from it before reading
/// any script: the normalised home and workspace and the protected globs split into
/// segments.
///
/// Build one and pass it to ``ShellAnalyzer/analyze(script:prepared:)`` to analyse many
/// commands that run in the same place (a `check --jsonl` stream, an MCP session) without
/// deriving those again for each command. Immutable, so it may be shared between threads.
public final class PreparedContext: Sendable {
    /// The context as given.
    public let context: AnalysisContext
    let resolver: PathResolver

    /// Derives what the analyser needs from `context`.
    public init(_ context: AnalysisContext) {
        self.context = context
        self.resolver = PathResolver(context: context)
    }
}
