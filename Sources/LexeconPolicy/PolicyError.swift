/// A policy that could not be loaded, or an example or case that did not hold.
///
/// Every error is located: ``description`` reads `FILE:LINE:COL: message` (1-based), so
/// editors and CI annotate the exact spot. Match on ``code``:
///
/// ```swift
/// do { _ = try Policy.load(path: "policy.yaml") }
/// catch { if error.code == .duplicateKey { … } }
/// ```
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable kind of error; compare with `==` against the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name, e.g. `duplicate_key`.
        public var description: String { name }

        /// The file could not be read.
        public static let io = Code("io")
        /// libyaml rejected the text (syntax error, bad indentation, bad encoding).
        public static let yamlSyntax = Code("yaml_syntax")
        /// An anchor (`&a`) or alias (`*a`) was used; they are never accepted.
        public static let anchorOrAlias = Code("anchor_or_alias")
        /// An explicit tag (`!!str`, `!custom`) was used.
        public static let tag = Code("tag")
        /// The stream holds more than one document, or none.
        public static let documentCount = Code("document_count")
        /// A mapping repeats a key.
        public static let duplicateKey = Code("duplicate_key")
        /// A mapping key is not a plain string.
        public static let nonStringKey = Code("non_string_key")
        /// A key the schema does not know.
        public static let unknownKey = Code("unknown_key")
        /// A required key is missing.
        public static let missingKey = Code("missing_key")
        /// A value has the wrong type or an invalid value.
        public static let invalidValue = Code("invalid_value")
        /// A decision that is not `ALLOW`, `BLOCK` or `ESCALATE`.
        public static let unknownDecision = Code("unknown_decision")
        /// Two rules share an id.
        public static let duplicateRuleID = Code("duplicate_rule_id")
        /// A glob that does not compile.
        public static let invalidGlob = Code("invalid_glob")
        /// A regular expression that does not compile or uses an unsupported feature
        /// (backreferences, lookaround).
        public static let invalidRegex = Code("invalid_regex")
        /// A rule's example does not hold.
        public static let exampleFailed = Code("example_failed")
        /// A test case (from `lexecon policy test`) did not get its expected decision.
        public static let caseFailed = Code("case_failed")
        /// The policy text is larger than the loader accepts, or nests too deeply.
        public static let tooLarge = Code("too_large")
    }

    /// What went wrong, as a matchable code.
    public var code: Code
    /// The policy's name (usually its path).
    public var file: String
    /// 1-based line of the offending text.
    public var line: Int
    /// 1-based column of the offending text.
    public var column: Int
    /// A one-line human explanation.
    public var message: String

    /// Creates an error at a location.
    public init(code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
