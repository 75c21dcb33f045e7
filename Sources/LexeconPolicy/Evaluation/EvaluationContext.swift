/// The request-level facts rules can test besides the commands: context and raw text.
struct EvaluationContext: Sendable {
    var cwd: String
    var workspace: String
    var home: String
    var environment: String
    var principal: String
    var agent: String
    /// The command text regex rules see: the shell string, or an argv's script / joined words.
    var rawText: String
    /// Absolute protected-path globs from the request.
    var extraProtected: [Glob]
    /// Absolute directories holding signing keys (read-protected as a whole).
    var keyDirectories: [String] = []
}
