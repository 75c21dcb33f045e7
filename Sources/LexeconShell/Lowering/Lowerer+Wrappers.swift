// Wrappers: programs that run another command (`sudo`, `env`, `timeout`, `xargs`, …).
extension Lowerer {
    /// Handles programs that are unwrapped or carry nested commands. Returns true when the
    /// argv was fully handled (commands appended), false to build it as a plain command.
    mutating func lowerSpecial(program: String, argv: [LoweredWord], io: CommandIO) -> Bool {
        if ProgramSets.shells.contains(program) { return lowerShell(program: program, argv: argv, io: io) }
        guard Self.specialPrograms.contains(program) else { return false }
        switch program {
        case "sudo":
            let scan = OptionScan.scan(argv, from: 1, values: [
                "-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-T", "-U", "--user", "--group", "--host", "--prompt",
                "--close-from", "--chdir", "--role", "--type", "--command-timeout", "--other-user",
            ])
            var k = scan.operandIndex
            while k < argv.count, Self.isEnvAssignment(argv[k]) { k += 1 }
            if scan.has("-e") || scan.has("--edit") || k >= argv.count {
                buildCommand(program: program, argv: argv, io: io, privileged: true)
                return true
            }
            nest(argv[k...], io: io, via: "sudo", privileged: true)
            return true
        case "doas", "pkexec", "runuser":
            let scan = OptionScan.scan(argv, from: 1, values: ["-u", "-C", "--user", "-g", "--group", "-G", "--supp-group"])
            if program == "runuser", let script = scan.value("-c") ?? scan.value("--command") {
                return nestScriptWord(script, program: program, argv: argv, io: io, via: "runuser -c", privileged: true)
            }
            guard scan.operandIndex < argv.count else {
                buildCommand(program: program, argv: argv, io: io, privileged: true)
                return true
            }
            nest(argv[scan.operandIndex...], io: io, via: program, privileged: true)
            return true
        case "su":
            // su permutes its options: `su root -c CMD` and `su -c CMD root` are the same.
            if let script = Self.suCommand(argv) {
                return nestScriptWord(script, program: program, argv: argv, io: io, via: "su -c", privileged: true)
            }
            buildCommand(program: program, argv: argv, io: io, privileged: true)
            return true
        case "env":
            return lowerEnv(argv, io: io, splitDepth: 0)
        case "nice":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-n", "--adjustment"])
        case "nohup", "builtin", "unbuffer", "catchsegv", "proxychains", "proxychains4", "torsocks", "setsid", "firejail":
            return unwrapAfterOptions(argv, io: io, via: program)
        case "caffeinate", "fakeroot":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-w", "-t", "-l", "-i", "-s"])
        case "time":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-f", "-o", "--format", "--output"])
        case "timeout":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-k", "-s", "--kill-after", "--signal"], skipOperands: 1)
        case "command":
            let scan = OptionScan.scan(argv, from: 1)
            if scan.has("-v") || scan.has("-V") { return false }
            return unwrapAfterOptions(argv, io: io, via: program)
        case "exec":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-a"])
        case "stdbuf":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-i", "-o", "-e", "--input", "--output", "--error"])
        case "script":
            let scan = OptionScan.scan(argv, from: 1, values: ["-c", "--command", "-E", "--echo", "-I", "-O", "-B", "-T", "-m"])
            if let command = scan.value("-c") ?? scan.value("--command") {
                return nestScriptWord(command, program: program, argv: argv, io: io, via: "script -c")
            }
            return false
        case "ionice":
            let scan = OptionScan.scan(argv, from: 1, values: ["-c", "-n", "-p", "-P", "-u", "--class", "--classdata", "--pid", "--pgid", "--uid"])
            if scan.has("-p") || scan.has("-P") || scan.has("-u") || scan.has("--pid") { return false }
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-c", "-n", "--class", "--classdata"])
        case "chrt":
            let scan = OptionScan.scan(argv, from: 1, values: ["-T", "-P", "-D"])
            if scan.has("-p") || scan.has("--pid") { return false }
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-T", "-P", "-D"], skipOperands: 1)
        case "taskset":
            let scan = OptionScan.scan(argv, from: 1)
            if scan.has("-p") || scan.has("--pid") { return false }
            return unwrapAfterOptions(argv, io: io, via: program, skipOperands: 1)
        case "numactl":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-C", "-N", "-m", "-i", "-p", "--physcpubind", "--cpunodebind", "--membind", "--interleave", "--preferred"])
        case "cpulimit":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-l", "-p", "-e", "--limit", "--pid", "--exe"])
        case "faketime":
            return unwrapAfterOptions(argv, io: io, via: program, values: ["-m", "-f"], skipOperands: 1)
        case "sg":
            let scan = OptionScan.scan(argv, from: 1, values: ["-c"])
            if let command = scan.value("-c") { return nestScriptWord(command, program: program, argv: argv, io: io, via: "sg -c") }
            guard scan.operandIndex + 1 < argv.count else { return false }
            let rest = argv[(scan.operandIndex + 1)...]
            if rest.count == 1, let only = rest.first { return nestScriptWord(only, program: program, argv: argv, io: io, via: "sg") }
            return false
        case "systemd-run":
            return unwrapAfterOptions(argv, io: io, via: program, values: [
                "-p", "--property", "-u", "--unit", "-M", "--machine", "-H", "--host", "--uid", "--gid", "--nice", "-E",
                "--setenv", "--working-directory", "--description", "--slice", "--on-calendar", "--on-active", "--timer-property",
            ])
        case "chroot":
            let scan = OptionScan.scan(argv, from: 1, values: ["--userspec", "--groups"])
            guard scan.operandIndex + 1 < argv.count else { return false }
            nest(argv[(scan.operandIndex + 1)...], io: io, via: program, cwd: .some(nil))
            return true
        case "strace", "ltrace":
            return unwrapAfterOptions(argv, io: io, via: program, values: [
                "-e", "-o", "-p", "-s", "-u", "-E", "-a", "-b", "-I", "-X", "-P", "-O", "-S", "-A", "-D", "-F", "-l", "-n", "-x",
            ])
        case "busybox", "toybox":
            guard argv.count >= 2, !argv[1].isDynamic, argv[1].bytes.first != Byte.minus else { return false }
            nest(argv[1...], io: io, via: program)
            return true
        case "watch":
            let scan = OptionScan.scan(argv, from: 1, values: ["-n", "--interval", "-q", "--equexit"], attached: ["-d"])
            guard scan.operandIndex < argv.count else { return false }
            let rest = argv[scan.operandIndex...]
            if scan.has("-x") || scan.has("--exec") {
                nest(rest, io: io, via: program)
                return true
            }
            return nestScriptWords(rest, program: program, argv: argv, io: io, via: program)
        case "flock":
            let scan = OptionScan.scan(argv, from: 1, values: ["-E", "-w", "--conflict-exit-code", "--timeout", "-c", "--command"])
            if let command = scan.value("-c") ?? scan.value("--command") {
                return nestScriptWord(command, program: program, argv: argv, io: io, via: "flock -c")
            }
            // `flock FILE -c CMD` puts the option after the lock file.
            let afterLock = scan.operandIndex + 1
            if afterLock + 1 < argv.count, argv[afterLock].bytes == Array("-c".utf8) || argv[afterLock].bytes == Array("--command".utf8) {
                return nestScriptWord(argv[afterLock + 1], program: program, argv: argv, io: io, via: "flock -c")
            }
            guard afterLock < argv.count else { return false }
            nest(argv[afterLock...], io: io, via: program)
            return true
        case "xargs":
            return lowerXargs(argv, io: io)
        case "parallel":
            return lowerParallel(argv, io: io)
        case "eval":
            return nestScriptWords(argv.dropFirst(), program: program, argv: argv, io: io, via: "eval", sameShell: true)
        case "trap":
            let scan = OptionScan.scan(argv, from: 1)
            if scan.has("-p") || scan.has("-l") { return false }
            guard scan.operandIndex < argv.count else { return false }
            let action = argv[scan.operandIndex]
            if !action.isDynamic && (action.bytes.isEmpty || action.bytes == [Byte.minus]) { return false }
            return nestScriptWord(action, program: program, argv: argv, io: io, via: "trap")
        case "source", ".":
            if let file = argv.dropFirst().first, file.isProcessSubstitution {
                buildCommand(program: program, argv: argv, io: io,
                             opaque: OpaqueReason(kind: .runtimePayload, detail: "\(program) runs the output of \(Self.describe(file.feeders))"),
                             upstream: file.feeders)
                return true
            }
            return false
        case "find":
            return lowerFind(argv, io: io)
        case "git":
            return lowerGit(argv, io: io)
        case "ssh":
            return lowerSSH(argv, io: io)
        case "docker", "podman", "docker-compose", "nerdctl":
            return lowerContainer(program: program, argv: argv, io: io)
        case "kubectl", "oc":
            return lowerKubectl(program: program, argv: argv, io: io)
        case "curl":
            return lowerCurl(argv, io: io)
        default:
            return false
        }
    }

