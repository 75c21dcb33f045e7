/// A recursive-descent parser for POSIX sh plus the bash forms agents use, over UTF-8 bytes.
///
/// It never guesses: input that a shell would reject (unterminated quotes, missing `fi`,
/// a stray `)`) is a `ParseFailure`. Recursion is bounded by `maxNesting` and the number
/// of simple commands by `maxCommands`, so hostile input fails fast instead of exhausting
/// the stack or the time budget.
struct ShellParser {
    /// Deepest nesting of commands, substitutions and expansions accepted.
    static let maxNesting = 64
    /// Most simple commands one analysis may contain (nested scripts included).
    static let maxCommands = ShellAnalyzer.maxCommands
    /// Most words one simple command may have: each is resolved and classified as a path,
    /// so this bounds the work of one enormous command.
    static let maxWords = 1_000

    let bytes: [UInt8]
    var pos = 0
    var depth: Int
    /// Simple commands parsed so far, shared with sub-parsers through the caller.
    var commandCount: Int
    /// Here-docs whose bodies start after the next newline.
    var pendingHereDocs: [HereDocBox] = []

    init(bytes: [UInt8], depth: Int = 0, commandCount: Int = 0) {
        self.bytes = bytes
        self.depth = depth
        self.commandCount = commandCount
    }

    // MARK: Entry points

    /// Parses a whole script; anything left over is a syntax error.
    mutating func parseProgram() throws(ParseFailure) -> ScriptNode {
        let script = try parseList()
        skipBlanks()
        if pos < bytes.count { throw unexpected() }
        finishPendingHereDocsAtEOF()
        return script
    }

    // MARK: Lists

    /// Parses and-or lists separated by `;`, `&` or newlines until a closing token
    /// (`)`, `;;`, a closing reserved word) or the end; the caller checks what stopped it.
    mutating func parseList() throws(ParseFailure) -> ScriptNode {
        var script = ScriptNode()
        while true {
            skipLinebreaks()
            guard pos < bytes.count, !atListTerminator() else { break }
            var andOr = try parseAndOr()
            skipBlanks()
            guard let b = peek() else {
                script.items.append(andOr)
                break
            }
            if b == Byte.semicolon && peek(1) != Byte.semicolon && peek(1) != Byte.ampersand {
                pos += 1
            } else if b == Byte.ampersand && peek(1) != Byte.ampersand && peek(1) != Byte.greater {
                pos += 1
                andOr.background = true
            } else if b == Byte.newline {
                consumeNewline()
            } else {
                script.items.append(andOr)
                break
            }
            script.items.append(andOr)
        }
        return script
    }

    /// Reserved words and tokens that close an enclosing construct.
    static let closingWords: Set<String> = ["then", "else", "elif", "fi", "do", "done", "esac", "}", "]]"]

    func atListTerminator() -> Bool {
        guard let b = peek() else { return true }
        if b == Byte.closeParen { return true }
        if b == Byte.semicolon && (peek(1) == Byte.semicolon || peek(1) == Byte.ampersand) { return true }
        if let word = peekReserved(), Self.closingWords.contains(word) { return true }
        return false
    }

    mutating func parseAndOr() throws(ParseFailure) -> AndOrNode {
        var node = AndOrNode(pipelines: [try parsePipeline()])
        while true {
            skipBlanks()
            guard let b = peek(), b == Byte.ampersand || b == Byte.pipe, peek(1) == b else { break }
            pos += 2
            skipLinebreaks()
            node.pipelines.append(try parsePipeline())
        }
        return node
    }

    mutating func parsePipeline() throws(ParseFailure) -> PipelineNode {
        var negated = false
        var timed = false
        while true {
            skipBlanks()
            guard let word = peekReserved() else { break }
            if word == "!" {
                pos += 1
                negated.toggle()
            } else if word == "time" {
                pos += 4
                timed = true
                skipBlanks()
                if peek() == Byte.minus && peek(1) == UInt8(ascii: "p") && isBreakOrEnd(at: pos + 2) { pos += 2 }
            } else {
                break
            }
        }
        var node = PipelineNode(elements: [try parseCommand()], negated: negated, timed: timed)
        while true {
            skipBlanks()
            guard peek() == Byte.pipe, peek(1) != Byte.pipe else { break }
            pos += peek(1) == Byte.ampersand ? 2 : 1
            skipLinebreaks()
            node.elements.append(try parseCommand())
        }
        return node
    }

    // MARK: Commands

