internal import LexeconShell

/// A condition on one filesystem effect of a command (from `effects:` or `redirect:`).
///
/// Immutable, and a class for the same reason as ``PathCondition``.
final class EffectCondition: Sendable {
    /// Effect kinds (any of); empty means every kind.
    let kinds: Set<String>
    /// `kinds` as effect bits (every kind when empty).
    let kindMask: CommandFeatures
    /// Only recursive (true) or only non-recursive (false) effects; nil: either.
    let recursive: Bool?
    /// Conditions on the affected path.
    let path: PathCondition

    init(kinds: Set<String> = [], recursive: Bool? = nil, path: PathCondition = PathCondition()) {
        self.kinds = kinds
        self.kindMask = CommandFeatures.effects(named: kinds)
        self.recursive = recursive
        self.path = path
    }
}
