/// The syntax tree of a regular expression or glob, before ``LinearRegex`` compiles it.
///
/// Only `repetition` is boxed: the other cases hold their children in arrays, and a pattern's
/// many single-byte nodes are then stored inline rather than allocated one by one.
enum RegexNode: Sendable {
    /// Zero-width assertions.
    enum Assertion: Sendable {
        /// `^` (start of text, or of a line in multi-line mode).
        case lineStart(multiline: Bool)
        /// `$` (end of text, or of a line in multi-line mode).
        case lineEnd(multiline: Bool)
        /// `\b`
        case wordBoundary
        /// `\B`
        case notWordBoundary
    }

    /// Matches the empty string.
    case empty
    /// Matches one byte from the set.
    case bytes(ByteSet)
    /// Matches each part in turn.
    case concat([RegexNode])
    /// Matches any one of the alternatives.
    case alternate([RegexNode])
    /// Matches `node` between `min` and `max` times (`max == nil`: unbounded).
    indirect case repetition(RegexNode, min: Int, max: Int?)
    /// A zero-width assertion.
    case assertion(Assertion)

    /// Matches the UTF-8 bytes of `text` literally.
    static func literal(_ text: String, caseInsensitive: Bool = false) -> RegexNode {
        .concat(text.utf8.map { caseInsensitive ? .bytes(ByteSet($0).caseFolded()) : .bytes(ByteSet($0)) })
    }
}
