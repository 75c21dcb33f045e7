/// One byte of a word during expansion, tagged with where it came from.
struct ExpansionUnit {
    enum Kind: UInt8 {
        /// Unquoted script text: subject to brace, tilde and glob.
        case literal
        /// Quoted text or a quoted expansion: taken as is.
        case quoted
        /// The value of an unquoted static expansion: field-split and globbed.
        case expanded
        /// Run-time text, kept as written.
        case dynamic
    }
    var byte: UInt8
    var kind: Kind
}

/// How a word is expanded.
enum ExpansionMode {
    /// Command arguments: brace expansion, tilde, field splitting, globs.
    case argument
    /// Assignment values: tilde, no splitting or globbing.
    case assignment
    /// Redirection targets, `[[ ]]` words, here-doc bodies: one word, no splitting.
    case single
}

// Word expansion: parameters, substitutions, braces, tilde, field splitting, globs.
extension Lowerer {
    /// Expands a word into zero or more lowered words, emitting the commands of any
    /// substitutions it contains (they run before the command that uses them).
    mutating func expandWord(_ word: WordNode, mode: ExpansionMode) -> [LoweredWord] {
        if let plain = Self.plainWord(word) { return [plain] }
        var units: [ExpansionUnit] = []
        var sawQuoted = false
        var feeders: [String] = []
        var hasSubstitution = false
        var isProcessSubstitution = false
        var forcedDynamic = false

        func append(_ bytes: [UInt8], _ kind: ExpansionUnit.Kind) {
            for b in bytes { units.append(ExpansionUnit(byte: b, kind: kind)) }
        }

        for part in word.parts {
            switch part {
            case .literal(let bytes, let quoted):
                if quoted { sawQuoted = true }
                append(bytes, quoted ? .quoted : .literal)
            case .parameter(let parameter, let quoted):
                if quoted { sawQuoted = true }
                for nested in parameter.nested {
                    feeders.append(contentsOf: lowerSubstitution(nested))
                    hasSubstitution = true
                }
                if let value = parameterValue(parameter) {
                    append(value, quoted ? .quoted : .expanded)
                } else {
                    append(parameter.raw, .dynamic)
                }
            case .commandSubstitution(let script, let raw, let quoted):
                if quoted { sawQuoted = true }
                feeders.append(contentsOf: lowerSubstitution(script))
                hasSubstitution = true
                append(raw, .dynamic)
            case .arithmetic(let nested, let raw, let quoted):
                if quoted { sawQuoted = true }
                for script in nested { feeders.append(contentsOf: lowerSubstitution(script)) }
                append(raw, .dynamic)
            case .processSubstitution(let script, let raw, _):
                feeders.append(contentsOf: lowerSubstitution(script))
                hasSubstitution = true
                isProcessSubstitution = true
                append(raw, .dynamic)
            }
        }

        var variants: [[ExpansionUnit]] = [units]
        if mode == .argument && units.contains(where: { $0.kind == .literal && $0.byte == Byte.openBrace }) {
            if braceWordsLeft <= 0 || braceBytesLeft <= 0 {
                forcedDynamic = true
            } else if let expanded = BraceExpander.expand(units, limit: min(1024, braceWordsLeft), maxUnits: braceBytesLeft) {
                braceWordsLeft -= expanded.count
                for variant in expanded { braceBytesLeft -= variant.count }
                variants = expanded
            } else {
                forcedDynamic = true
            }
        }

        var out: [LoweredWord] = []
        for variant in variants {
            let expanded = expandTilde(variant)
            let fields: [[ExpansionUnit]]
            if mode == .argument && expanded.contains(where: { $0.kind == .expanded }) {
                fields = splitFields(expanded, keepEmpty: sawQuoted)
            } else {
                fields = [expanded]
            }
            for field in fields {
                if field.isEmpty && !sawQuoted && mode == .argument { continue }
                var lowered = Self.makeWord(field, globs: mode != .assignment)
                if forcedDynamic {
                    lowered.isDynamic = true
                    lowered.staticPrefix = 0
                }
                lowered.feeders = feeders
                lowered.hasSubstitution = hasSubstitution
                lowered.isProcessSubstitution = isProcessSubstitution
                out.append(lowered)
            }
        }
        return out
    }

    /// Fast path: a word of literal parts with nothing to expand (no braces, tilde or
    /// glob characters unquoted) is its own text.
    static func plainWord(_ word: WordNode) -> LoweredWord? {
        var bytes: [UInt8] = []
        for (index, part) in word.parts.enumerated() {
            guard case .literal(let text, let quoted) = part else { return nil }
            if !quoted {
                for b in text {
                    switch b {
                    case Byte.openBrace, Byte.star, Byte.question, Byte.openBracket: return nil
                    case Byte.tilde where index == 0 && b == text.first: return nil
                    default: continue
                    }
                }
            }
            if word.parts.count == 1 { return LoweredWord(bytes: text) }
            bytes.append(contentsOf: text)
        }
        return word.parts.isEmpty ? nil : LoweredWord(bytes: bytes)
    }

