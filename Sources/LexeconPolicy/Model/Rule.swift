/// One policy rule: when any `match` clause holds (and no `unless` clause does), the rule
/// contributes `decision` for that command.
struct Rule: Sendable {
    /// An example command with the context it is checked in, and where it was written.
    struct Example: Sendable {
        var command: String
        var environment: String
        var cwd: String?
        var line: Int
        var column: Int
    }

    var id: String
    var decision: Verdict
    var reason: String
    var match: [MatchClause]
    var unless: [MatchClause]
    var mustMatch: [Example]
    var mustNotMatch: [Example]
    var line: Int
    var column: Int
}
