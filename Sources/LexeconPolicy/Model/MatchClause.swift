/// One `match:` mapping: every condition present must hold for a command to match.
///
/// Lists inside a condition are alternatives (any of). A clause with only `regex` and
/// context conditions is a *text clause*: it is checked once against the request's raw
/// command text, even when the script does not parse.
struct MatchClause: Sendable {
    var program: [Glob]? = nil
    var programWord: [Glob]? = nil
    var subcommand: [[Glob]]? = nil
    var flags: ListCondition? = nil
    var args: ListCondition? = nil
    var argsRegex: LinearRegex? = nil
    var operands: PathCondition? = nil
    var effects: EffectCondition? = nil
    var redirect: EffectCondition? = nil
    var upstream: [Glob]? = nil
    var via: [Glob]? = nil
    var privileged: Bool? = nil
    var opaque: Set<String>? = nil
    var dynamic: Bool? = nil
    var regex: LinearRegex? = nil
    var environment: [Glob]? = nil
    var principal: [Glob]? = nil
    var agent: [Glob]? = nil

    /// True when the clause has conditions on effective commands (not only text and context).
    var hasCommandConditions: Bool {
        program != nil || programWord != nil || subcommand != nil || flags != nil || args != nil
            || argsRegex != nil || operands != nil || effects != nil || redirect != nil || upstream != nil
            || via != nil || privileged != nil || opaque != nil || dynamic != nil
    }

    /// Exact program names when `program` lists only literal names (used to index rules).
    var literalPrograms: [String]? {
        guard let program, program.allSatisfy(\.isLiteral) else { return nil }
        return program.map(\.pattern)
    }
}
