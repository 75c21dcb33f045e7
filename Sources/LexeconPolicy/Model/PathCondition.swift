internal import LexeconShell

/// A condition on one resolved path: its classes and/or a glob over its absolute text.
///
/// `classes` (any of), `not_classes` (none of), `paths` (any glob, path mode) and
/// `not_paths` (no glob) must all hold.
struct PathCondition: Sendable {
    var classes: Set<String> = []
    var notClasses: Set<String> = []
    var paths: [Glob] = []
    var notPaths: [Glob] = []

    var isEmpty: Bool { classes.isEmpty && notClasses.isEmpty && paths.isEmpty && notPaths.isEmpty }

    /// True when `path` satisfies the condition. A word with no resolved path (a dynamic
    /// word) has the single class `dynamic` and no text to match `paths`.
    func holds(_ path: ResolvedPath?, protected: Bool) -> Bool {
        var names: Set<String> = []
        if let path {
            for pathClass in path.classes { names.insert(pathClass.rawValue) }
            if protected { names.insert(PathClass.protected.rawValue) }
        } else {
            names.insert(PathClass.dynamic.rawValue)
        }
        if !classes.isEmpty && classes.isDisjoint(with: names) { return false }
        if !notClasses.isDisjoint(with: names) { return false }
        if !paths.isEmpty {
            guard let path else { return false }
            if !paths.contains(where: { $0.matches(path.absolute) }) { return false }
        }
        if !notPaths.isEmpty, let path, notPaths.contains(where: { $0.matches(path.absolute) }) { return false }
        return true
    }
}
