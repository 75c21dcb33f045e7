/// The command that carries a nested script (`bash -c`, `ssh host CMD`, `eval`), used
/// when the script is opaque and, for carriers that matter themselves, always.
struct Carrier {
    var program: String
    var argv: [LoweredWord]
    var io: CommandIO
    var privileged = false
    /// Report the carrier itself even when its script is analysed (`ssh`, `git`), rather
    /// than only when the script is opaque (`bash -c`, `eval`).
    var alwaysReport = false
}

// Nested scripts: shells, `eval`, here-docs and pipes into shells, interpreters.
extension Lowerer {
    /// `sh|bash|… [options] [-c SCRIPT [NAME ARGS…] | FILE ARGS… | (stdin)]`.
    mutating func lowerShell(program: String, argv: [LoweredWord], io: CommandIO) -> Bool {
        var i = 1
        var inline = false
        var readsStdin = false
        while i < argv.count {
            let word = argv[i]
            let t = word.bytes
            if word.isDynamic { break }
            if t == [Byte.minus] || t == [Byte.minus, Byte.minus] {
                i += 1
                break
            }
            guard t.count >= 2, t[0] == Byte.minus || t[0] == Byte.plus else { break }
            if t[0] == Byte.minus && t[1] == Byte.minus {
                let name = word.text
                i += (name == "--rcfile" || name == "--init-file") ? 2 : 1
                continue
            }
            var takesValue = false
            for c in t.dropFirst() {
                if c == UInt8(ascii: "c") && t[0] == Byte.minus { inline = true }
                if c == UInt8(ascii: "s") { readsStdin = true }
                if c == UInt8(ascii: "o") || c == UInt8(ascii: "O") { takesValue = true }
            }
            i += takesValue ? 2 : 1
        }
        let operands = argv[min(i, argv.count)...]
        let carrier = Carrier(program: program, argv: argv, io: io)
        if inline {
            guard let script = operands.first else { return false }
            return nestScriptWord(script, carrier: carrier, via: "\(program) -c", positional: Array(operands.dropFirst()), passStdin: true)
        }
        if let file = operands.first, !readsStdin {
            if file.isProcessSubstitution {
                buildCommand(program: program, argv: argv, io: io,
                             opaque: OpaqueReason(kind: .runtimePayload, detail: "\(program) runs the output of \(Self.describe(file.feeders))"),
                             upstream: file.feeders)
                return true
            }
            return false
        }
        var inner = io
        inner.stdin = .none
        switch io.stdin {
        case .document(let text, let feeders, let hereString):
            let via = "\(program) \(hereString ? "<<<" : "<<")"
            if let text { return nestScript(text, carrier: Carrier(program: program, argv: argv, io: inner), via: via) }
            buildCommand(program: program, argv: argv, io: io, opaque: Self.runtimeReason(via: via, feeders: feeders, substituted: !feeders.isEmpty),
                         upstream: feeders)
            return true
        case .pipe(let programs, let text):
            if let text { return nestScript(text, carrier: Carrier(program: program, argv: argv, io: inner), via: "\(program) |") }
            buildCommand(program: program, argv: argv, io: io,
                         opaque: OpaqueReason(kind: .runtimePayload, detail: "\(program) runs the output of \(Self.describe(programs))"))
            return true
        case .none, .file:
            return false
        }
    }

    static func runtimeReason(via: String, feeders: [String], substituted: Bool) -> OpaqueReason {
        if substituted {
            return OpaqueReason(kind: .runtimePayload, detail: "\(via) runs the output of \(describe(feeders))")
        }
        return OpaqueReason(kind: .dynamicScript, detail: "\(via) with a script only known at run time")
    }

    /// A nested script given as one word (`bash -c WORD`, `su -c WORD`, `trap WORD`).
    mutating func nestScriptWord(
        _ word: LoweredWord, program: String, argv: [LoweredWord], io: CommandIO, via: String, privileged: Bool = false
    ) -> Bool {
        nestScriptWord(word, carrier: Carrier(program: program, argv: argv, io: io, privileged: privileged), via: via)
    }

