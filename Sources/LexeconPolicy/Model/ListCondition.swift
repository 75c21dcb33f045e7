/// `any` / `all` / `none` of a list of globs, over a set of strings (flags, argument texts).
///
/// Written in YAML either as a plain list (meaning `any`) or as a mapping with any of the
/// three keys; all given parts must hold. Immutable, and a class for the same reason as
/// ``PathCondition``.
final class ListCondition: Sendable {
    let any: [Glob]
    let all: [Glob]
    let none: [Glob]

    init(any: [Glob] = [], all: [Glob] = [], none: [Glob] = []) {
        self.any = any
        self.all = all
        self.none = none
    }

    func holds<S: Sequence>(over values: S) -> Bool where S.Element == String {
        if !any.isEmpty && !any.contains(where: { glob in values.contains(where: glob.matches) }) { return false }
        for glob in all where !values.contains(where: glob.matches) { return false }
        for glob in none where values.contains(where: glob.matches) { return false }
        return true
    }
}
