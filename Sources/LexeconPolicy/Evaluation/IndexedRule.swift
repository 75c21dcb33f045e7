/// A rule as the evaluator holds it: a class, so visiting it per command costs one
/// reference rather than a copy of the rule's strings and lists.
final class IndexedRule: Sendable {
    let id: String
    let decision: Verdict
    let reason: String
    let match: [MatchClause]
    let unless: [MatchClause]

    init(_ rule: Rule) {
        id = rule.id
        decision = rule.decision
        reason = rule.reason
        match = rule.match
        unless = rule.unless
    }
}