    /// Programs `lowerSpecial` handles besides shells (checked before its string switch).
    static let specialPrograms: Set<String> = ProgramSets.wrappers.union([
        "find", "git", "ssh", "docker", "podman", "docker-compose", "nerdctl", "kubectl", "oc", "curl", "source", ".",
    ])

    /// Skips options (and `skipOperands` leading operands such as a duration), then runs
    /// the rest as the command; with nothing left the wrapper is a plain command.
    mutating func unwrapAfterOptions(
        _ argv: [LoweredWord], io: CommandIO, via: String, values: Set<String> = [], skipOperands: Int = 0
    ) -> Bool {
        let scan = OptionScan.scan(argv, from: 1, values: values)
        let start = scan.operandIndex + skipOperands
        guard start < argv.count else { return false }
        nest(argv[start...], io: io, via: via)
        return true
    }

    /// The `-c`/`--command`/`--session-command` value of an `su` command line.
    static func suCommand(_ argv: [LoweredWord]) -> LoweredWord? {
        var i = 1
        while i < argv.count {
            let word = argv[i]
            i += 1
            guard !word.isDynamic, word.bytes.first == Byte.minus else { continue }
            let t = word.text
            if t == "--" { break }
            if t == "--command" || t == "--session-command" { return i < argv.count ? argv[i] : nil }
            for prefix in ["--command=", "--session-command="] where t.hasPrefix(prefix) {
                return LoweredWord(staticBytes: Array(word.bytes.dropFirst(prefix.utf8.count)))
            }
            if t.hasPrefix("--") {
                if t == "--shell" || t == "--group" || t == "--supp-group" || t == "--whitelist-environment" { i += 1 }
                continue
            }
            for (j, c) in word.bytes.dropFirst().enumerated() {
                if c == UInt8(ascii: "c") {
                    if j + 2 < word.bytes.count { return LoweredWord(staticBytes: Array(word.bytes[(j + 2)...])) }
                    return i < argv.count ? argv[i] : nil
                }
                if c == UInt8(ascii: "s") || c == UInt8(ascii: "g") || c == UInt8(ascii: "G") || c == UInt8(ascii: "w") {
                    if j + 2 == word.bytes.count { i += 1 }
                    break
                }
            }
        }
        return nil
    }

