// Turning an argv into an effective command: unwrapping, flags, paths, effects.
extension Lowerer {
    /// Lowers one argv (already expanded) in the current layer.
    mutating func lowerArgv(_ argv: [LoweredWord], io: CommandIO) {
        guard let first = argv.first, !overflow else { return }
        if first.isDynamic {
            buildCommand(program: first.text, argv: argv, io: io, programIsDynamic: true)
            return
        }
        let program = Self.basename(first.bytes)
        if layer.depth > context.maxDepth {
            buildCommand(program: program, argv: argv, io: io,
                         opaque: OpaqueReason(kind: .depthLimit, detail: "nested deeper than \(context.maxDepth) layers"))
            return
        }
        if lowerSpecial(program: program, argv: argv, io: io) { return }
        buildCommand(program: program, argv: argv, io: io)
    }

    /// Runs `argv` one layer deeper (a wrapper's command), recording `via`.
    mutating func nest(_ argv: ArraySlice<LoweredWord>, io: CommandIO, via: String, privileged: Bool = false, cwd newCwd: String?? = nil) {
        guard !argv.isEmpty else { return }
        let saved = layer
        let savedCwd = cwd
        layer.via.insert(via, at: 0)
        layer.depth += 1
        if privileged { layer.privileged = true }
        if let newCwd { cwd = newCwd }
        lowerArgv(Array(argv), io: io)
        layer = saved
        if newCwd != nil { cwd = savedCwd }
    }

    /// Builds and appends the effective command for a program that is not unwrapped.
    @discardableResult
    mutating func buildCommand(
        program: String, argv: [LoweredWord], io: CommandIO, programIsDynamic: Bool = false,
        opaque: OpaqueReason? = nil, privileged: Bool = false, upstream: [String]? = nil, remoteOperands: Bool = false
    ) -> EffectiveCommand {
        let lookup = Self.lookupName(program)
        var args = argv.dropFirst()
        var tarOldStyle: [LoweredWord] = []
        if lookup == "tar", let firstArg = args.first, !firstArg.isDynamic, let b = firstArg.bytes.first, b != Byte.minus,
            firstArg.bytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
        {
            // Old-style `tar xzf file`: the first word is a cluster without the dash.
            tarOldStyle = [LoweredWord(staticBytes: [Byte.minus] + firstArg.bytes)] + Array(args.dropFirst())
            args = tarOldStyle[...]
        }
        let spec = programIsDynamic ? nil : ProgramTable.spec(for: lookup)
        var parsed: ParsedArguments
        if lookup == "find" && !programIsDynamic {
            parsed = FindExpression.parse(args).arguments
        } else {
            parsed = ArgumentParser.parse(args, spec: spec)
        }

        // Paths of operands.
        var base = cwd
        if lookup == "git", let dir = parsed.values("-C").last {
            base = resolveDirectory(dir, from: cwd)
        }
        let pathIndexes = pathOperandIndexes(lookup, parsed: parsed)
        var positionals: [Word] = []
        var positionalPaths: [ResolvedPath?] = []
        let remote = remoteOperands || lookup == "scp" || lookup == "rsync"
        for (i, word) in parsed.positionals.enumerated() {
            var path: ResolvedPath?
            if pathIndexes.contains(i) {
                if lookup == "dd" {
                    path = ddOperandPath(word)
                } else {
                    path = resolver.resolve(word, cwd: base, remoteSyntax: remote)
                }
            }
            positionals.append(Word(text: word.text, isDynamic: word.isDynamic, path: path, isGlob: word.isGlob))
            positionalPaths.append(path)
        }
        // Arguments: the same words, with the operands' paths.
        var arguments: [Word] = []
        arguments.reserveCapacity(argv.count - 1)
        var nextPositional = 0
        for word in argv.dropFirst() {
            var lowered = Word(text: word.text, isDynamic: word.isDynamic, isGlob: word.isGlob)
            if nextPositional < positionals.count, positionals[nextPositional].text == lowered.text {
                lowered.path = positionals[nextPositional].path
                nextPositional += 1
            }
            arguments.append(lowered)
        }
        var optionPaths: [(String, ResolvedPath)] = []
        for (option, word) in parsed.optionWords {
            if let path = resolver.resolve(word, cwd: base, remoteSyntax: remote) { optionPaths.append((option, path)) }
        }

        var effects: [PathEffect] = []
        if !programIsDynamic, FileEffects.isKnown(lookup) {
            effects = FileEffects.effects(
                program: lookup, parsed: parsed, operandPaths: positionalPaths, optionPaths: optionPaths,
                cwdPath: { self.cwdPath(base) })
        }
        effects.append(contentsOf: io.effects)

        var reason = opaque
        var feeders = upstream ?? Self.upstream(of: io.stdin)
        if reason == nil && !programIsDynamic, let found = interpreterOpaque(program: lookup, argv: argv, parsed: parsed, io: io) {
            reason = found.reason
            if !found.upstream.isEmpty && feeders.isEmpty { feeders = found.upstream }
        }
        let command = EffectiveCommand(
            program: program, programWord: argv[0].text, programIsDynamic: programIsDynamic, arguments: arguments,
            flags: parsed.flags, optionValues: parsed.optionValues, positionals: positionals, effects: effects,
            redirections: io.redirections, upstream: feeders, privileged: privileged, opaque: reason)
        append(command)
        return command
    }

    /// Table key for a program: `mkfs.ext4` → `mkfs`, `python3.12` stays (prefix-matched).
    static func lookupName(_ program: String) -> String {
        if program.hasPrefix("mkfs.") { return "mkfs" }
        if program.hasPrefix("mke2fs") { return "mkfs" }
        return program
    }

    /// Which operand positions are paths.
    func pathOperandIndexes(_ program: String, parsed: ParsedArguments) -> Set<Int> {
        let count = parsed.positionals.count
        guard count > 0 else { return [] }
        guard let spec = parsed.spec else { return Set(0..<count) }
        if !spec.options.pathOperands { return [] }
        if program == "dd" { return Set(0..<count) }
        var skip = spec.options.nonPathOperands
        if !spec.options.operandProvidingOptions.isDisjoint(with: parsed.flags) { skip = 0 }
        if program == "perl", parsed.has("-e") || parsed.has("-E") { skip = 0 }
        return skip >= count ? [] : Set(skip..<count)
    }

    /// `of=/dev/sda` → the path of `/dev/sda`; other dd operands have none.
    func ddOperandPath(_ word: LoweredWord) -> ResolvedPath? {
        let t = word.bytes
        guard t.starts(with: Array("of=".utf8)) || t.starts(with: Array("if=".utf8)) else { return nil }
        var value = LoweredWord(bytes: Array(t.dropFirst(3)), isDynamic: word.isDynamic, isGlob: word.isGlob,
                                staticPrefix: max(0, word.staticPrefix - 3))
        value.isDynamic = word.isDynamic
        return resolver.resolve(value, cwd: cwd)
    }

    func resolveDirectory(_ dir: String, from base: String?) -> String? {
        let t = Array(dir.utf8)
        if t.first == Byte.slash { return PathResolver.normalize(t).string }
        guard let base else { return nil }
        return PathResolver.normalize(Array(base.utf8) + [Byte.slash] + t).string
    }

    func cwdPath(_ base: String?) -> ResolvedPath {
        guard let base else { return ResolvedPath(absolute: ".", classes: [.dynamic]) }
        return resolver.resolve(LoweredWord(base), cwd: nil) ?? ResolvedPath(absolute: base, classes: [.dynamic])
    }
}