    mutating func parseCommand() throws(ParseFailure) -> CommandNode {
        try enter()
        defer { depth -= 1 }
        skipBlanks()
        guard let b = peek() else { throw fail("unexpected end of file: expected a command") }
        if b == Byte.openParen {
            if peek(1) == Byte.openParen, let arithmetic = try parseArithmeticCommand() {
                return .compound(try withRedirections(arithmetic))
            }
            let open = pos
            pos += 1
            let body = try parseList()
            try expectByte(Byte.closeParen, opener: open, construct: "(")
            try requireCommands(body, at: open, construct: "( )")
            return .compound(try withRedirections(CompoundNode(kind: .subshell, bodies: [body])))
        }
        if let word = peekReserved() {
            switch word {
            case "{": return .compound(try withRedirections(try parseGroup()))
            case "if": return .compound(try withRedirections(try parseIf()))
            case "while", "until": return .compound(try withRedirections(try parseWhile(until: word == "until")))
            case "for", "select": return .compound(try withRedirections(try parseFor(select: word == "select")))
            case "case": return .compound(try withRedirections(try parseCase()))
            case "[[": return .compound(try withRedirections(try parseConditional()))
            case "function": return try parseFunctionKeyword()
            default:
                if Self.closingWords.contains(word) { throw unexpected() }
            }
        }
        if !isRedirectionStart() && Byte.isWordBreak(b) && !isProcessSubstitutionStart() { throw unexpected() }
        return try parseSimpleCommand()
    }

    /// Parses redirections that follow a compound command (`done > log`, `} 2>&1`).
    mutating func withRedirections(_ node: CompoundNode) throws(ParseFailure) -> CompoundNode {
        var node = node
        while true {
            skipBlanks()
            guard isRedirectionStart() else { break }
            node.redirections.append(try parseRedirection())
        }
        return node
    }

    mutating func parseSimpleCommand() throws(ParseFailure) -> CommandNode {
        commandCount += 1
        if commandCount > Self.maxCommands { throw fail("script too complex: more than \(Self.maxCommands) commands") }
        var command = SimpleCommandNode(offset: pos)
        // Most commands have a few words: one allocation instead of growing from one.
        command.words.reserveCapacity(4)
        while true {
            skipBlanks()
            guard let b = peek() else { break }
            if isRedirectionStart() {
                command.redirections.append(try parseRedirection())
                continue
            }
            if Byte.isWordBreak(b) && !isProcessSubstitutionStart() {
                if b == Byte.openParen {
                    if command.words.count == 1, command.assignments.isEmpty, command.redirections.isEmpty,
                       let name = command.words[0].plainLiteral
                    {
                        return try parseFunctionBody(name: name.string, opener: pos)
                    }
                    throw unexpected()
                }
                break
            }
            if command.words.isEmpty, let assignment = try parseAssignmentIfPresent() {
                command.assignments.append(assignment)
                continue
            }
            command.words.append(try parseWord())
            if command.words.count > Self.maxWords {
                throw fail("script too complex: a command with more than \(Self.maxWords) words")
            }
        }
        if command.words.isEmpty && command.assignments.isEmpty && command.redirections.isEmpty {
            throw unexpected()
        }
        return .simple(command)
    }

