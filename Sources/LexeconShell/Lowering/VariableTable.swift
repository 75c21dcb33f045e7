/// Flow-insensitive knowledge of a script's variables: every static assignment anywhere
/// in the script. A variable with exactly one distinct static value is substituted; one
/// assigned several values, a run-time value, or touched by `read`/`for`/`unset`/
/// arithmetic/`${X:=…}` is dynamic.
struct VariableTable {
    /// Value words of plain assignments, by name.
    var candidates: [String: [WordNode]] = [:]
    /// Names whose value is known to vary or come from run time.
    var dynamicNames: Set<String> = []

    func mentions(_ name: String) -> Bool { candidates[name] != nil || dynamicNames.contains(name) }

    /// Builtins whose `NAME=value` operands assign.
    static let declarationBuiltins: Set<String> = ["export", "local", "declare", "typeset", "readonly"]
    /// Builtins whose name operands receive run-time values.
    static let readingBuiltins: Set<String> = ["read", "mapfile", "readarray", "getopts", "unset", "printf", "let", "wait"]

    static func collect(_ script: ScriptNode) -> VariableTable {
        var table = VariableTable()
        table.visit(script)
        return table
    }

    private mutating func visit(_ script: ScriptNode) {
        for item in script.items {
            for pipeline in item.pipelines {
                for element in pipeline.elements { visit(element) }
            }
        }
    }

    private mutating func visit(_ command: CommandNode) {
        switch command {
        case .simple(let simple):
            for assignment in simple.assignments {
                if let value = assignment.value, assignment.elements == nil, !assignment.isAppend {
                    // Prefix assignments (`X=1 cmd`) only reach the command's environment,
                    // but counting them keeps the table conservative.
                    candidates[assignment.name, default: []].append(value)
                    visit(value)
                } else {
                    dynamicNames.insert(assignment.name)
                    if let value = assignment.value { visit(value) }
                    for element in assignment.elements ?? [] { visit(element) }
                }
            }
            for word in simple.words { visit(word) }
            for redirection in simple.redirections {
                visit(redirection.target)
                if let body = redirection.hereDoc?.body { visit(body) }
            }
            if let head = simple.words.first?.plainLiteral.map({ $0.string }) {
                visitBuiltinOperands(head, simple.words.dropFirst())
            }
        case .compound(let compound):
            if let variable = compound.variable { dynamicNames.insert(variable) }
            for body in compound.bodies { visit(body) }
            for word in compound.words { visit(word) }
            for nested in compound.nested { visit(nested) }
            markArithmetic(compound.arithmeticText)
            for redirection in compound.redirections { visit(redirection.target) }
        case .function(let function):
            visit(function.body)
        }
    }

    private mutating func visitBuiltinOperands(_ head: String, _ operands: ArraySlice<WordNode>) {
        if Self.declarationBuiltins.contains(head) {
            for word in operands {
                if let (name, value) = Self.splitAssignment(word) {
                    candidates[name, default: []].append(value)
                } else if head != "export" && head != "readonly", let name = word.plainLiteral, Self.isName(name) {
                    dynamicNames.insert(name.string)
                }
            }
        } else if Self.readingBuiltins.contains(head) {
            for word in operands {
                guard let text = word.staticText else { continue }
                if head == "let" {
                    markArithmetic(text)
                } else {
                    // Every name-like operand may be assigned (`read -r a b`, `printf -v x`).
                    var name = text
                    if let eq = name.firstIndex(of: Byte.equals) { name = Array(name[..<eq]) }
                    if Self.isName(name) { dynamicNames.insert(name.string) }
                }
            }
        }
    }

    private mutating func visit(_ word: WordNode) {
        for part in word.parts {
            switch part {
            case .literal: break
            case .parameter(let parameter, _):
                // `${X:=v}` / `${X=v}` assign X.
                if !parameter.isSimple, parameter.raw.contains(Byte.equals), !parameter.name.isEmpty {
                    dynamicNames.insert(parameter.name.string)
                }
                for nested in parameter.nested { visit(nested) }
            case .commandSubstitution(let script, _, _), .processSubstitution(let script, _, _):
                visit(script)
            case .arithmetic(let nested, let raw, _):
                for script in nested { visit(script) }
                markArithmetic(raw)
            }
        }
    }

    /// Arithmetic that assigns (`=`, `+=`, `++`, `--`) makes every name in it dynamic.
    private mutating func markArithmetic(_ text: [UInt8]) {
        guard !text.isEmpty else { return }
        var assigns = false
        var i = 0
        while i < text.count {
            let b = text[i]
            if b == Byte.equals {
                let prev = i > 0 ? text[i - 1] : 0
                let next = i + 1 < text.count ? text[i + 1] : 0
                if next != Byte.equals && prev != Byte.equals && prev != Byte.bang && prev != Byte.less && prev != Byte.greater {
                    assigns = true
                }
            } else if (b == Byte.plus || b == Byte.minus) && i + 1 < text.count && text[i + 1] == b {
                assigns = true
            }
            i += 1
        }
        guard assigns else { return }
        i = 0
        while i < text.count {
            if Byte.isNameStart(text[i]) {
                let start = i
                while i < text.count && Byte.isNameChar(text[i]) { i += 1 }
                dynamicNames.insert(text[start..<i].string)
            } else {
                i += 1
            }
        }
    }

    static func isName(_ t: [UInt8]) -> Bool {
        guard let first = t.first, Byte.isNameStart(first) else { return false }
        return t.allSatisfy(Byte.isNameChar)
    }

    /// Splits a `NAME=value` word (unquoted name) into the name and the value word.
    static func splitAssignment(_ word: WordNode) -> (String, WordNode)? {
        guard case .literal(let bytes, quoted: false)? = word.parts.first,
            let eq = bytes.firstIndex(of: Byte.equals), eq > 0
        else { return nil }
        var nameEnd = eq
        if bytes[eq - 1] == Byte.plus { nameEnd -= 1 }
        let name = Array(bytes[..<nameEnd])
        guard isName(name) else { return nil }
        var parts = Array(word.parts.dropFirst())
        let rest = Array(bytes[(eq + 1)...])
        if !rest.isEmpty { parts.insert(.literal(rest, quoted: false), at: 0) }
        return (name.string, WordNode(parts: parts, start: word.start, end: word.end))
    }
}
