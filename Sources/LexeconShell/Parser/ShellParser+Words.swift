// Words: quoting, `$` expansions, backticks and process substitution.
extension ShellParser {
    /// Parses one word at `pos`. In `regex` mode (the right side of `=~` in `[[ ]]`)
    /// parentheses, `|`, `<` and `>` are part of the word.
    mutating func parseWord(regex: Bool = false) throws(ParseFailure) -> WordNode {
        let start = pos
        var parts: [WordPart] = []
        var runStart = pos
        var literal: [UInt8] = []

        while pos < bytes.count {
            let b = bytes[pos]
            if regex {
                if Byte.isBlank(b) || b == Byte.newline || b == Byte.semicolon || b == Byte.ampersand { break }
            } else if Byte.isWordBreak(b) {
                if pos == start && isProcessSubstitutionStart() {
                    parts.append(try parseProcessSubstitution())
                    runStart = pos
                    continue
                }
                break
            }
            switch b {
            case Byte.backslash, Byte.singleQuote, Byte.doubleQuote, Byte.dollar, Byte.backtick:
                literal.append(contentsOf: bytes[runStart..<pos])
                if b == Byte.dollar && !startsExpansion(at: pos) {
                    literal.append(b)
                    pos += 1
                    runStart = pos
                    continue
                }
                if b == Byte.backslash {
                    if pos + 1 >= bytes.count {
                        literal.append(b)
                        pos += 1
                    } else if bytes[pos + 1] == Byte.newline {
                        pos += 2
                    } else {
                        flush(&literal, into: &parts)
                        parts.append(.literal([bytes[pos + 1]], quoted: true))
                        pos += 2
                    }
                    runStart = pos
                    continue
                }
                flush(&literal, into: &parts)
                switch b {
                case Byte.singleQuote: parts.append(try parseSingleQuoted())
                case Byte.doubleQuote: parts.append(contentsOf: try parseDoubleQuoted())
                case Byte.dollar: parts.append(contentsOf: try parseDollar(quoted: false))
                default: parts.append(try parseBacktick(quoted: false))
                }
                runStart = pos
            default:
                pos += 1
            }
        }
        literal.append(contentsOf: bytes[runStart..<pos])
        flush(&literal, into: &parts)
        return WordNode(parts: parts, start: start, end: pos)
    }

    private func flush(_ literal: inout [UInt8], into parts: inout [WordPart]) {
        guard !literal.isEmpty else { return }
        parts.append(.literal(literal, quoted: false))
        literal.removeAll(keepingCapacity: true)
    }

    /// True when `$` at `i` begins an expansion rather than standing for itself.
    func startsExpansion(at i: Int) -> Bool {
        guard i + 1 < bytes.count else { return false }
        let n = bytes[i + 1]
        switch n {
        case Byte.singleQuote, Byte.doubleQuote, Byte.openParen, Byte.openBrace, Byte.at, Byte.star, Byte.hash,
            Byte.question, Byte.dollar, Byte.bang, Byte.minus:
            return true
        default:
            return Byte.isNameStart(n) || Byte.isDigit(n)
        }
    }

    func isProcessSubstitutionStart() -> Bool {
        guard let b = peek(), b == Byte.less || b == Byte.greater else { return false }
        return peek(1) == Byte.openParen
    }

    mutating func parseSingleQuoted() throws(ParseFailure) -> WordPart {
        let open = pos
        pos += 1
        let start = pos
        while pos < bytes.count && bytes[pos] != Byte.singleQuote { pos += 1 }
        guard pos < bytes.count else { throw fail("unterminated single-quoted string", at: open) }
        let text = Array(bytes[start..<pos])
        pos += 1
        return .literal(text, quoted: true)
    }

