/// A word after expansion, before it becomes a public `Word`.
struct LoweredWord {
    var bytes: [UInt8]
    /// Depends on run-time values (`$X`, `$(…)`, `${!v}`, unresolved globs).
    var isDynamic = false
    /// Contains unquoted glob characters.
    var isGlob = false
    /// Number of leading bytes that are known statically (all of them when static).
    var staticPrefix: Int
    /// Programs whose output this word contains (command/process substitutions).
    var feeders: [String] = []
    /// Contains a command or process substitution.
    var hasSubstitution = false
    /// The word is a process substitution `<(…)` / `>(…)`.
    var isProcessSubstitution = false
    /// When set, the path is resolved from this text instead (`{}` of `find -exec`
    /// stands for entries under the start path).
    var pathHint: [UInt8]?

    init(bytes: [UInt8], isDynamic: Bool = false, isGlob: Bool = false, staticPrefix: Int? = nil) {
        self.bytes = bytes
        self.isDynamic = isDynamic || isGlob
        self.isGlob = isGlob
        self.staticPrefix = staticPrefix ?? bytes.count
    }

    /// A fully static word (argv entries, values split from `--name=value`).
    init(staticBytes: [UInt8]) {
        self.init(bytes: staticBytes)
    }

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    var text: String { bytes.string }
    /// True when the text is known (no run-time part; globs count as run-time).
    var isStatic: Bool { !isDynamic }
}
