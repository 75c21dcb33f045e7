// Walking the syntax tree in script order: lists, pipelines, compound commands.
extension Lowerer {
    mutating func lowerScript(_ script: ScriptNode, stdin: StdinSource) {
        for item in script.items {
            if overflow { return }
            let saved = cwd
            for pipeline in item.pipelines { lowerPipeline(pipeline, stdin: stdin) }
            // A background job runs in a subshell: its `cd` does not move us.
            if item.background { cwd = saved }
        }
    }

    mutating func lowerPipeline(_ pipeline: PipelineNode, stdin: StdinSource) {
        let first = commands.count
        let multi = pipeline.elements.count > 1
        var feeding: [String] = Self.upstream(of: stdin)
        var source = stdin
        for element in pipeline.elements {
            let saved = cwd
            let start = commands.count
            let output = lowerCommand(element, stdin: source)
            if multi { cwd = saved }
            var programs: [String] = []
            if start < commands.count {
                for command in commands[start...].reversed() where !command.program.isEmpty { programs.append(command.program) }
            }
            // Nearest first; only the nearest few matter and a cap keeps long pipelines linear.
            feeding = Array((programs + feeding).prefix(Self.maxUpstream))
            source = .pipe(programs: feeding, text: output)
        }
        if pipeline.timed && first < commands.count {
            for i in first..<commands.count { commands[i].via.append("time") }
        }
    }

    /// Lowers one pipeline element; returns its standard output when statically known.
    mutating func lowerCommand(_ node: CommandNode, stdin: StdinSource) -> [UInt8]? {
        walkDepth += 1
        defer { walkDepth -= 1 }
        switch node {
        case .simple(let simple):
            return lowerSimple(simple, stdin: stdin)
        case .compound(let compound):
            lowerCompound(compound, stdin: stdin)
            return nil
        case .function(let function):
            let saved = cwd
            _ = lowerCommand(function.body, stdin: .none)
            cwd = saved
            functions.insert(function.name)
            return nil
        }
    }

    mutating func lowerCompound(_ node: CompoundNode, stdin: StdinSource) {
        var io = CommandIO(stdin: stdin)
        lowerRedirections(node.redirections, into: &io)
        let stdinForBody = io.stdin
        let saved = cwd
        for nested in node.nested { lowerSubstitution(nested) }
        switch node.kind {
        case .subshell:
            for body in node.bodies { lowerScript(body, stdin: stdinForBody) }
            cwd = saved
        case .group:
            for body in node.bodies { lowerScript(body, stdin: stdinForBody) }
        case .conditional:
            for word in node.words { _ = expandWord(word, mode: .single) }
        case .arithmetic:
            break
        case .caseClause, .forLoop, .selectLoop:
            for word in node.words { _ = expandWord(word, mode: .argument) }
            for body in node.bodies { lowerScript(body, stdin: stdinForBody) }
            if cwd != saved { cwd = nil }
        case .ifClause, .whileLoop, .untilLoop, .arithmeticFor:
            for body in node.bodies { lowerScript(body, stdin: stdinForBody) }
            // A `cd` in a branch or loop may or may not have happened.
            if cwd != saved { cwd = nil }
        }
        if !io.effects.isEmpty { emitBare(CommandIO(redirections: io.redirections, effects: io.effects, stdin: .none)) }
    }

    /// Commands inside `$( … )`, backticks or `<( … )`: they run in a subshell.
    /// Returns their programs, nearest (last) first.
    @discardableResult
    mutating func lowerSubstitution(_ script: ScriptNode) -> [String] {
        walkDepth += 1
        defer { walkDepth -= 1 }
        let saved = cwd
        let start = commands.count
        lowerScript(script, stdin: .none)
        cwd = saved
        var programs: [String] = []
        if start < commands.count {
            for command in commands[start...].reversed() where !command.program.isEmpty { programs.append(command.program) }
        }
        return programs
    }

    mutating func lowerSimple(_ node: SimpleCommandNode, stdin: StdinSource) -> [UInt8]? {
        for assignment in node.assignments {
            if let value = assignment.value { _ = expandWord(value, mode: .assignment) }
            for element in assignment.elements ?? [] { _ = expandWord(element, mode: .argument) }
        }
        var argv: [LoweredWord] = []
        argv.reserveCapacity(node.words.count)
        for word in node.words { argv.append(contentsOf: expandWord(word, mode: .argument)) }
        var io = CommandIO(stdin: stdin)
        lowerRedirections(node.redirections, into: &io)
        guard let first = argv.first else {
            if !io.redirections.isEmpty { emitBare(io) }
            return nil
        }
        if !first.isDynamic {
            let name = first.text
            // A call of a function defined earlier: its body was analysed where it was
            // defined. Names of real programs are still reported, so a function cannot hide
            // `rm -rf /` behind the name `rm`.
            if functions.contains(name) && !ProgramSets.isKnown(Self.basename(first.bytes)) {
                if !io.redirections.isEmpty { emitBare(io) }
                return nil
            }
        }
        lowerArgv(argv, io: io)
        if !first.isDynamic { trackDirectoryChange(argv) }
        return StaticOutput.of(argv, stdin: io.stdin)
    }

    /// `cd DIR`, `pushd DIR`, `popd`: the working directory of later commands.
    mutating func trackDirectoryChange(_ argv: [LoweredWord]) {
        let name = argv[0].text
        guard name == "cd" || name == "pushd" || name == "popd" || name == "chdir" else { return }
        if name == "popd" {
            cwd = nil
            return
        }
        var operands = argv.dropFirst().filter { $0.isDynamic || !($0.bytes.first == Byte.minus && $0.bytes.count > 1) }
        if operands.first?.bytes == [Byte.minus, Byte.minus] { operands.removeFirst() }
        guard let target = operands.first else {
            cwd = homeValue().map { $0.string }
            return
        }
        if target.isDynamic || target.bytes == [Byte.minus] {
            cwd = nil
            return
        }
        if target.bytes.first == Byte.slash {
            cwd = PathResolver.normalize(target.bytes).string
        } else if let current = cwd {
            cwd = PathResolver.normalize(Array(current.utf8) + [Byte.slash] + target.bytes).string
        }
    }
}
