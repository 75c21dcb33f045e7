internal import LexeconShell

/// A condition on one filesystem effect of a command (from `effects:` or `redirect:`).
struct EffectCondition: Sendable {
    /// Effect kinds (any of); empty means every kind.
    var kinds: Set<String> = []
    /// `kinds` as effect bits (every kind when empty); set when the clause is sealed.
    var kindMask: CommandFeatures = .anyEffect
    /// Only recursive (true) or only non-recursive (false) effects; nil: either.
    var recursive: Bool? = nil
    /// Conditions on the affected path.
    var path = PathCondition()
}
