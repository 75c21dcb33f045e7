internal import LexeconShell

/// A condition on one resolved path: its classes and/or a glob over its absolute text.
///
/// `classes` (any of), `not_classes` (none of), `paths` (any glob, path mode) and
/// `not_paths` (no glob) must all hold.
struct PathCondition: Sendable {
    var classes: Set<String> = [] { didSet { classSet = Set(classes.map(PathClass.init(rawValue:))) } }
    var notClasses: Set<String> = [] { didSet { notClassSet = Set(notClasses.map(PathClass.init(rawValue:))) } }
    var paths: [Glob] = []
    var notPaths: [Glob] = []
    private var classSet: Set<PathClass> = []
    private var notClassSet: Set<PathClass> = []

    var isEmpty: Bool { classes.isEmpty && notClasses.isEmpty && paths.isEmpty && notPaths.isEmpty }

    /// True when `path` satisfies the condition. A word with no resolved path (a dynamic
    /// word) has the single class `dynamic` and no text to match `paths`.
    func holds(_ path: ResolvedPath?, protected: @autoclosure () -> Bool) -> Bool {
        guard let path else {
            if !classSet.isEmpty && !classSet.contains(.dynamic) { return false }
            if notClassSet.contains(.dynamic) { return false }
            return paths.isEmpty
        }
        // `protected` (from the policy's globs) is only worked out when a condition asks for it.
        if !classSet.isEmpty && classSet.isDisjoint(with: path.classes) && !(classSet.contains(.protected) && protected()) {
            return false
        }
        if !notClassSet.isEmpty && (!notClassSet.isDisjoint(with: path.classes) || (notClassSet.contains(.protected) && protected())) {
            return false
        }
        if !paths.isEmpty && !paths.contains(where: { $0.matches(path.absolute) }) { return false }
        if !notPaths.isEmpty && notPaths.contains(where: { $0.matches(path.absolute) }) { return false }
        return true
    }
}