    /// `NAME=value`, `NAME+=value`, `NAME[i]=value` or `NAME=(…)` at the current position.
    mutating func parseAssignmentIfPresent() throws(ParseFailure) -> AssignmentNode? {
        var i = pos
        guard i < bytes.count, Byte.isNameStart(bytes[i]) else { return nil }
        while i < bytes.count && Byte.isNameChar(bytes[i]) { i += 1 }
        let nameEnd = i
        if i < bytes.count && bytes[i] == Byte.openBracket {
            // Array element: skip a balanced, simple subscript.
            while i < bytes.count && bytes[i] != Byte.closeBracket && !Byte.isWordBreak(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == Byte.closeBracket else { return nil }
            i += 1
        }
        var isAppend = false
        if i < bytes.count && bytes[i] == Byte.plus {
            i += 1
            isAppend = true
        }
        guard i < bytes.count, bytes[i] == Byte.equals else { return nil }
        let name = bytes[pos..<nameEnd].string
        pos = i + 1
        if peek() == Byte.openParen {
            let open = pos
            pos += 1
            var elements: [WordNode] = []
            while true {
                skipLinebreaks()
                guard let b = peek() else { throw fail("unterminated array assignment", at: open) }
                if b == Byte.closeParen {
                    pos += 1
                    break
                }
                if Byte.isWordBreak(b) { throw unexpected() }
                elements.append(try parseWord())
            }
            return AssignmentNode(name: name, value: nil, elements: elements, isAppend: isAppend)
        }
        if let b = peek(), !Byte.isWordBreak(b) {
            return AssignmentNode(name: name, value: try parseWord(), elements: nil, isAppend: isAppend)
        }
        return AssignmentNode(name: name, value: WordNode(parts: [], start: pos, end: pos), elements: nil, isAppend: isAppend)
    }

    // MARK: Functions

    /// `name ( ) compound-command`, with `pos` at the `(`.
    mutating func parseFunctionBody(name: String, opener: Int) throws(ParseFailure) -> CommandNode {
        pos += 1
        skipBlanks()
        guard peek() == Byte.closeParen else { throw unexpected() }
        pos += 1
        skipLinebreaks()
        let body = try parseCommand()
        guard case .compound = body else { throw fail("function body must be a compound command", at: opener) }
        return .function(FunctionNode(name: name, body: body))
    }

    /// `function name [()] compound-command`.
    mutating func parseFunctionKeyword() throws(ParseFailure) -> CommandNode {
        let start = pos
        pos += "function".utf8.count
        skipBlanks()
        guard let b = peek(), !Byte.isWordBreak(b) else { throw fail("expected a function name", at: start) }
        let nameWord = try parseWord()
        guard let name = nameWord.staticText, !name.isEmpty else { throw fail("invalid function name", at: nameWord.start) }
        skipBlanks()
        if peek() == Byte.openParen {
            return try parseFunctionBody(name: name.string, opener: pos)
        }
        skipLinebreaks()
        let body = try parseCommand()
        guard case .compound = body else { throw fail("function body must be a compound command", at: start) }
        return .function(FunctionNode(name: name.string, body: body))
    }

    // MARK: Scanning helpers

    @inline(__always) func peek(_ offset: Int = 0) -> UInt8? {
        let i = pos + offset
        return i < bytes.count ? bytes[i] : nil
    }

    func isBreakOrEnd(at i: Int) -> Bool { i >= bytes.count || Byte.isWordBreak(bytes[i]) }

    /// Skips blanks, line continuations and comments (not newlines).
    mutating func skipBlanks() {
        while pos < bytes.count {
            let b = bytes[pos]
            if Byte.isBlank(b) {
                pos += 1
            } else if b == Byte.backslash && pos + 1 < bytes.count && bytes[pos + 1] == Byte.newline {
                pos += 2
            } else if b == Byte.hash {
                while pos < bytes.count && bytes[pos] != Byte.newline { pos += 1 }
            } else {
                break
            }
        }
    }

    /// Skips blanks, comments and newlines (reading any pending here-doc bodies).
    mutating func skipLinebreaks() {
        while true {
            skipBlanks()
            guard peek() == Byte.newline else { return }
            consumeNewline()
        }
    }

    mutating func consumeNewline() {
        pos += 1
        if !pendingHereDocs.isEmpty { readHereDocBodies() }
    }

    /// Reserved words are recognised only as whole unquoted words in command position.
    static let reservedWords: Set<String> = [
        "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
        "for", "select", "function", "in", "{", "}", "!", "[[", "]]", "time",
    ]

    func peekReserved() -> String? {
        var i = pos
        while i < bytes.count && i - pos < 9 {
            let b = bytes[i]
            if Byte.isWordBreak(b) || b == Byte.singleQuote || b == Byte.doubleQuote || b == Byte.backslash
                || b == Byte.dollar || b == Byte.backtick
            {
                break
            }
            i += 1
        }
        guard i > pos, i - pos <= 8, isBreakOrEnd(at: i) else { return nil }
        // Compared as bytes: this runs before every command word, and most are not reserved.
        let length = i - pos
        for (word, utf8) in Self.reservedWordBytes where utf8.count == length && utf8[0] == bytes[pos] {
            if bytes[pos..<i].elementsEqual(utf8) { return word }
        }
        return nil
    }

    /// ``reservedWords`` with their bytes.
    private static let reservedWordBytes: [(String, [UInt8])] = reservedWords.map { ($0, Array($0.utf8)) }

    /// Consumes the reserved word `word` (after linebreaks) or fails naming the construct.
    mutating func expectReserved(_ word: String, construct: String, opener: Int) throws(ParseFailure) {
        skipLinebreaks()
        if peekReserved() == word {
            pos += word.utf8.count
            return
        }
        if pos >= bytes.count {
            throw fail("unexpected end of file: missing '\(word)' for '\(construct)'", at: opener)
        }
        throw fail("expected '\(word)' for '\(construct)', found '\(tokenPreview())'")
    }

    mutating func expectByte(_ byte: UInt8, opener: Int, construct: String) throws(ParseFailure) {
        skipLinebreaks()
        if peek() == byte {
            pos += 1
            return
        }
        if pos >= bytes.count {
            throw fail("unexpected end of file: missing '\(String(UnicodeScalar(byte)))' for '\(construct)'", at: opener)
        }
        throw unexpected()
    }

    func requireCommands(_ script: ScriptNode, at offset: Int, construct: String) throws(ParseFailure) {
        if script.items.isEmpty { throw fail("empty \(construct)", at: offset) }
    }

    mutating func enter() throws(ParseFailure) {
        depth += 1
        if depth > Self.maxNesting { throw fail("nesting too deep (more than \(Self.maxNesting) levels)") }
    }

    func fail(_ message: String, at offset: Int? = nil) -> ParseFailure {
        ParseFailure(offset: offset ?? pos, message: message)
    }

    func unexpected() -> ParseFailure {
        if pos >= bytes.count { return fail("unexpected end of file") }
        return fail("unexpected '\(tokenPreview())'")
    }

    /// A short rendering of the token at `pos` for error messages.
    func tokenPreview() -> String {
        guard pos < bytes.count else { return "end of file" }
        let b = bytes[pos]
        if b == Byte.newline { return "newline" }
        var end = pos + 1
        if Byte.isWordBreak(b) {
            while end < bytes.count && end - pos < 3 && Byte.isWordBreak(bytes[end]) && !Byte.isBlank(bytes[end])
                && bytes[end] != Byte.newline
            {
                end += 1
            }
        } else {
            while end < bytes.count && end - pos < 20 && !Byte.isWordBreak(bytes[end]) { end += 1 }
        }
        return bytes[pos..<end].string
    }
}