    static func isEnvAssignment(_ word: LoweredWord) -> Bool {
        guard !word.isDynamic || word.staticPrefix > 0, let eq = word.bytes.firstIndex(of: Byte.equals), eq > 0, eq < word.staticPrefix
        else { return false }
        return VariableTable.isName(Array(word.bytes[..<eq]))
    }

    /// `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]… [COMMAND [ARG]…]`.
    mutating func lowerEnv(_ argv: [LoweredWord], io: CommandIO, splitDepth: Int) -> Bool {
        var i = 1
        var directory: String?? = nil
        while i < argv.count {
            let word = argv[i]
            if Self.isEnvAssignment(word) {
                i += 1
                continue
            }
            guard !word.isDynamic, word.bytes.first == Byte.minus else { break }
            let t = word.text
            if t == "--" {
                i += 1
                continue
            }
            if t == "-" || t == "-i" || t == "-0" || t == "-v" || t == "--ignore-environment" || t == "--null" || t == "--debug" {
                i += 1
                continue
            }
            if t == "-u" || t == "--unset" {
                i += 2
                continue
            }
            if t == "-C" || t == "--chdir" || t.hasPrefix("--chdir=") || (t.hasPrefix("-C") && t.count > 2) {
                var dir: String?
                if t == "-C" || t == "--chdir" {
                    dir = i + 1 < argv.count && !argv[i + 1].isDynamic ? argv[i + 1].text : nil
                    i += 2
                } else {
                    dir = t.hasPrefix("--chdir=") ? String(t.dropFirst(8)) : String(t.dropFirst(2))
                    i += 1
                }
                directory = .some(dir.flatMap { resolveDirectory($0, from: cwd) })
                continue
            }
            if t == "-S" || t == "--split-string" || t.hasPrefix("--split-string=") || (t.hasPrefix("-S") && t.count > 2) {
                var string: LoweredWord?
                var next = i + 1
                if t == "-S" || t == "--split-string" {
                    string = i + 1 < argv.count ? argv[i + 1] : nil
                    next = i + 2
                } else {
                    let bytes = t.hasPrefix("--split-string=") ? Array(word.bytes.dropFirst(15)) : Array(word.bytes.dropFirst(2))
                    string = LoweredWord(staticBytes: bytes)
                }
                guard let string, splitDepth < 4 else { return false }
                if string.isDynamic {
                    buildCommand(program: "env", argv: argv, io: io,
                                 opaque: OpaqueReason(kind: .dynamicScript, detail: "env -S with a run-time string"))
                    return true
                }
                let split = ArgumentSplitter.split(string.bytes)
                let rebuilt = [argv[0]] + split + Array(argv[min(next, argv.count)...])
                return lowerEnv(rebuilt, io: io, splitDepth: splitDepth + 1)
            }
            // Other options (`--block-signal=…`, `-uNAME`, clusters): no separate value.
            i += 1
        }
        guard i < argv.count else { return false }
        nest(argv[i...], io: io, via: "env", cwd: directory)
        return true
    }