    mutating func nestScriptWord(
        _ word: LoweredWord, carrier: Carrier, via: String, positional: [LoweredWord]? = nil, passStdin: Bool = false,
        sameShell: Bool = false, remote: Bool = false
    ) -> Bool {
        if word.isDynamic && !word.isGlob {
            buildCommand(program: carrier.program, argv: carrier.argv, io: carrier.io,
                         opaque: Self.runtimeReason(via: via, feeders: word.feeders, substituted: word.hasSubstitution || !word.feeders.isEmpty),
                         privileged: carrier.privileged, upstream: word.feeders.isEmpty ? nil : word.feeders)
            return true
        }
        return nestScript(word.bytes, carrier: carrier, via: via, positional: positional, passStdin: passStdin,
                          sameShell: sameShell, remote: remote)
    }

    /// A nested script made of several words joined by spaces (`eval a b`, `watch a b`).
    mutating func nestScriptWords(
        _ words: ArraySlice<LoweredWord>, program: String, argv: [LoweredWord], io: CommandIO, via: String,
        sameShell: Bool = false
    ) -> Bool {
        nestScriptWords(words, carrier: Carrier(program: program, argv: argv, io: io), via: via, sameShell: sameShell)
    }

    mutating func nestScriptWords(
        _ words: ArraySlice<LoweredWord>, carrier: Carrier, via: String, sameShell: Bool = false, remote: Bool = false,
        passStdin: Bool = false
    ) -> Bool {
        guard !words.isEmpty else { return false }
        if let dynamic = words.first(where: { $0.isDynamic && !$0.isGlob }) {
            let feeders = words.flatMap(\.feeders)
            buildCommand(program: carrier.program, argv: carrier.argv, io: carrier.io,
                         opaque: Self.runtimeReason(via: via, feeders: feeders, substituted: dynamic.hasSubstitution || !feeders.isEmpty),
                         privileged: carrier.privileged, upstream: feeders.isEmpty ? nil : feeders)
            return true
        }
        var text: [UInt8] = []
        for (i, word) in words.enumerated() {
            if i > 0 { text.append(Byte.space) }
            text.append(contentsOf: word.bytes)
        }
        return nestScript(text, carrier: carrier, via: via, passStdin: passStdin, sameShell: sameShell, remote: remote)
    }

    /// Parses and lowers a nested script one layer deeper. A script that does not parse,
    /// or one beyond the depth limit, makes the carrier command opaque.
    mutating func nestScript(
        _ text: [UInt8], carrier: Carrier, via: String, positional: [LoweredWord]? = nil, passStdin: Bool = false,
        sameShell: Bool = false, remote: Bool = false
    ) -> Bool {
        if layer.depth >= context.maxDepth {
            buildCommand(program: carrier.program, argv: carrier.argv, io: carrier.io,
                         opaque: OpaqueReason(kind: .depthLimit, detail: "\(via): nested deeper than \(context.maxDepth) layers"),
                         privileged: carrier.privileged)
            return true
        }
        guard nestedBytesLeft >= text.count else {
            tooComplex("script too complex: nested scripts (bash -c, eval, here-docs) add up to more than the analysis allows")
            return true
        }
        nestedBytesLeft -= text.count
        var parser = ShellParser(bytes: text, depth: walkDepth)
        let script: ScriptNode
        do {
            script = try parser.parseProgram()
        } catch {
            let located = error.located(in: text)
            buildCommand(program: carrier.program, argv: carrier.argv, io: carrier.io,
                         opaque: OpaqueReason(kind: .nestedParseError, detail: "\(via): \(located.description)"),
                         privileged: carrier.privileged)
            return true
        }
        if carrier.alwaysReport {
            buildCommand(program: carrier.program, argv: carrier.argv, io: carrier.io, privileged: carrier.privileged)
        }
        let savedLayer = layer
        let savedCwd = cwd
        let savedFunctions = functions
        layer.via.insert(via, at: 0)
        layer.depth += 1
        if carrier.privileged { layer.privileged = true }
        if let positional { layer.positional = positional } else if !sameShell { layer.positional = nil }
        if !carrier.alwaysReport {
            layer.inheritedRedirections.append(contentsOf: carrier.io.redirections)
            layer.inheritedEffects.append(contentsOf: carrier.io.effects)
        }
        if remote { cwd = nil }
        variables.append(VariableTable.collect(script))
        memo.values.removeAll()
        let start = commands.count
        walkDepth += 1
        lowerScript(script, stdin: passStdin ? carrier.io.stdin : .none)
        walkDepth -= 1
        variables.removeLast()
        memo.values.removeAll()
        layer = savedLayer
        if !sameShell || remote {
            cwd = savedCwd
            functions = savedFunctions
        }
        if commands.count == start && !carrier.alwaysReport && !carrier.io.effects.isEmpty { emitBare(carrier.io) }
        return true
    }

