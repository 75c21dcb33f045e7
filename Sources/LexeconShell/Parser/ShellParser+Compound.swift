// Compound commands: groups, if, loops, case, [[ ]] and (( )).
extension ShellParser {
    mutating func parseGroup() throws(ParseFailure) -> CompoundNode {
        let open = pos
        pos += 1
        let body = try parseList()
        try expectReserved("}", construct: "{", opener: open)
        try requireCommands(body, at: open, construct: "{ }")
        return CompoundNode(kind: .group, bodies: [body])
    }

    mutating func parseIf() throws(ParseFailure) -> CompoundNode {
        let open = pos
        pos += 2
        var node = CompoundNode(kind: .ifClause)
        var keyword = "if"
        while true {
            let condition = try parseList()
            try requireCommands(condition, at: open, construct: "\(keyword) condition")
            try expectReserved("then", construct: keyword, opener: open)
            let body = try parseList()
            try requireCommands(body, at: open, construct: "then body")
            node.bodies.append(condition)
            node.bodies.append(body)
            skipLinebreaks()
            if peekReserved() == "elif" {
                pos += 4
                keyword = "elif"
                continue
            }
            if peekReserved() == "else" {
                pos += 4
                let elseBody = try parseList()
                try requireCommands(elseBody, at: open, construct: "else body")
                node.bodies.append(elseBody)
            }
            try expectReserved("fi", construct: "if", opener: open)
            return node
        }
    }

    mutating func parseWhile(until: Bool) throws(ParseFailure) -> CompoundNode {
        let open = pos
        let keyword = until ? "until" : "while"
        pos += keyword.utf8.count
        let condition = try parseList()
        try requireCommands(condition, at: open, construct: "\(keyword) condition")
        let body = try parseLoopBody(construct: keyword, opener: open)
        return CompoundNode(kind: until ? .untilLoop : .whileLoop, bodies: [condition, body])
    }

    /// `do … done`, or bash's `{ … }` loop body.
    mutating func parseLoopBody(construct: String, opener: Int) throws(ParseFailure) -> ScriptNode {
        skipLinebreaks()
        if peekReserved() == "{" {
            let group = try parseGroup()
            return group.bodies[0]
        }
        try expectReserved("do", construct: construct, opener: opener)
        let body = try parseList()
        try expectReserved("done", construct: construct, opener: opener)
        try requireCommands(body, at: opener, construct: "\(construct) body")
        return body
    }

    mutating func parseFor(select: Bool) throws(ParseFailure) -> CompoundNode {
        let open = pos
        let keyword = select ? "select" : "for"
        pos += keyword.utf8.count
        skipBlanks()
        if !select && peek() == Byte.openParen && peek(1) == Byte.openParen {
            pos += 2
            guard let scan = try scanArithmetic() else { throw fail("unterminated 'for ((' expression", at: open) }
            skipBlanks()
            if peek() == Byte.semicolon { pos += 1 }
            let body = try parseLoopBody(construct: "for", opener: open)
            return CompoundNode(
                kind: .arithmeticFor, bodies: [body], nested: scan.nested, arithmeticText: scan.text)
        }
        let nameStart = pos
        while let b = peek(), Byte.isNameChar(b) { pos += 1 }
        guard pos > nameStart, isBreakOrEnd(at: pos) else { throw fail("expected a variable name after '\(keyword)'") }
        var node = CompoundNode(kind: select ? .selectLoop : .forLoop)
        node.variable = bytes[nameStart..<pos].string
        skipLinebreaks()
        if peekReserved() == "in" {
            pos += 2
            while true {
                skipBlanks()
                guard let b = peek() else { break }
                if b == Byte.semicolon {
                    pos += 1
                    break
                }
                if b == Byte.newline {
                    consumeNewline()
                    break
                }
                if Byte.isWordBreak(b) { throw unexpected() }
                node.words.append(try parseWord())
            }
        } else if peek() == Byte.semicolon {
            pos += 1
        }
        node.bodies = [try parseLoopBody(construct: keyword, opener: open)]
        return node
    }