    /// `xargs [options] [command [initial-arguments]]`: the command's further operands
    /// come from standard input, so a dynamic operand stands for them.
    mutating func lowerXargs(_ argv: [LoweredWord], io: CommandIO) -> Bool {
        let scan = OptionScan.scan(argv, from: 1, values: [
            "-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter", "--eof", "--replace", "--max-lines",
            "--max-args", "--max-procs", "--max-chars", "--process-slot-var",
        ], attached: ["-i", "-e", "-l"])
        var command: [LoweredWord] = scan.operandIndex < argv.count ? Array(argv[scan.operandIndex...]) : [LoweredWord("echo")]
        let feeders = Self.upstream(of: io.stdin)
        var input = LoweredWord(bytes: Array("{xargs-input}".utf8), isDynamic: true, staticPrefix: 0)
        input.feeders = feeders
        var replace: [UInt8]?
        if let r = scan.value("-I") ?? scan.value("--replace") { replace = r.bytes }
        if scan.has("-i") { replace = scan.value("-i").map(\.bytes) ?? Array("{}".utf8) }
        if let replace, !replace.isEmpty {
            for (index, word) in command.enumerated() where index > 0 {
                if let range = Self.find(replace, in: word.bytes) {
                    var marked = word
                    marked.isDynamic = true
                    marked.staticPrefix = min(marked.staticPrefix, range)
                    marked.feeders = feeders
                    command[index] = marked
                }
            }
        } else {
            command.append(input)
        }
        var inner = io
        inner.stdin = .none
        nest(command[...], io: inner, via: "xargs")
        return true
    }

    /// `parallel [options] command ::: args`: like xargs; `{}` stands for each input.
    mutating func lowerParallel(_ argv: [LoweredWord], io: CommandIO) -> Bool {
        let scan = OptionScan.scan(argv, from: 1, values: [
            "-j", "--jobs", "-S", "--sshlogin", "-a", "--arg-file", "--delay", "--timeout", "-n", "--max-args", "--joblog",
            "--results", "--tmpdir", "-I", "--colsep", "-d", "--delimiter", "--halt",
        ])
        var command: [LoweredWord] = []
        var i = scan.operandIndex
        while i < argv.count, argv[i].isDynamic || !argv[i].text.hasPrefix(":::") {
            command.append(argv[i])
            i += 1
        }
        guard !command.isEmpty else {
            buildCommand(program: "parallel", argv: argv, io: io,
                         opaque: OpaqueReason(kind: .dynamicScript, detail: "parallel runs its input lines as commands"))
            return true
        }
        let feeders = Self.upstream(of: io.stdin)
        var sawPlaceholder = false
        for index in command.indices.dropFirst() where Self.find(Array("{".utf8), in: command[index].bytes) != nil {
            command[index].isDynamic = true
            command[index].staticPrefix = Self.find(Array("{".utf8), in: command[index].bytes) ?? 0
            command[index].feeders = feeders
            sawPlaceholder = true
        }
        if !sawPlaceholder {
            var input = LoweredWord(bytes: Array("{parallel-input}".utf8), isDynamic: true, staticPrefix: 0)
            input.feeders = feeders
            command.append(input)
        }
        var inner = io
        inner.stdin = .none
        nest(command[...], io: inner, via: "parallel")
        return true
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    static func describe(_ programs: [String]) -> String {
        programs.isEmpty ? "a run-time value" : programs.reversed().joined(separator: " | ")
    }
}
