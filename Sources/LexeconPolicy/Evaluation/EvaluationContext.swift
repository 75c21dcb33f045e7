/// The request-level facts rules can test besides the commands: context and raw text.
///
/// Immutable, and a class: the matcher, the protection scope and every rule check share
/// one context per request instead of copying its strings.
final class EvaluationContext: Sendable {
    let cwd: String
    let workspace: String
    let home: String
    let environment: String
    let principal: String
    let agent: String
    /// The command text regex rules see: the shell string, or an argv's script / joined words.
    let rawText: String
    /// Absolute protected-path globs from the request.
    let extraProtected: [Glob]
    /// Absolute directories holding signing keys (read-protected as a whole).
    let keyDirectories: [String]
    /// The protected locations of the request's place.
    let protection: ProtectionScope

    init(cwd: String, workspace: String, home: String, environment: String, principal: String, agent: String,
         rawText: String, extraProtected: [Glob], keyDirectories: [String] = [], protection: ProtectionScope) {
        self.cwd = cwd
        self.workspace = workspace
        self.home = home
        self.environment = environment
        self.principal = principal
        self.agent = agent
        self.rawText = rawText
        self.extraProtected = extraProtected
        self.keyDirectories = keyDirectories
        self.protection = protection
    }
}