    mutating func parseCase() throws(ParseFailure) -> CompoundNode {
        let open = pos
        pos += 4
        skipBlanks()
        guard let b = peek(), !Byte.isWordBreak(b) else { throw fail("expected a word after 'case'") }
        var node = CompoundNode(kind: .caseClause)
        node.words.append(try parseWord())
        try expectReserved("in", construct: "case", opener: open)
        while true {
            skipLinebreaks()
            if peekReserved() == "esac" {
                pos += 4
                return node
            }
            guard pos < bytes.count else { throw fail("unexpected end of file: missing 'esac' for 'case'", at: open) }
            if peek() == Byte.openParen { pos += 1 }
            while true {
                skipBlanks()
                guard let p = peek() else { throw fail("unexpected end of file: missing 'esac' for 'case'", at: open) }
                if Byte.isWordBreak(p) { throw unexpected() }
                node.words.append(try parseWord())
                skipBlanks()
                if peek() == Byte.pipe {
                    pos += 1
                    continue
                }
                if peek() == Byte.closeParen {
                    pos += 1
                    break
                }
                throw pos >= bytes.count ? fail("unexpected end of file: missing 'esac' for 'case'", at: open) : unexpected()
            }
            node.bodies.append(try parseList())
            skipLinebreaks()
            if peek() == Byte.semicolon && peek(1) == Byte.semicolon {
                pos += peek(2) == Byte.ampersand ? 3 : 2
            } else if peek() == Byte.semicolon && peek(1) == Byte.ampersand {
                pos += 2
            } else if peekReserved() != "esac" {
                throw pos >= bytes.count ? fail("unexpected end of file: missing 'esac' for 'case'", at: open) : unexpected()
            }
        }
    }

    /// `[[ … ]]`: only the words matter (their substitutions run); operators are skipped.
    mutating func parseConditional() throws(ParseFailure) -> CompoundNode {
        let open = pos
        pos += 2
        var node = CompoundNode(kind: .conditional)
        var regexNext = false
        while true {
            skipBlanks()
            guard let b = peek() else { throw fail("unexpected end of file: missing ']]' for '[['", at: open) }
            if b == Byte.newline {
                consumeNewline()
                continue
            }
            if peekReserved() == "]]" {
                pos += 2
                return node
            }
            if (b == Byte.ampersand || b == Byte.pipe) && peek(1) == b {
                pos += 2
                continue
            }
            if b == Byte.openParen || b == Byte.closeParen || b == Byte.less || b == Byte.greater {
                pos += 1
                continue
            }
            if b == Byte.bang && isBreakOrEnd(at: pos + 1) {
                pos += 1
                continue
            }
            if Byte.isWordBreak(b) { throw unexpected() }
            let word = try parseWord(regex: regexNext)
            regexNext = word.plainLiteral == Array("=~".utf8)
            node.words.append(word)
        }
    }

    /// `(( … ))` as a command; nil when the text is really a nested subshell `( (…) )`.
    mutating func parseArithmeticCommand() throws(ParseFailure) -> CompoundNode? {
        let start = pos
        pos += 2
        guard let scan = try scanArithmetic() else {
            pos = start
            return nil
        }
        return CompoundNode(kind: .arithmetic, nested: scan.nested, arithmeticText: scan.text)
    }

    /// Scans arithmetic text up to the matching `))`, collecting command substitutions.
    /// Returns nil (position restored) when no matching `))` exists.
    mutating func scanArithmetic() throws(ParseFailure) -> (nested: [ScriptNode], text: [UInt8])? {
        try enter()
        defer { depth -= 1 }
        let start = pos
        var parens = 0
        var nested: [ScriptNode] = []
        while pos < bytes.count {
            let b = bytes[pos]
            switch b {
            case Byte.openParen:
                parens += 1
                pos += 1
            case Byte.closeParen:
                if parens == 0 {
                    guard peek(1) == Byte.closeParen else {
                        pos = start
                        return nil
                    }
                    let text = Array(bytes[start..<pos])
                    pos += 2
                    return (nested, text)
                }
                parens -= 1
                pos += 1
            case Byte.dollar where peek(1) == Byte.openParen && peek(2) != Byte.openParen,
                Byte.dollar where peek(1) == Byte.openBrace:
                nested.append(contentsOf: Self.scripts(in: try parseDollar(quoted: true)))
            case Byte.backtick:
                nested.append(contentsOf: Self.scripts(in: [try parseBacktick(quoted: true)]))
            case Byte.doubleQuote:
                nested.append(contentsOf: Self.scripts(in: try parseDoubleQuoted()))
            case Byte.singleQuote:
                pos += 1
                while pos < bytes.count && bytes[pos] != Byte.singleQuote { pos += 1 }
                pos += 1
            case Byte.backslash:
                pos += 2
            case Byte.semicolon where parens == 0 && peek(1) == Byte.semicolon:
                // `;;` cannot occur in arithmetic: this is a case body, not `((`.
                pos = start
                return nil
            default:
                pos += 1
            }
        }
        pos = start
        return nil
    }

    /// Command substitution scripts found directly in word parts.
    static func scripts(in parts: [WordPart]) -> [ScriptNode] {
        var out: [ScriptNode] = []
        for part in parts {
            switch part {
            case .commandSubstitution(let script, _, _), .processSubstitution(let script, _, _): out.append(script)
            case .arithmetic(let nested, _, _): out.append(contentsOf: nested)
            case .parameter(let parameter, _): out.append(contentsOf: parameter.nested)
            case .literal: break
            }
        }
        return out
    }
}
