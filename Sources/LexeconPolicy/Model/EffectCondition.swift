internal import LexeconShell

/// A condition on one filesystem effect of a command (from `effects:` or `redirect:`).
struct EffectCondition: Sendable {
    /// Effect kinds (any of); empty means every kind.
    var kinds: Set<String> = []
    /// Only recursive (true) or only non-recursive (false) effects; nil: either.
    var recursive: Bool? = nil
    /// Conditions on the affected path.
    var path = PathCondition()
}
