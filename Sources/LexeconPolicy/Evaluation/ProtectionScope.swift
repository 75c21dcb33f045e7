/// The protected locations of one place (workspace, home, extra protected paths and key
/// directories), worked out from the policy when a request first comes from there and
/// shared by every command of every request from the same place.
final class ProtectionScope: Sendable {
    /// Each protected glob as an absolute pattern.
    let absolutePatterns: [String]
    /// The fixed directory part of every protected glob, with and without a final `/`:
    /// deleting a directory that is a prefix of one reaches protected entries.
    let directoryPrefixes: [(prefix: String, withSlash: String)]
    /// Absolute key directories: the request's, and the policy's `DIR/**` protected paths
    /// whose directory is named `.lexecon` (where lexecon keeps keys by default). Other
    /// protected directories are protected from writes only: reading them is fine.
    let keyDirectories: [String]

    init(document: PolicyDocument, workspace: String, home: String, extraProtected: [Glob], keyDirectories: [String]) {
        var patterns: [String] = []
        for protected in document.protectedPaths {
            switch protected.anchor {
            case .absolute: patterns.append(protected.pattern)
            case .workspace: patterns.append(workspace + "/" + protected.pattern)
            case .home: patterns.append(home + "/" + protected.pattern)
            }
        }
        for glob in extraProtected { patterns.append(glob.pattern) }
        absolutePatterns = patterns
        directoryPrefixes = patterns.map { pattern in
            let prefix = Self.literalDirectoryPrefix(pattern)
            return (prefix, prefix + "/")
        }
        var trees = keyDirectories
        for (protected, pattern) in zip(document.protectedPaths, patterns) where protected.pattern.hasSuffix("/**") {
            let directory = String(pattern.dropLast(3))
            guard !directory.utf8.contains(where: { $0 == 42 || $0 == 63 || $0 == 91 || $0 == 123 }),
                  directory == ".lexecon" || directory.hasSuffix("/.lexecon") else { continue }
            trees.append(directory)
        }
        self.keyDirectories = trees
    }

    /// True when deleting or moving the directory `target` takes a protected path with it.
    func covers(_ target: String) -> Bool {
        let base = target.hasSuffix("/") ? target : target + "/"
        return directoryPrefixes.contains { $0.prefix.hasPrefix(base) || $0.withSlash == base }
    }

    /// `*`, `?`, `[`, `{` and `\`: bytes that make a glob more than literal text.
    static func isGlobByte(_ byte: UInt8) -> Bool {
        byte == 42 || byte == 63 || byte == 91 || byte == 123 || byte == 92
    }

    /// The part of a glob before its first glob character, cut back to a whole directory.
    static func literalDirectoryPrefix(_ pattern: String) -> String {
        let bytes = pattern.utf8
        guard let firstGlob = bytes.firstIndex(where: isGlobByte) else { return pattern }
        guard let slash = bytes[..<firstGlob].lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(pattern[..<slash])
    }
}
