/// The protected locations of one request, worked out from the policy and the request's
/// workspace and home the first time a command needs them, then shared by every command
/// of the request.
final class ProtectionScope {
    private let document: PolicyDocument
    private let context: EvaluationContext

    init(document: PolicyDocument, context: EvaluationContext) {
        self.document = document
        self.context = context
    }

    /// Each protected glob as an absolute pattern.
    lazy var absolutePatterns: [String] = {
        var patterns: [String] = []
        for protected in document.protectedPaths {
            switch protected.anchor {
            case .absolute: patterns.append(protected.pattern)
            case .workspace: patterns.append(context.workspace + "/" + protected.pattern)
            case .home: patterns.append(context.home + "/" + protected.pattern)
            }
        }
        for glob in context.extraProtected { patterns.append(glob.pattern) }
        return patterns
    }()

    /// The fixed directory part of every protected glob, with and without a final `/`:
    /// deleting a directory that is a prefix of one reaches protected entries.
    lazy var directoryPrefixes: [(prefix: String, withSlash: String)] = absolutePatterns.map { pattern in
        let prefix = Self.literalDirectoryPrefix(pattern)
        return (prefix, prefix + "/")
    }

    /// Absolute key directories: the request's, and the policy's `DIR/**` protected paths
    /// whose directory is named `.lexecon` (where lexecon keeps keys by default). Other
    /// protected directories are protected from writes only: reading them is fine.
    lazy var keyDirectories: [String] = {
        var trees = context.keyDirectories
        for (protected, pattern) in zip(document.protectedPaths, absolutePatterns) where protected.pattern.hasSuffix("/**") {
            let directory = String(pattern.dropLast(3))
            guard !directory.utf8.contains(where: { $0 == 42 || $0 == 63 || $0 == 91 || $0 == 123 }),
                  directory == ".lexecon" || directory.hasSuffix("/.lexecon") else { continue }
            trees.append(directory)
        }
        return trees
    }()

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