    /// `"…"`: `$`, backticks and `\` before `$ \` " \ newline` keep their meaning.
    mutating func parseDoubleQuoted() throws(ParseFailure) -> [WordPart] {
        let open = pos
        pos += 1
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated double-quoted string", at: open) }
            let b = bytes[pos]
            switch b {
            case Byte.doubleQuote:
                pos += 1
                if !literal.isEmpty || parts.isEmpty { parts.append(.literal(literal, quoted: true)) }
                return parts
            case Byte.backslash:
                if pos + 1 < bytes.count {
                    let n = bytes[pos + 1]
                    if n == Byte.newline {
                        pos += 2
                        continue
                    }
                    if n == Byte.dollar || n == Byte.backtick || n == Byte.doubleQuote || n == Byte.backslash {
                        literal.append(n)
                        pos += 2
                        continue
                    }
                }
                literal.append(b)
                pos += 1
            case Byte.dollar where startsExpansion(at: pos) && bytes[pos + 1] != Byte.singleQuote
                && bytes[pos + 1] != Byte.doubleQuote:
                if !literal.isEmpty {
                    parts.append(.literal(literal, quoted: true))
                    literal.removeAll(keepingCapacity: true)
                }
                parts.append(contentsOf: try parseDollar(quoted: true))
            case Byte.backtick:
                if !literal.isEmpty {
                    parts.append(.literal(literal, quoted: true))
                    literal.removeAll(keepingCapacity: true)
                }
                parts.append(try parseBacktick(quoted: true))
            default:
                literal.append(b)
                pos += 1
            }
        }
    }

    /// Parses an expansion starting with `$` at `pos`.
    mutating func parseDollar(quoted: Bool) throws(ParseFailure) -> [WordPart] {
        let start = pos
        guard pos + 1 < bytes.count else {
            pos += 1
            return [.literal([Byte.dollar], quoted: quoted)]
        }
        let n = bytes[pos + 1]
        switch n {
        case Byte.singleQuote where !quoted:
            pos += 1
            return [try parseANSICQuoted()]
        case Byte.doubleQuote where !quoted:
            pos += 1
            return try parseDoubleQuoted()
        case Byte.openParen:
            if peek(2) == Byte.openParen {
                pos += 3
                if let scan = try scanArithmetic() {
                    return [.arithmetic(nested: scan.nested, raw: Array(bytes[start..<pos]), quoted: quoted)]
                }
                pos = start
            }
            try enter()
            defer { depth -= 1 }
            pos += 2
            let script = try parseList()
            skipLinebreaks()
            guard peek() == Byte.closeParen else {
                throw pos >= bytes.count ? fail("unterminated command substitution '$('", at: start) : unexpected()
            }
            pos += 1
            return [.commandSubstitution(script, raw: Array(bytes[start..<pos]), quoted: quoted)]
        case Byte.openBrace:
            return [.parameter(try parseBracedParameter(), quoted: quoted)]
        default:
            pos += 1
            let nameStart = pos
            if Byte.isNameStart(n) {
                while pos < bytes.count && Byte.isNameChar(bytes[pos]) { pos += 1 }
            } else if Byte.isDigit(n) || n == Byte.at || n == Byte.star || n == Byte.hash || n == Byte.question
                || n == Byte.dollar || n == Byte.bang || n == Byte.minus
            {
                pos += 1
            } else {
                return [.literal([Byte.dollar], quoted: quoted)]
            }
            let name = Array(bytes[nameStart..<pos])
            return [.parameter(ParameterNode(name: name, isSimple: true, raw: Array(bytes[start..<pos])), quoted: quoted)]
        }
    }

    /// `${…}`: simple when it is just a name; anything else (`${X:-d}`, `${!v}`, `${a[@]}`,
    /// `${#x}`) is a complex expansion whose value is dynamic.
    mutating func parseBracedParameter() throws(ParseFailure) -> ParameterNode {
        try enter()
        defer { depth -= 1 }
        let start = pos
        pos += 2
        let contentStart = pos
        var braces = 1
        var nested: [ScriptNode] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated parameter expansion '${'", at: start) }
            let b = bytes[pos]
            switch b {
            case Byte.closeBrace:
                braces -= 1
                if braces == 0 {
                    let content = bytes[contentStart..<pos]
                    pos += 1
                    return Self.parameterNode(content: content, raw: Array(bytes[start..<pos]), nested: nested)
                }
                pos += 1
            case Byte.openBrace:
                braces += 1
                pos += 1
            case Byte.backslash:
                pos += 2
            case Byte.singleQuote:
                _ = try parseSingleQuoted()
            case Byte.doubleQuote:
                nested.append(contentsOf: Self.scripts(in: try parseDoubleQuoted()))
            case Byte.dollar where startsExpansion(at: pos):
                nested.append(contentsOf: Self.scripts(in: try parseDollar(quoted: true)))
            case Byte.backtick:
                nested.append(contentsOf: Self.scripts(in: [try parseBacktick(quoted: true)]))
            default:
                pos += 1
            }
        }
    }

    static func parameterNode(content: ArraySlice<UInt8>, raw: [UInt8], nested: [ScriptNode]) -> ParameterNode {
        guard let first = content.first else { return ParameterNode(name: [], isSimple: false, raw: raw, nested: nested) }
        if Byte.isNameStart(first) {
            var i = content.startIndex
            while i < content.endIndex && Byte.isNameChar(content[i]) { i += 1 }
            return ParameterNode(name: Array(content[content.startIndex..<i]), isSimple: i == content.endIndex, raw: raw, nested: nested)
        }
        if content.allSatisfy(Byte.isDigit) {
            return ParameterNode(name: Array(content), isSimple: true, raw: raw, nested: nested)
        }
        if content.count == 1 {
            return ParameterNode(name: Array(content), isSimple: true, raw: raw, nested: nested)
        }
        // `${!v}`, `${#x}`, `${@:1}` …: name after the operator, value dynamic.
        var i = content.index(after: content.startIndex)
        let nameStart = i
        while i < content.endIndex && Byte.isNameChar(content[i]) { i += 1 }
        return ParameterNode(name: Array(content[nameStart..<i]), isSimple: false, raw: raw, nested: nested)
    }

    /// Backticks: the text up to the next unescaped backtick, with `\$ \` \\` unescaped,
    /// parsed as its own script.
    mutating func parseBacktick(quoted: Bool) throws(ParseFailure) -> WordPart {
        let open = pos
        pos += 1
        var inner: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated backquote '`'", at: open) }
            let b = bytes[pos]
            if b == Byte.backtick {
                pos += 1
                break
            }
            if b == Byte.backslash && pos + 1 < bytes.count {
                let n = bytes[pos + 1]
                if n == Byte.dollar || n == Byte.backtick || n == Byte.backslash || (quoted && n == Byte.doubleQuote) {
                    inner.append(n)
                    pos += 2
                    continue
                }
            }
            inner.append(b)
            pos += 1
        }
        let raw = Array(bytes[open..<pos])
        let script = try parseSubScript(inner, at: open, what: "backquote")
        return .commandSubstitution(script, raw: raw, quoted: quoted)
    }

    /// Parses text taken from this buffer (backtick contents, here-doc bodies) with a
    /// sub-parser that shares the nesting and command budgets.
    mutating func parseSubScript(_ inner: [UInt8], at offset: Int, what: String) throws(ParseFailure) -> ScriptNode {
        var sub = ShellParser(bytes: inner, depth: depth + 1, commandCount: commandCount)
        do {
            let script = try sub.parseProgram()
            commandCount = sub.commandCount
            return script
        } catch {
            throw fail("in \(what): \(error.message)", at: offset)
        }
    }

    /// `$'…'` with C escapes decoded (`\n`, `\x41`, `\u00e9`, `\101`, `\cX`, …).
    mutating func parseANSICQuoted() throws(ParseFailure) -> WordPart {
        let open = pos - 1
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated $'…' string", at: open) }
            let b = bytes[pos]
            if b == Byte.singleQuote {
                pos += 1
                return .literal(out, quoted: true)
            }
            guard b == Byte.backslash, pos + 1 < bytes.count else {
                out.append(b)
                pos += 1
                continue
            }
            let e = bytes[pos + 1]
            pos += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "e"), UInt8(ascii: "E"): out.append(0x1B)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case Byte.backslash, Byte.singleQuote, Byte.doubleQuote, Byte.question: out.append(e)
            case UInt8(ascii: "c"):
                if pos < bytes.count {
                    out.append(bytes[pos] & 0x1F)
                    pos += 1
                }
            case UInt8(ascii: "x"):
                let value = readHex(maxDigits: 2)
                if let value { out.append(UInt8(value)) } else { out.append(contentsOf: [Byte.backslash, e]) }
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let value = readHex(maxDigits: e == UInt8(ascii: "u") ? 4 : 8)
                if let value, let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                } else {
                    out.append(contentsOf: [Byte.backslash, e])
                }
            case Byte.zero...UInt8(ascii: "7"):
                var value = UInt32(e - Byte.zero)
                var digits = 1
                while digits < 3, pos < bytes.count, bytes[pos] >= Byte.zero, bytes[pos] <= UInt8(ascii: "7") {
                    value = value * 8 + UInt32(bytes[pos] - Byte.zero)
                    pos += 1
                    digits += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            default:
                out.append(contentsOf: [Byte.backslash, e])
            }
        }
    }

    private mutating func readHex(maxDigits: Int) -> UInt32? {
        var value: UInt32 = 0
        var digits = 0
        while digits < maxDigits, pos < bytes.count {
            let b = bytes[pos]
            let d: UInt8
            switch b {
            case Byte.zero...Byte.nine: d = b - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: return digits == 0 ? nil : value
            }
            value = value * 16 + UInt32(d)
            pos += 1
            digits += 1
        }
        return digits == 0 ? nil : value
    }

    /// `<( … )` or `>( … )`.
    mutating func parseProcessSubstitution() throws(ParseFailure) -> WordPart {
        try enter()
        defer { depth -= 1 }
        let start = pos
        let isInput = bytes[pos] == Byte.less
        pos += 2
        let script = try parseList()
        skipLinebreaks()
        guard peek() == Byte.closeParen else {
            throw pos >= bytes.count ? fail("unterminated process substitution", at: start) : unexpected()
        }
        pos += 1
        return .processSubstitution(script, raw: Array(bytes[start..<pos]), isInput: isInput)
    }
}
