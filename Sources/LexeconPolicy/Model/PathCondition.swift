internal import LexeconShell

/// A condition on one resolved path: its classes and/or a glob over its absolute text.
///
/// `classes` (any of), `not_classes` (none of), `paths` (any glob, path mode) and
/// `not_paths` (no glob) must all hold.
///
/// Immutable, and a class: a clause check binds it without copying (and retaining) each of
/// its fields.
final class PathCondition: Sendable {
    let classes: Set<String>
    let notClasses: Set<String>
    let paths: [Glob]
    let notPaths: [Glob]
    // The class names as the analyser's bits; names without a bit (not accepted by the
    // decoder, but possible for hand-built conditions) are kept apart.
    private let classMask: UInt32
    private let notClassMask: UInt32
    private let otherClasses: Set<PathClass>
    private let otherNotClasses: Set<PathClass>

    init(classes: Set<String> = [], notClasses: Set<String> = [], paths: [Glob] = [], notPaths: [Glob] = []) {
        self.classes = classes
        self.notClasses = notClasses
        self.paths = paths
        self.notPaths = notPaths
        (classMask, otherClasses) = Self.split(classes)
        (notClassMask, otherNotClasses) = Self.split(notClasses)
    }

    var isEmpty: Bool { classes.isEmpty && notClasses.isEmpty && paths.isEmpty && notPaths.isEmpty }

    private static func split(_ names: Set<String>) -> (UInt32, Set<PathClass>) {
        var mask: UInt32 = 0
        var other: Set<PathClass> = []
        for name in names {
            let pathClass = PathClass(rawValue: name)
            if pathClass.bit != 0 { mask |= pathClass.bit } else { other.insert(pathClass) }
        }
        return (mask, other)
    }

    /// True when `path` satisfies the condition. A word with no resolved path (a dynamic
    /// word) has the single class `dynamic` and no text to match `paths`.
    func holds(_ path: ResolvedPath?, protected: @autoclosure () -> Bool) -> Bool {
        let protectedBit = PathClass.Bits.protected
        guard let path else {
            let anyClass = classMask != 0 || !otherClasses.isEmpty
            if anyClass && classMask & PathClass.Bits.dynamic == 0 { return false }
            if notClassMask & PathClass.Bits.dynamic != 0 { return false }
            return paths.isEmpty
        }
        // `protected` (from the policy's globs) is only worked out when a condition asks for it.
        if classMask != 0 || !otherClasses.isEmpty {
            let hit = classMask & path.classBits != 0 || otherClasses.contains(where: path.has)
            if !hit && !(classMask & protectedBit != 0 && protected()) { return false }
        }
        if notClassMask != 0 || !otherNotClasses.isEmpty {
            let hit = notClassMask & path.classBits != 0 || otherNotClasses.contains(where: path.has)
            if hit || (notClassMask & protectedBit != 0 && protected()) { return false }
        }
        if !paths.isEmpty && !paths.contains(where: { $0.matches(path.absolute) }) { return false }
        if !notPaths.isEmpty && notPaths.contains(where: { $0.matches(path.absolute) }) { return false }
        return true
    }
}
