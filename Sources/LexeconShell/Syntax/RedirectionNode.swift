/// A parsed redirection.
struct RedirectionNode {
    enum Operator {
        case input  // <
        case output  // >
        case clobber  // >|
        case append  // >>
        case readWrite  // <>
        case outputAll  // &> and >&word when word is not a number
        case appendAll  // &>>
        case duplicateOutput  // >&N
        case duplicateInput  // <&N
        case hereDoc  // << and <<-
        case hereString  // <<<
    }
    var fd: Int?
    var op: Operator
    /// The target word; for here-docs the delimiter.
    var target: WordNode
    /// Filled in when the here-doc body is read at the next newline.
    var hereDoc: HereDocBox?
}

/// Here-doc bodies are read after the line that introduces them, so the parser fills
/// this box later; a class keeps the redirection node a plain value meanwhile.
final class HereDocBox {
    let delimiter: [UInt8]
    let quoted: Bool
    let stripTabs: Bool
    /// The body: literal text when the delimiter was quoted, else parsed like a
    /// double-quoted string (parameters and command substitutions expand).
    var body: WordNode?

    init(delimiter: [UInt8], quoted: Bool, stripTabs: Bool) {
        self.delimiter = delimiter
        self.quoted = quoted
        self.stripTabs = stripTabs
    }
}
