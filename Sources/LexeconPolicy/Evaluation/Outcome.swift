/// A candidate or final decision before it is stamped with the policy's name and hash.
struct Outcome: Sendable, Hashable {
    var verdict: Verdict
    var rule: String
    var reason: String
}
