#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconLedger

/// `lexecon run -- true` wall time against `/bin/sh -c true`, both spawned with
/// posix_spawn from here, in a temporary workspace with keys. Uses the `lexecon` binary
/// next to this one (`make bench` builds both in release). Also measures start-up alone
/// (`lexecon --version`), a tiny policy (the built-in default's load cost is the
/// difference), and a run on a large ledger (the checkpoint at the end of each run
/// rescans the ledger).
///
/// Environment: `LEXECON_BENCH_RUNS` (default 60), `LEXECON_BENCH_LEDGER_RECORDS` (default 10000).
enum RunBenchmarks {
    static func run() throws {
        let runs = environmentInt("LEXECON_BENCH_RUNS") ?? 60
        let bigLedger = environmentInt("LEXECON_BENCH_LEDGER_RECORDS") ?? 10_000
        let binary = try siblingBinary("lexecon")
        let workspace = try temporaryDirectory()
        defer { _ = system("rm -rf '\(workspace)'") }
        let key = try KeyDirectory(path: workspace + "/.lexecon").create(force: false)
        try writeText(workspace + "/tiny.yaml", "version: 1\ndefault: ALLOW\non_parse_error: ALLOW\non_dynamic: ALLOW\nrules: []\n")

        print("binary: \(binary)")
        print("raw write(600 B)+fsync on this file system: median \(fixed(rawFsyncMilliseconds(directory: workspace), 2)) ms (a run does at least two: decision and result)")
        print("runs: \(runs) each (median, p90), workspace \(workspace)")
        let shell = measure(runs) { spawnAndWait(["/bin/sh", "-c", "true"], cwd: workspace) }
        report("/bin/sh -c true (baseline)", shell, baseline: nil)
        let version = measure(runs) { spawnAndWait([binary, "--version"], cwd: workspace) }
        report("lexecon --version (start-up only)", version, baseline: shell)
        let tiny = measure(runs) { spawnAndWait([binary, "run", "--policy", "tiny.yaml", "--", "true"], cwd: workspace) }
        report("lexecon run --policy tiny.yaml -- true", tiny, baseline: shell)
        let noCheckpoint = measure(runs) { spawnAndWait([binary, "run", "--no-checkpoint", "--policy", "tiny.yaml", "--", "true"], cwd: workspace) }
        report("lexecon run --no-checkpoint --policy tiny.yaml -- true", noCheckpoint, baseline: shell)
        let full = measure(runs) { spawnAndWait([binary, "run", "--", "true"], cwd: workspace) }
        report("lexecon run -- true (built-in default policy)", full, baseline: shell)

        // A ledger of `bigLedger` records: the end-of-run checkpoint reads all of it.
        if bigLedger > 0 {
            let big = workspace + "/big"
            _ = mkdir(big, 0o700)
            let writer = LedgerWriter(path: big + "/ledger.jsonl", key: key, toolVersion: "bench")
            let fillStart = Timestamp.monotonicNanoseconds()
            for index in 0..<bigLedger { _ = try writer.append(note: "filler \(index)") }
            let fillSeconds = Double(Timestamp.monotonicNanoseconds() - fillStart) / 1e9
            print("(filled a \(bigLedger)-record ledger in \(fixed(fillSeconds, 1)) s: \(fixed(Double(bigLedger) / fillSeconds, 0)) fsynced appends/s)")
            let onBig = measure(max(10, runs / 3)) {
                spawnAndWait([binary, "run", "--policy", "tiny.yaml", "--ledger", "big/ledger.jsonl", "--", "true"], cwd: workspace)
            }
            report("lexecon run --policy tiny.yaml -- true, \(bigLedger)-record ledger", onBig, baseline: shell)
        }
    }

    // MARK: - Helpers

    /// Median of 30 appends of 600 bytes each followed by fsync, in ms.
    private static func rawFsyncMilliseconds(directory: String) -> Double {
        let path = directory + "/fsync-probe"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return -1 }
        defer { close(fd); unlink(path) }
        let record = [UInt8](repeating: 0x78, count: 600)
        var samples: [Double] = []
        for _ in 0..<30 {
            let start = Timestamp.monotonicNanoseconds()
            _ = record.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            _ = fsync(fd)
            samples.append(Double(Timestamp.monotonicNanoseconds() - start) / 1e6)
        }
        return samples.sorted()[samples.count / 2]
    }

    /// Wall times and CPU times (user + system of the child and its children, from wait4), in ms, sorted.
    struct Samples {
        var wall: [Double]
        var cpu: [Double]
    }

    private static func measure(_ runs: Int, _ body: () -> (status: Int32, cpu: Double)) -> Samples {
        _ = body()  // warm the page cache
        var wall: [Double] = []
        var cpu: [Double] = []
        var failures: [Int32: Int] = [:]
        for _ in 0..<runs {
            let start = Timestamp.monotonicNanoseconds()
            let (status, cpuTime) = body()
            wall.append(Double(Timestamp.monotonicNanoseconds() - start) / 1e6)
            cpu.append(cpuTime)
            if status != 0 { failures[status, default: 0] += 1 }
        }
        for (status, count) in failures { print("  (\(count) of \(runs) runs exited with status \(status))") }
        return Samples(wall: wall.sorted(), cpu: cpu.sorted())
    }

    private static func report(_ label: String, _ samples: Samples, baseline: Samples?) {
        let sorted = samples.wall
        let median = sorted[sorted.count / 2]
        let p90 = sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
        let cpu = samples.cpu[samples.cpu.count / 2]
        var line = label.padding(to: 58) + "wall median " + fixed(median, 2).leftPadding(to: 6) + " ms, p90 "
            + fixed(p90, 2).leftPadding(to: 6) + " ms; CPU median " + fixed(cpu, 2).leftPadding(to: 5) + " ms"
        if let baseline {
            line += "  (+\(fixed(median - baseline.wall[baseline.wall.count / 2], 2)) ms wall over the baseline)"
        }
        print(line)
    }

    /// Spawns argv with stdin/stdout/stderr on /dev/null and waits; returns the exit status
    /// and the CPU time it used.
    private static func spawnAndWait(_ argv: [String], cwd: String) -> (status: Int32, cpu: Double) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        let previous = currentDirectory()
        _ = chdir(cwd)
        defer { _ = chdir(previous) }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ) == 0 else { return (-1, 0) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3
        return (status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), cpu)
    }

    private static func siblingBinary(_ name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw BenchError("cannot read /proc/self/exe") }
        let me = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let candidate = String(me[..<me.lastIndex(of: "/")!]) + "/" + name
        guard access(candidate, X_OK) == 0 else { throw BenchError("no \(name) next to \(me): build it first (make build-release)") }
        return candidate
    }

    private static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/lexecon-bench-run-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp failed") }
        return String(cString: made)
    }

    private static func currentDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "/" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func writeText(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot write \(path)") }
        defer { close(fd) }
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    /// `value` with `digits` decimals, without Foundation.
    private static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = abs(scaled % Int(scale))
        guard digits > 0 else { return "\(whole)" }
        let digitsText = String(fraction)
        return "\(scaled < 0 && whole == 0 ? "-" : "")\(whole)." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }

    private static func environmentInt(_ name: String) -> Int? {
        getenv(name).flatMap { Int(String(cString: $0)) }
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    fileprivate func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