    static func makeWord(_ units: [ExpansionUnit], globs: Bool) -> LoweredWord {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count)
        var firstDynamic: Int?
        var isGlob = false
        var openBracket = false
        for (i, unit) in units.enumerated() {
            bytes.append(unit.byte)
            switch unit.kind {
            case .dynamic:
                if firstDynamic == nil { firstDynamic = i }
            case .literal, .expanded:
                guard globs else { break }
                if unit.byte == Byte.star || unit.byte == Byte.question {
                    isGlob = true
                } else if unit.byte == Byte.openBracket {
                    openBracket = true
                } else if unit.byte == Byte.closeBracket && openBracket {
                    isGlob = true
                }
            case .quoted:
                break
            }
        }
        return LoweredWord(bytes: bytes, isDynamic: firstDynamic != nil, isGlob: isGlob, staticPrefix: firstDynamic)
    }

    /// `~` and `~/…` at the start of a word become the home directory; `~+` the working
    /// directory; `~user` and `~-` are run-time values.
    func expandTilde(_ units: [ExpansionUnit]) -> [ExpansionUnit] {
        guard let first = units.first, first.kind == .literal, first.byte == Byte.tilde else { return units }
        var end = 1
        while end < units.count && !(units[end].byte == Byte.slash) {
            if units[end].kind != .literal { return units }
            end += 1
        }
        let replacement: [UInt8]?
        if end == 1 {
            replacement = homeValue()
        } else if end == 2 && units[1].byte == Byte.plus {
            replacement = cwd.map { Array($0.utf8) }
        } else {
            replacement = nil
        }
        var out: [ExpansionUnit] = []
        out.reserveCapacity(units.count + 16)
        if let replacement {
            for b in replacement { out.append(ExpansionUnit(byte: b, kind: .quoted)) }
        } else {
            for unit in units[..<end] { out.append(ExpansionUnit(byte: unit.byte, kind: .dynamic)) }
        }
        out.append(contentsOf: units[end...])
        return out
    }

    /// Splits on IFS characters that came from unquoted expansions.
    func splitFields(_ units: [ExpansionUnit], keepEmpty: Bool) -> [[ExpansionUnit]] {
        guard let ifs = ifsBytes() else {
            // IFS varies at run time: the expansion's shape is unknown.
            return [units.map { $0.kind == .expanded ? ExpansionUnit(byte: $0.byte, kind: .dynamic) : $0 }]
        }
        var fields: [[ExpansionUnit]] = []
        var current: [ExpansionUnit] = []
        var currentHasContent = false
        for unit in units {
            if unit.kind == .expanded && ifs.contains(unit.byte) {
                if currentHasContent { fields.append(current) }
                current = []
                currentHasContent = false
                continue
            }
            current.append(unit)
            currentHasContent = true
        }
        if currentHasContent { fields.append(current) }
        if fields.isEmpty && keepEmpty { fields.append([]) }
        return fields
    }

    /// The static value of `$NAME` / `${NAME}`, or nil when it is only known at run time.
    mutating func parameterValue(_ parameter: ParameterNode) -> [UInt8]? {
        guard parameter.isSimple, let first = parameter.name.first else { return nil }
        if Byte.isDigit(first) {
            guard let params = layer.positional, let index = Int(parameter.name.string), index < params.count,
                params[index].isStatic
            else { return nil }
            return params[index].bytes
        }
        guard Byte.isNameStart(first) else { return nil }
        return variableValue(parameter.name.string, visiting: [])
    }

    /// Looks a variable up through the table stack (innermost script first).
    func variableValue(_ name: String, visiting: [String]) -> [UInt8]? {
        if visiting.isEmpty, let cached = memo.values[name] { return cached }
        memo.steps += 1
        // A bounded amount of resolution work per analysis: chains of thousands of
        // variables become dynamic instead of slow.
        guard memo.steps <= VariableMemo.maxSteps else { return nil }
        let usedPWDBefore = memo.usedPWD
        if visiting.isEmpty { memo.usedPWD = false }
        let value = resolveVariable(name, visiting: visiting)
        if visiting.isEmpty {
            if !memo.usedPWD { memo.values[name] = .some(value) }
            memo.usedPWD = memo.usedPWD || usedPWDBefore
        }
        return value
    }

    private func resolveVariable(_ name: String, visiting: [String]) -> [UInt8]? {
        for table in variables.reversed() where table.mentions(name) {
            if table.dynamicNames.contains(name) { return nil }
            guard let words = table.candidates[name], visiting.count < 16, !visiting.contains(name) else { return nil }
            var value: [UInt8]?
            let next = visiting + [name]
            for word in words {
                guard let v = staticValue(of: word, visiting: next) else { return nil }
                if let existing = value, existing != v { return nil }
                value = v
            }
            return value
        }
        switch name {
        case "HOME": return Array(context.home.utf8)
        case "PWD":
            memo.usedPWD = true
            return cwd.map { Array($0.utf8) }
        default: return nil
        }
    }

    /// The value of an assignment word when it has no run-time part.
    func staticValue(of word: WordNode, visiting: [String]) -> [UInt8]? {
        var out: [UInt8] = []
        for (i, part) in word.parts.enumerated() {
            switch part {
            case .literal(let bytes, let quoted):
                if i == 0 && !quoted && bytes.first == Byte.tilde && (bytes.count == 1 || bytes[1] == Byte.slash) {
                    guard let home = visiting.contains("HOME") ? nil : homeValue() else { return nil }
                    out.append(contentsOf: home)
                    out.append(contentsOf: bytes.dropFirst())
                } else {
                    out.append(contentsOf: bytes)
                }
            case .parameter(let parameter, _):
                guard parameter.isSimple, let first = parameter.name.first, Byte.isNameStart(first),
                    let value = variableValue(parameter.name.string, visiting: visiting)
                else { return nil }
                out.append(contentsOf: value)
            default:
                return nil
            }
        }
        return out
    }

    /// The home directory `~` expands to: `HOME` as assigned in the script, else the context's.
    func homeValue() -> [UInt8]? {
        variableValue("HOME", visiting: [])
    }

    /// Field separators; nil when `IFS` is assigned a run-time value.
    func ifsBytes() -> [UInt8]? {
        if variables.contains(where: { $0.mentions("IFS") }) { return variableValue("IFS", visiting: []) }
        return [Byte.space, Byte.tab, Byte.newline]
    }
}
