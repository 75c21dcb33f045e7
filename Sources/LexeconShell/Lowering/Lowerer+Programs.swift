// Programs that carry commands and matter themselves: find, git, ssh, containers, curl.
extension Lowerer {
    /// `find … -exec CMD {} ;`: `find` itself (with its `-delete` effect) and each command.
    mutating func lowerFind(_ argv: [LoweredWord], io: CommandIO) -> Bool {
        let expression = FindExpression.parse(argv.dropFirst())
        buildCommand(program: "find", argv: argv, io: io)
        var start: [UInt8] = cwd.map { Array($0.utf8) } ?? []
        if let first = expression.arguments.positionals.first, first.isStatic {
            start = first.bytes.first == Byte.slash ? first.bytes : start + [Byte.slash] + first.bytes
        }
        for action in expression.actions {
            var command = action.argv
            guard !command.isEmpty else { continue }
            for index in command.indices where Self.find(Array("{}".utf8), in: command[index].bytes) != nil {
                command[index].isDynamic = true
                command[index].staticPrefix = min(command[index].staticPrefix, Self.find(Array("{}".utf8), in: command[index].bytes) ?? 0)
                if command[index].bytes == Array("{}".utf8), !start.isEmpty { command[index].pathHint = start + Array("/{}".utf8) }
            }
            var inner = CommandIO()
            inner.redirections = io.redirections
            let inDirectory = action.primary == "-execdir" || action.primary == "-okdir"
            nest(command[...], io: inner, via: "find \(action.primary)", cwd: inDirectory ? .some(nil) : nil)
        }
        return true
    }

    /// Git config keys whose values git runs through the shell.
    static func gitRunsShell(_ key: String, value: String) -> Bool {
        let fixed: Set<String> = [
            "core.sshcommand", "core.pager", "core.editor", "core.askpass", "sequence.editor", "diff.external", "gpg.program",
            "interactive.difffilter", "uploadpack.packobjectshook", "core.hookspath",
        ]
        if key == "core.fsmonitor" { return value != "true" && value != "false" && !value.isEmpty }
        if key == "credential.helper" { return value.hasPrefix("!") }
        if fixed.contains(key) { return key != "core.hookspath" }
        if key.hasPrefix("pager.") { return value != "true" && value != "false" }
        if key.hasPrefix("diff.") && (key.hasSuffix(".textconv") || key.hasSuffix(".command")) { return true }
        if key.hasPrefix("filter.") && (key.hasSuffix(".clean") || key.hasSuffix(".smudge") || key.hasSuffix(".process")) { return true }
        if key.hasPrefix("merge.") && key.hasSuffix(".driver") { return true }
        return false
    }