    /// Inline or stdin code for an interpreter (`python3 -c`, `node -e`, `… | python3`),
    /// or an awk program that runs commands.
    func interpreterOpaque(program: String, argv: [LoweredWord], parsed: ParsedArguments, io: CommandIO)
        -> (reason: OpaqueReason, upstream: [String])?
    {
        if ProgramSets.awks.contains(program) {
            guard !parsed.has("-f"), let code = parsed.positionals.first else { return nil }
            if code.isDynamic && !code.isGlob {
                return (OpaqueReason(kind: .interpreterCode, detail: "\(program) program only known at run time"), code.feeders)
            }
            let t = code.bytes
            if Self.find(Array("system".utf8), in: t) != nil || t.contains(Byte.pipe) && Self.find(Array("||".utf8), in: t) == nil {
                return (OpaqueReason(kind: .interpreterCode, detail: "\(program) program runs commands"), [])
            }
            return nil
        }
        guard let interpreter = ProgramSets.interpreter(program) else { return nil }
        var i = 1
        while i < argv.count {
            let word = argv[i]
            if word.isDynamic { break }
            let t = word.bytes
            let text = word.text
            if let sub = interpreter.evalSubcommand, text == sub {
                return (OpaqueReason(kind: .interpreterCode, detail: "\(program) \(sub) code"), [])
            }
            if interpreter.codeOptions.contains(text) || interpreter.codeOptions.contains(where: { text.hasPrefix($0 + "=") }) {
                return (OpaqueReason(kind: .interpreterCode, detail: "\(program) \(text) code"), [])
            }
            if t == [Byte.minus, Byte.minus] {
                i += 1
                break
            }
            guard t.count >= 2, t[0] == Byte.minus else { break }
            if t[1] == Byte.minus {
                i += 1
                continue
            }
            var consumesNext = false
            for (j, c) in t.dropFirst().enumerated() {
                if interpreter.codeLetters.contains(c) {
                    return (OpaqueReason(kind: .interpreterCode, detail: "\(program) -\(String(UnicodeScalar(c))) code"), [])
                }
                if interpreter.moduleLetters.contains(c) { return nil }
                if interpreter.valueLetters.contains(c) {
                    consumesNext = j + 2 == t.count
                    break
                }
            }
            i += consumesNext ? 2 : 1
        }
        if i < argv.count {
            let operand = argv[i]
            if operand.isProcessSubstitution {
                return (OpaqueReason(kind: .runtimePayload, detail: "\(program) runs the output of \(Self.describe(operand.feeders))"), operand.feeders)
            }
            if operand.isDynamic || operand.bytes != [Byte.minus] { return nil }
        }
        switch io.stdin {
        case .pipe(let programs, let text):
            if text != nil {
                return (OpaqueReason(kind: .interpreterCode, detail: "\(program) reads code from \(Self.describe(programs))"), programs)
            }
            return (OpaqueReason(kind: .runtimePayload, detail: "\(program) runs the output of \(Self.describe(programs))"), programs)
        case .document(let text, let feeders, _):
            if text != nil || feeders.isEmpty {
                return (OpaqueReason(kind: .interpreterCode, detail: "\(program) reads code from a here-document"), [])
            }
            return (OpaqueReason(kind: .runtimePayload, detail: "\(program) runs the output of \(Self.describe(feeders))"), feeders)
        case .none, .file:
            return nil
        }
    }
}
