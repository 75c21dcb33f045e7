/// A shell word as parsed: a sequence of literal and expansion parts.
struct WordNode {
    var parts: [WordPart] = []
    /// Byte range of the word in its source buffer.
    var start: Int
    var end: Int

    /// The word as plain text when it is made of unquoted literal bytes only.
    var plainLiteral: [UInt8]? {
        if parts.count == 1, case .literal(let bytes, quoted: false) = parts[0] { return bytes }
        return nil
    }

    /// The word after quote removal when it contains no expansion at all.
    var staticText: [UInt8]? {
        var out: [UInt8] = []
        for part in parts {
            guard case .literal(let bytes, _) = part else { return nil }
            out.append(contentsOf: bytes)
        }
        return out
    }

    /// True when any part is quoted (used for here-doc delimiters).
    var hasQuoting: Bool {
        parts.contains { if case .literal(_, quoted: true) = $0 { return true } else { return false } }
    }
}

/// A piece of a word. `quoted` parts are exempt from brace, tilde, glob and field splitting.
enum WordPart {
    case literal([UInt8], quoted: Bool)
    case parameter(ParameterNode, quoted: Bool)
    /// `$( … )` or backticks.
    case commandSubstitution(ScriptNode, raw: [UInt8], quoted: Bool)
    /// `$(( … ))` with the command substitutions found inside.
    case arithmetic(nested: [ScriptNode], raw: [UInt8], quoted: Bool)
    /// `<( … )` (input) or `>( … )`.
    case processSubstitution(ScriptNode, raw: [UInt8], isInput: Bool)
}

/// `$NAME`, `${NAME}`, `$1`, `$@`, or a complex form such as `${X:-d}` / `${!v}`.
struct ParameterNode {
    /// The parameter name (`HOME`, `1`, `@`); for complex forms the leading name if any.
    var name: [UInt8]
    /// True for `$NAME` / `${NAME}`: the only forms with a statically known value.
    var isSimple: Bool
    /// The expansion as written.
    var raw: [UInt8]
    /// Command substitutions inside a complex expansion (`${X:-$(cmd)}`).
    var nested: [ScriptNode] = []
}