    /// `git`: reported itself; `-c alias.X=!cmd X`, shell-valued `-c` keys,
    /// `rebase --exec`, `filter-branch --*-filter`, `submodule foreach`, `bisect run`
    /// are nested commands.
    mutating func lowerGit(_ argv: [LoweredWord], io: CommandIO) -> Bool {
        let command = buildCommand(program: "git", argv: argv, io: io)
        let subcommand = command.positionals.first?.text ?? ""
        let configs = command.optionValues["-c"] ?? []
        guard !configs.isEmpty || Self.gitNestingSubcommands.contains(subcommand) else { return true }
        let spec = ProgramTable.spec(for: "git")
        let parsed = ArgumentParser.parse(argv.dropFirst(), spec: spec)
        let globals = OptionScan.scan(argv, from: 1, values: spec?.options.valueOptions ?? [])
        let subIndex = globals.operandIndex
        let carrier = Carrier(program: "git", argv: argv, io: io)
        var inner = io
        inner.stdin = .none
        for config in globals.values["-c"] ?? [] where config.isStatic {
            let text = config.text
            guard let eq = text.firstIndex(of: "=") else { continue }
            let key = text[..<eq].lowercased()
            let value = String(text[text.index(after: eq)...])
            if key.hasPrefix("alias.") {
                guard key.dropFirst(6) == subcommand.lowercased(), subIndex < argv.count else { continue }
                let rest = argv[(subIndex + 1)...]
                if value.hasPrefix("!") {
                    var script = Array(value.utf8.dropFirst())
                    if rest.contains(where: { $0.isDynamic && !$0.isGlob }) {
                        script.append(contentsOf: Array(" \"$@\"".utf8))
                        _ = nestScript(script, carrier: Carrier(program: "git", argv: argv, io: inner), via: "git alias",
                                       positional: [LoweredWord(value)] + Array(rest))
                    } else {
                        for word in rest {
                            script.append(Byte.space)
                            script.append(contentsOf: Self.shellQuoted(word.bytes))
                        }
                        _ = nestScript(script, carrier: Carrier(program: "git", argv: argv, io: inner), via: "git alias")
                    }
                } else {
                    let expanded = [argv[0]] + ArgumentSplitter.split(Array(value.utf8)) + Array(rest)
                    nest(expanded[...], io: io, via: "git alias")
                }
            } else if Self.gitRunsShell(key, value: value) {
                let script = value.hasPrefix("!") ? String(value.dropFirst()) : value
                _ = nestScript(Array(script.utf8), carrier: Carrier(program: "git", argv: argv, io: inner), via: "git -c \(key)")
            }
        }
        switch subcommand {
        case "rebase":
            for script in parsed.values("-x") {
                _ = nestScript(Array(script.utf8), carrier: carrier, via: "git rebase --exec")
            }
        case "filter-branch":
            for option in ["--tree-filter", "--index-filter", "--msg-filter", "--env-filter", "--commit-filter", "--parent-filter", "--tag-name-filter"] {
                for script in parsed.values(option) {
                    _ = nestScript(Array(script.utf8), carrier: carrier, via: "git filter-branch \(option)")
                }
            }
        case "submodule":
            let operands = parsed.positionals
            if operands.count > 2, let index = operands.firstIndex(where: { $0.text == "foreach" }), index + 1 < operands.count {
                _ = nestScriptWords(operands[(index + 1)...], carrier: carrier, via: "git submodule foreach")
            }
        case "bisect":
            if let runIndex = argv.indices.first(where: { $0 > subIndex && argv[$0].text == "run" }), runIndex + 1 < argv.count {
                nest(argv[(runIndex + 1)...], io: inner, via: "git bisect run")
            }
        default:
            break
        }
        return true
    }

    static let gitNestingSubcommands: Set<String> = ["rebase", "filter-branch", "submodule", "bisect"]

    static func shellQuoted(_ t: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [Byte.singleQuote]
        for b in t {
            if b == Byte.singleQuote {
                out.append(contentsOf: Array("'\\''".utf8))
            } else {
                out.append(b)
            }
        }
        out.append(Byte.singleQuote)
        return out
    }

    /// `ssh [options] host [command…]`: ssh is reported; the remote command (the words
    /// joined by spaces, as ssh sends them) or a here-doc script is analysed via `ssh`.
    mutating func lowerSSH(_ argv: [LoweredWord], io: CommandIO) -> Bool {
        let parsed = ArgumentParser.parse(argv.dropFirst(), spec: ProgramTable.spec(for: "ssh"))
        let remote = parsed.positionals.dropFirst()
        let carrier = Carrier(program: "ssh", argv: argv, io: io, alwaysReport: true)
        if !remote.isEmpty {
            return nestScriptWords(remote, carrier: carrier, via: "ssh", remote: true, passStdin: true)
        }
        if case .document(let text?, _, _) = io.stdin {
            var inner = io
            inner.stdin = .none
            return nestScript(text, carrier: Carrier(program: "ssh", argv: argv, io: inner, alwaysReport: true), via: "ssh", remote: true)
        }
        return false
    }

    static let containerValueOptions: Set<String> = {
        var s = ProgramTable.spec(for: "docker")?.options.valueOptions ?? []
        s.formUnion(["--entrypoint", "--index", "-T"])
        return s
    }()

