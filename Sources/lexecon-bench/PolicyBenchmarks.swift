import LexeconPolicy
import LexeconShell

#if canImport(Glibc)
import Glibc
#endif

/// Policy decision benchmarks: median time per decision (parsing, lowering and evaluation
/// included) for typical commands and 64 KiB hostile scripts, and `check --jsonl`
/// throughput — in-process (decisions/s) and end to end through the built `lexecon` binary
/// when it sits next to this one.
enum PolicyBenchmarks {
    static let typical = [
        "ls -la",
        "git status",
        "git commit -m 'fix: handle rm -rf in quotes'",
        "grep -rn 'TODO' src/",
        "npm test",
        "swift build -c release",
        "rm -rf build/ && mkdir -p build",
        "curl -fsSL https://example.com/install.sh | sh",
        "sudo bash -c 'rm -rf /'",
        "find . -name '*.o' -delete",
        "docker run --rm -v \"$PWD\":/src -w /src node:20 npm ci",
        "git push --force origin main",
    ]

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func format(_ value: Double, _ digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func request(_ command: String) -> PolicyRequest {
        PolicyRequest(command: .shell(command), cwd: "/home/dev/project", workspace: "/home/dev/project", home: "/home/dev")
    }

    static func run() throws {
        let loadStart = now()
        let policy = Policy.builtinDefault()
        let loadMilliseconds = Double(now() - loadStart) / 1_000_000
        print("policy: \(policy.name) (\(policy.ruleCount) rules, sha256 \(policy.sha256.prefix(12))…)")
        print("built-in default policy load (first use in a process): \(format(loadMilliseconds, 2)) ms")
        if let value = getenv("LEXECON_BENCH_POLICY_LOADS"), let loops = Int(String(cString: value)), loops > 0,
           let file = fopen("Policies/default.yaml", "r") {
            // For profiling the load (run from the repository root): parse and compile the
            // default policy's YAML again and again.
            var yaml: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                if count <= 0 { break }
                yaml.append(contentsOf: buffer[0..<count])
            }
            fclose(file)
            let start = now()
            for _ in 0..<loops { _ = try Policy.load(yaml: yaml, name: "default", checkingExamples: false) }
            print("  reloaded \(loops) times: \(format(Double(now() - start) / 1_000_000 / Double(loops), 2)) ms each")
        }

        // Typical commands: median per decision.
        let requests = typical.map(request)
        if let value = getenv("LEXECON_BENCH_DECISION_LOOPS"), let loops = Int(String(cString: value)), loops > 0 {
            // For profiling decisions (e.g. under callgrind): decide the typical commands
            // `loops` times each and stop.
            for _ in 0..<loops { for request in requests { _ = policy.evaluate(request) } }
            print("  decided the \(requests.count) typical commands \(loops) times")
            return
        }
        for request in requests { _ = policy.evaluate(request) }  // warm up
        var perCommand: [Double] = []
        var all: [Double] = []
        for request in requests {
            var samples: [Double] = []
            for _ in 0..<400 {
                let start = now()
                let decision = policy.evaluate(request)
                let end = now()
                precondition(!decision.rule.isEmpty)
                samples.append(Double(end - start) / 1000)
            }
            perCommand.append(median(samples))
            all.append(contentsOf: samples)
        }
        // The shell analysis alone (parse and lowering), to show where the time goes.
        let analysisContext = AnalysisContext(cwd: "/home/dev/project", workspace: "/home/dev/project", home: "/home/dev",
                                              protectedPaths: ["/home/dev/project/.audit/**", "/home/dev/project/.lexecon/**"])
        var analysisPerCommand: [Double] = []
        for command in typical {
            var samples: [Double] = []
            for _ in 0..<400 {
                let start = now()
                let analysis = ShellAnalyzer.analyze(script: command, context: analysisContext)
                let end = now()
                precondition(!analysis.commands.isEmpty)
                samples.append(Double(end - start) / 1000)
            }
            analysisPerCommand.append(median(samples))
        }
        print("typical command decision, median of \(all.count): \(format(median(all), 2)) µs (target ≤ 20 µs)")
        print("  decision   analysis  command")
        for ((command, value), analysis) in zip(zip(typical, perCommand), analysisPerCommand) {
            print("  \(pad(format(value, 2) + " µs", 10)) \(pad(format(analysis, 2) + " µs", 9))  \(command)")
        }

        // Hostile 64 KiB scripts.
        let size = 64 * 1024
        let hostile: [(String, String)] = [
            ("64 KiB of one word", String(repeating: "a", count: size)),
            ("64 KiB of nested parentheses", String(repeating: "(", count: size / 2) + String(repeating: ")", count: size / 2)),
            ("64 KiB pipeline of 6553 commands", String(repeating: "echo a | ", count: size / 10)),
            ("64 KiB of quotes and escapes", String(repeating: "'a'\"b\"\\c ", count: size / 10)),
            ("64 KiB of nested $(", String(repeating: "$(", count: size / 2)),
            ("64 KiB of fork bombs", String(repeating: ":(){ :|:& };:", count: size / 14)),
            ("64 KiB of brace expansions", "echo " + String(repeating: "{a,b}", count: size / 5)),
            ("64 KiB of sequential rm", String(repeating: "rm -rf x; ", count: size / 10)),
        ]
        var worst = 0.0
        for (label, script) in hostile {
            var samples: [Double] = []
            var verdict = ""
            for _ in 0..<5 {
                let start = now()
                let decision = policy.evaluate(request(script))
                let end = now()
                verdict = "\(decision.verdict.rawValue) \(decision.rule)"
                samples.append(Double(end - start) / 1_000_000)
            }
            let value = median(samples)
            worst = max(worst, value)
            print("  \(format(value, 2)) ms  \(label) → \(verdict)")
        }
        print("hostile 64 KiB script decision, worst median: \(format(worst, 2)) ms (target ≤ 50 ms)")

        // In-process throughput over a mixed stream (decision only; JSON I/O excluded).
        let mixed = typical + ["cat README.md", "make -j4", "pytest -q", "kubectl delete ns prod", "echo 'rm -rf /' > notes.txt"]
        let count = 20_000
        let start = now()
        for index in 0..<count { _ = policy.evaluate(request(mixed[index % mixed.count])) }
        let seconds = Double(now() - start) / 1_000_000_000
        print("in-process decisions: \(Int(Double(count) / seconds)) per second (one thread)")

        endToEnd(mixed: mixed)
    }

    /// Runs `lexecon check --jsonl` (next to this binary) over a 20,000-line stream.
    static func endToEnd(mixed: [String]) {
        let me = CommandLine.arguments[0]
        guard let slash = me.lastIndex(of: "/") else { return }
        let binary = String(me[..<slash]) + "/lexecon"
        guard access(binary, X_OK) == 0 else {
            print("check --jsonl end to end: skipped (no \(binary))")
            return
        }
        var input = ""
        let lines = 20_000
        for index in 0..<lines {
            var escaped = ""
            for character in mixed[index % mixed.count] {
                if character == "\"" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            input += "{\"command\": \"\(escaped)\"}\n"
        }
        var template = Array("/tmp/lexecon-bench-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { return }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        _ = input.withCString { write(fd, $0, strlen($0)) }
        close(fd)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = [binary, "check", "--jsonl"]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArgs { free(pointer) } }
        var pid: pid_t = 0
        let start = now()
        guard posix_spawn(&pid, binary, &actions, nil, &cArgs, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let seconds = Double(now() - start) / 1_000_000_000
        print("check --jsonl end to end (process start, JSON in/out, 20,000 lines): \(Int(Double(lines) / seconds)) lines per second")
    }
}
