// Redirections and here-document bodies.
extension ShellParser {
    func isRedirectionStart() -> Bool {
        guard let b = peek() else { return false }
        if b == Byte.less || b == Byte.greater { return peek(1) != Byte.openParen }
        if b == Byte.ampersand { return peek(1) == Byte.greater }
        if Byte.isDigit(b) {
            var i = pos
            while i < bytes.count && Byte.isDigit(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == Byte.less || bytes[i] == Byte.greater else { return false }
            return i + 1 >= bytes.count || bytes[i + 1] != Byte.openParen
        }
        return false
    }

    mutating func parseRedirection() throws(ParseFailure) -> RedirectionNode {
        let start = pos
        var fd: Int?
        if let b = peek(), Byte.isDigit(b) {
            var value = 0
            while let d = peek(), Byte.isDigit(d) {
                value = min(value * 10 + Int(d - Byte.zero), 1 << 20)
                pos += 1
            }
            fd = value
        }
        let op: RedirectionNode.Operator
        var stripTabs = false
        switch (peek(), peek(1), peek(2)) {
        case (Byte.less, Byte.less, Byte.less): op = .hereString; pos += 3
        case (Byte.less, Byte.less, Byte.minus): op = .hereDoc; stripTabs = true; pos += 3
        case (Byte.less, Byte.less, _): op = .hereDoc; pos += 2
        case (Byte.less, Byte.greater, _): op = .readWrite; pos += 2
        case (Byte.less, Byte.ampersand, _): op = .duplicateInput; pos += 2
        case (Byte.less, _, _): op = .input; pos += 1
        case (Byte.greater, Byte.greater, _): op = .append; pos += 2
        case (Byte.greater, Byte.pipe, _): op = .clobber; pos += 2
        case (Byte.greater, Byte.ampersand, _): op = .duplicateOutput; pos += 2
        case (Byte.greater, _, _): op = .output; pos += 1
        case (Byte.ampersand, Byte.greater, Byte.greater): op = .appendAll; pos += 3
        case (Byte.ampersand, Byte.greater, _): op = .outputAll; pos += 2
        default: throw unexpected()
        }
        skipBlanks()
        guard let b = peek(), !Byte.isWordBreak(b) || isProcessSubstitutionStart() else {
            throw pos >= bytes.count
                ? fail("unexpected end of file: expected a word after redirection", at: start)
                : fail("expected a word after redirection, found '\(tokenPreview())'")
        }
        let target = try parseWord()
        var node = RedirectionNode(fd: fd, op: op, target: target)
        switch op {
        case .duplicateOutput, .duplicateInput:
            let text = target.staticText ?? []
            let numeric = !text.isEmpty && text.allSatisfy { Byte.isDigit($0) || $0 == Byte.minus }
            if !numeric && op == .duplicateOutput && fd == nil { node.op = .outputAll }
        case .hereDoc:
            var delimiter: [UInt8] = []
            for part in target.parts {
                switch part {
                case .literal(let bytes, _): delimiter.append(contentsOf: bytes)
                case .parameter(let p, _): delimiter.append(contentsOf: p.raw)
                case .commandSubstitution(_, let raw, _), .arithmetic(_, let raw, _), .processSubstitution(_, let raw, _):
                    delimiter.append(contentsOf: raw)
                }
            }
            let box = HereDocBox(delimiter: delimiter, quoted: target.hasQuoting, stripTabs: stripTabs)
            node.hereDoc = box
            pendingHereDocs.append(box)
        default:
            break
        }
        return node
    }

    /// Reads the bodies of pending here-docs, starting just after a newline.
    mutating func readHereDocBodies() {
        let boxes = pendingHereDocs
        pendingHereDocs.removeAll()
        for box in boxes {
            let bodyStart = pos
            var bodyEnd = bytes.count
            while pos < bytes.count {
                let lineStart = pos
                var lineEnd = pos
                while lineEnd < bytes.count && bytes[lineEnd] != Byte.newline { lineEnd += 1 }
                var check = lineStart
                if box.stripTabs { while check < lineEnd && bytes[check] == Byte.tab { check += 1 } }
                if bytes[check..<lineEnd].elementsEqual(box.delimiter) {
                    bodyEnd = lineStart
                    pos = lineEnd < bytes.count ? lineEnd + 1 : lineEnd
                    break
                }
                pos = lineEnd < bytes.count ? lineEnd + 1 : lineEnd
            }
            var body: [UInt8]
            if box.stripTabs {
                body = []
                body.reserveCapacity(bodyEnd - bodyStart)
                var atLineStart = true
                for b in bytes[bodyStart..<bodyEnd] {
                    if atLineStart && b == Byte.tab { continue }
                    atLineStart = b == Byte.newline
                    body.append(b)
                }
            } else {
                body = Array(bytes[bodyStart..<bodyEnd])
            }
            box.body = hereDocWord(body, at: bodyStart, quoted: box.quoted)
        }
    }

    /// A body from an unquoted delimiter expands like a double-quoted string; if its
    /// expansions do not parse the whole body stays literal but marked by a failed
    /// substitution-free parse, so lowering treats it as dynamic.
    private mutating func hereDocWord(_ body: [UInt8], at offset: Int, quoted: Bool) -> WordNode {
        if quoted || !body.contains(where: { $0 == Byte.dollar || $0 == Byte.backtick || $0 == Byte.backslash }) {
            return WordNode(parts: [.literal(body, quoted: true)], start: offset, end: offset + body.count)
        }
        var sub = ShellParser(bytes: body, depth: depth + 1, commandCount: commandCount)
        if let word = try? sub.parseHereDocBody() {
            commandCount = sub.commandCount
            return WordNode(parts: word.parts, start: offset, end: offset + body.count)
        }
        let unknown = ParameterNode(name: [], isSimple: false, raw: body)
        return WordNode(parts: [.parameter(unknown, quoted: true)], start: offset, end: offset + body.count)
    }

    /// Parses a whole buffer as the contents of an unquoted here-doc.
    mutating func parseHereDocBody() throws(ParseFailure) -> WordNode {
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == Byte.backslash, pos + 1 < bytes.count {
                let n = bytes[pos + 1]
                if n == Byte.newline {
                    pos += 2
                    continue
                }
                if n == Byte.dollar || n == Byte.backtick || n == Byte.backslash {
                    literal.append(n)
                    pos += 2
                    continue
                }
            }
            if (b == Byte.dollar && startsExpansion(at: pos) && bytes[pos + 1] != Byte.singleQuote
                && bytes[pos + 1] != Byte.doubleQuote) || b == Byte.backtick
            {
                if !literal.isEmpty {
                    parts.append(.literal(literal, quoted: true))
                    literal.removeAll(keepingCapacity: true)
                }
                if b == Byte.dollar {
                    parts.append(contentsOf: try parseDollar(quoted: true))
                } else {
                    parts.append(try parseBacktick(quoted: true))
                }
                continue
            }
            literal.append(b)
            pos += 1
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.literal(literal, quoted: true)) }
        return WordNode(parts: parts, start: 0, end: bytes.count)
    }

    /// Here-docs whose introducing line is the last one get an empty body, as in bash.
    mutating func finishPendingHereDocsAtEOF() {
        for box in pendingHereDocs where box.body == nil {
            box.body = WordNode(parts: [.literal([], quoted: true)], start: pos, end: pos)
        }
        pendingHereDocs.removeAll()
    }
}