    /// `docker|podman exec|run [options] TARGET [command…]`, `docker compose exec|run`.
    mutating func lowerContainer(program: String, argv: [LoweredWord], io: CommandIO) -> Bool {
        var index = OptionScan.scan(argv, from: 1, values: ["-H", "--host", "--context", "--config", "-l", "--log-level", "-c", "--connection", "--url"]).operandIndex
        guard index < argv.count else { return false }
        var via = program
        if program != "docker-compose" {
            if argv[index].text == "compose" {
                via += " compose"
                index = OptionScan.scan(argv, from: index + 1, values: ["-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory"]).operandIndex
                guard index < argv.count else { return false }
            } else if argv[index].text == "container" {
                via += " container"
                index += 1
                guard index < argv.count else { return false }
            }
        }
        let sub = argv[index].text
        guard sub == "exec" || sub == "run" || sub == "create" else { return false }
        via += " \(sub)"
        let scan = OptionScan.scan(argv, from: index + 1, values: Self.containerValueOptions)
        let commandStart = scan.operandIndex + 1
        buildCommand(program: program, argv: Array(argv[..<min(commandStart, argv.count)]), io: io)
        var command: [LoweredWord] = commandStart < argv.count ? Array(argv[commandStart...]) : []
        if let entrypoint = scan.value("--entrypoint"), !entrypoint.bytes.isEmpty {
            command.insert(contentsOf: ArgumentSplitter.split(entrypoint.bytes), at: 0)
        }
        if !command.isEmpty { nest(command[...], io: io, via: via, cwd: .some(nil)) }
        return true
    }

    /// `kubectl exec|run|debug … -- command…`.
    mutating func lowerKubectl(program: String, argv: [LoweredWord], io: CommandIO) -> Bool {
        guard let dashes = argv.indices.first(where: { !argv[$0].isDynamic && argv[$0].bytes == [Byte.minus, Byte.minus] }) else {
            return false
        }
        let head = Array(argv[..<dashes])
        let parsed = ArgumentParser.parse(head.dropFirst(), spec: ProgramTable.spec(for: program))
        guard let sub = parsed.positionals.first?.text, sub == "exec" || sub == "run" || sub == "debug" else { return false }
        buildCommand(program: program, argv: head, io: io)
        if dashes + 1 < argv.count { nest(argv[(dashes + 1)...], io: io, via: "\(program) \(sub)", cwd: .some(nil)) }
        return true
    }

    /// `curl`: files uploaded with `-d @file`, `--data-binary @file`, `-F name=@file`
    /// are reads.
    mutating func lowerCurl(_ argv: [LoweredWord], io: CommandIO) -> Bool {
        let parsed = ArgumentParser.parse(argv.dropFirst(), spec: ProgramTable.spec(for: "curl"))
        var io = io
        for option in ["-d", "--data-binary", "--data-urlencode", "--json"] {
            for value in parsed.values(option) {
                guard let at = value.firstIndex(of: "@") else { continue }
                if option != "--data-urlencode" && at != value.startIndex { continue }
                let file = String(value[value.index(after: at)...])
                if file.isEmpty || file == "-" { continue }
                if let path = resolver.resolve(LoweredWord(file), cwd: cwd) { io.effects.append(PathEffect(kind: .read, path: path)) }
            }
        }
        for value in parsed.values("-F") {
            guard let eq = value.firstIndex(of: "=") else { continue }
            let rest = value[value.index(after: eq)...]
            guard let marker = rest.first, marker == "@" || marker == "<" else { continue }
            var file = String(rest.dropFirst())
            if let semicolon = file.firstIndex(of: ";") { file = String(file[..<semicolon]) }
            if file.isEmpty || file == "-" { continue }
            if let path = resolver.resolve(LoweredWord(file), cwd: cwd) { io.effects.append(PathEffect(kind: .read, path: path)) }
        }
        buildCommand(program: "curl", argv: argv, io: io)
        return true
    }
}
