#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconLedger

/// Ledger figures for the README, each next to the baseline it should be judged by:
///
/// - fsynced appends through `LedgerWriter` (decision records as the interceptor writes
///   them) against raw `write`+`fsync` of lines of the same size to a file on the same
///   filesystem, interleaved in batches so both see the same disk; target ratio ≥ 0.8;
/// - the append rate at 1k records against 20k (interleaved), to show the cost per
///   append does not grow with the ledger, and what a head refresh costs a new writer;
/// - the writer's CPU cost alone (fsync switched off), canonical serialisation and
///   strict parsing rates.
///
/// The ledger lives in a temporary directory under the current directory (or under
/// `LEXECON_BENCH_DIR`), so run it on the disk whose figures you want.
enum LedgerBenchmarks {
    static func run() throws {
        let directory = try BenchDirectory()
        defer { directory.remove() }
        let key = try Ed25519PrivateKey()
        let entry = decision(command: "git push origin main --force")

        // Warm up the writer and learn the line size.
        let writer = LedgerWriter(path: directory.path + "/ledger.jsonl", key: key, toolVersion: "bench")
        let sample = try writer.append(decision: entry)
        let lineSize = sample.line.count + 1
        row("decision record", "\(lineSize) bytes with its LF (\(directory.path))")

        // 1. Fsynced append vs raw write+fsync: interleaved batches, alternating which goes
        //    first, so both see the same disk and the same background load.
        //    Two more baselines show what no signed, locked ledger can avoid: signing the
        //    record's message before the raw write, and signing plus the lock and the
        //    fstat/stat checks around it (no hashing, no JSON).
        let line = sample.line + [0x0a]
        let raw = try RawAppender(path: directory.path + "/raw.jsonl", line: line)
        let signedRaw = try RawAppender(path: directory.path + "/signed-raw.jsonl", line: line)
        let lockedRaw = try RawAppender(path: directory.path + "/locked-raw.jsonl", line: line,
                                        lockPath: directory.path + "/locked-raw.jsonl.lock")
        let message = LedgerRecord.signedMessage(body: Array(sample.line.prefix(sample.line.count - 100)))
        var sink = 0
        // append, raw, signed, locked: the order of `times` below.
        let kinds: [() throws -> Void] = [
            { _ = try writer.append(decision: entry) },
            { try raw.append() },
            { sink &+= Int(key.signature(for: message)[0]); try signedRaw.append() },
            { sink &+= Int(key.signature(for: message)[0]); try lockedRaw.append() },
        ]
        var times = [Int64](repeating: 0, count: kinds.count)
        let batches = 24, perBatch = 50
        for batch in 0..<batches {
            for k in 0..<kinds.count {
                let kind = (batch + k) % kinds.count  // each goes first equally often
                times[kind] += try measure { for _ in 0..<perBatch { try kinds[kind]() } }
            }
        }
        let count = batches * perBatch
        let appendRate = rate(count, times[0]), rawRate = rate(count, times[1])
        let signedRate = rate(count, times[2]), lockedRate = rate(count, times[3])
        row("append, fsynced (LedgerWriter)", "\(format(appendRate)) records/s  (\(micros(times[0], count)) µs each)")
        row("raw write+fsync, same size", "\(format(rawRate)) writes/s   (\(micros(times[1], count)) µs each)")
        row("ratio append / raw", "\(fixed(appendRate / rawRate, 2))  (target ≥ 0.80)")
        row("sign + raw write+fsync", "\(format(signedRate)) writes/s   (\(micros(times[2], count)) µs each; ratio to raw \(fixed(signedRate / rawRate, 2)))")
        row("sign + lock + checks + write+fsync", "\(format(lockedRate)) writes/s   (\(micros(times[3], count)) µs each; ratio to raw \(fixed(lockedRate / rawRate, 2)))")
        row("ratio append / (sign + lock + checks + raw)", "\(fixed(appendRate / lockedRate, 2))  (what the writer adds: hashes, JSON, the record)")

        // 2. Cost per append at 1k records vs at 20k: two ledgers prepared without fsync,
        //    then opened by new writers (as a new process would) and appended to in
        //    interleaved fsynced batches. Neither crosses a head refresh here.
        var noSync = SystemCalls.live
        noSync.fsync = { _ in 0 }
        let smallPath = directory.path + "/small.jsonl", bigPath = directory.path + "/big.jsonl"
        let builder = LedgerWriter(path: smallPath, key: key, toolVersion: "bench", systemCalls: noSync)
        for _ in 0..<1_000 { try builder.append(decision: entry) }
        let bigBuilder = LedgerWriter(path: bigPath, key: key, toolVersion: "bench", systemCalls: noSync)
        for _ in 0..<20_000 { try bigBuilder.append(decision: entry) }
        // Built without fsync, the 20k ledger leaves ~22 MB of dirty pages: flush both
        // before measuring, or the first fsyncs of the big one pay for writing it back.
        for path in [smallPath, bigPath] {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0, fsync(fd) == 0 else { throw BenchError("cannot fsync \(path): \(String(cString: strerror(errno)))") }
            close(fd)
        }
        let small = LedgerWriter(path: smallPath, key: key, toolVersion: "bench")
        let big = LedgerWriter(path: bigPath, key: key, toolVersion: "bench")
        var smallTime: Int64 = 0, bigTime: Int64 = 0
        for batch in 0..<20 {
            let s = { try measure { for _ in 0..<25 { try small.append(decision: entry) } } }
            let b = { try measure { for _ in 0..<25 { try big.append(decision: entry) } } }
            if batch % 2 == 0 { smallTime += try s(); bigTime += try b() } else { bigTime += try b(); smallTime += try s() }
        }
        row("append at 1k records", "\(format(rate(500, smallTime))) records/s")
        row("append at 20k records", "\(format(rate(500, bigTime))) records/s  (ratio \(fixed(Double(smallTime) / Double(bigTime), 2)) to 1k)")
        // The head refresh every 1,000 records: a writer that did not keep the Merkle
        // frontier (a new process) rebuilds it from the whole file.
        let reopened = LedgerWriter(path: bigPath, key: key, toolVersion: "bench")
        let scan = try measure { try reopened.writeCheckpoint() }
        let kept = try measure { try reopened.writeCheckpoint() }
        row("head refresh at 20k, new writer", "\(fixed(Double(scan) / 1e6, 1)) ms (reads the ledger); with the frontier kept: \(fixed(Double(kept) / 1e6, 1)) ms")

        // 3. The writer without the disk: CPU per append (sign, serialise, checks, lock).
        let cpuWriter = LedgerWriter(path: directory.path + "/cpu.jsonl", key: key, toolVersion: "bench", systemCalls: noSync)
        try cpuWriter.append(decision: entry)
        let cpuCount = 5_000
        let cpu = try measure { for _ in 0..<cpuCount { try cpuWriter.append(decision: entry) } }
        row("append, fsync off (CPU only)", "\(format(rate(cpuCount, cpu))) records/s  (\(micros(cpu, cpuCount)) µs each)")

        // 4. Canonical serialisation and strict parsing of the same record.
        let value = try StrictJSONParser.parse(sample.line)
        let iterations = 100_000
        let serialise = measure { for _ in 0..<iterations { sink &+= CanonicalJSON.serialize(value).count } }
        row("canonical serialisation (JCS)", "\(format(rate(iterations, serialise))) records/s  (\(fixed(megabytes(iterations * sample.line.count, serialise), 0)) MB/s)")
        let parse = try measure { for _ in 0..<iterations { if case .object(let m) = try StrictJSONParser.parse(sample.line) { sink &+= m.count } } }
        row("strict parse", "\(format(rate(iterations, parse))) records/s  (\(fixed(megabytes(iterations * sample.line.count, parse), 0)) MB/s)")
        let signCount = 20_000
        let sign = measure { for _ in 0..<signCount { sink &+= Int(key.signature(for: message)[0]) } }
        row("Ed25519 sign (one core)", "\(format(rate(signCount, sign))) signatures/s")
        if sink == 42 { print("") }  // keeps the loops from being optimised away
    }

    // MARK: - Inputs

    static func decision(command: String) -> DecisionEntry {
        DecisionEntry(
            tool: "shell.run", commandLine: command, argv: nil, cwd: "/home/ci/work/lexecon-example-repository",
            actor: Actor(uid: 1000, user: "ci", pid: 48213, ppid: 48190, agent: "claude-code",
                         session: "5f1c9a1e-8d7b-4c1e-9f0a-3b2d1c0e9f8a"),
            hostName: "build-07.example.internal", policyName: ".lexecon/policy.yaml",
            policySHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            rule: "deny-force-push-protected", decision: "BLOCK",
            reason: "force-push to a protected branch (main) is not allowed by policy",
            context: [JSONMember("tool_use_id", "toolu_01A09q90qw90lq917835lq9")])
    }

    // MARK: - Timing and printing

    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    static func measure(_ body: () throws -> Void) rethrows -> Int64 {
        let start = now()
        try body()
        return now() - start
    }

    static func rate(_ count: Int, _ nanoseconds: Int64) -> Double { Double(count) * 1e9 / Double(max(nanoseconds, 1)) }
    static func micros(_ nanoseconds: Int64, _ count: Int) -> String { fixed(Double(nanoseconds) / Double(count) / 1_000, 1) }
    static func megabytes(_ bytes: Int, _ nanoseconds: Int64) -> Double { Double(bytes) / 1e6 * 1e9 / Double(max(nanoseconds, 1)) }

    static func row(_ label: String, _ value: String) {
        print(label + String(repeating: " ", count: max(1, 34 - label.count)) + value)
    }

    /// `12,345` for rates.
    static func format(_ value: Double) -> String {
        let digits = Array(String(Int(value.rounded())))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `value` with `places` decimals, without Foundation.
    static func fixed(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        guard places > 0 else { return String(scaled) }
        let whole = scaled / Int(scale), fraction = String(abs(scaled) % Int(scale))
        return "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

/// A temporary directory for the benchmark files, on the filesystem being measured.
private struct BenchDirectory {
    let path: String

    init() throws {
        let base = getenv("LEXECON_BENCH_DIR").map { String(cString: $0) } ?? "."
        var template = Array((base + "/.lexecon-bench-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchError("cannot create a directory under \(base): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    /// Removes every file the run left (ledgers, locks, heads, `.merkle` caches), then the directory.
    func remove() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        if rmdir(path) != 0 { print("could not remove \(path): \(String(cString: strerror(errno)))") }
    }
}

/// The baseline: one `write` of a whole line to an `O_APPEND` descriptor, then `fsync`.
/// With `lockPath`, also what any locking appender does around it: `fstat` and `stat` to
/// notice a replaced file, `flock` on a lock file, `fstat` for the size, unlock afterwards.
private final class RawAppender {
    let fd: Int32
    let path: String
    let lockFD: Int32
    let line: [UInt8]

    init(path: String, line: [UInt8], lockPath: String? = nil) throws {
        fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        lockFD = lockPath.map { open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) } ?? -1
        self.path = path
        self.line = line
    }

    deinit {
        close(fd)
        if lockFD >= 0 { close(lockFD) }
    }

    func append() throws {
        var info = stat()
        if lockFD >= 0 {
            guard fstat(fd, &info) == 0, stat(path, &info) == 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0, fstat(fd, &info) == 0 else {
                throw BenchError("raw lock and checks failed: \(String(cString: strerror(errno)))")
            }
        }
        defer { if lockFD >= 0 { flock(lockFD, LOCK_UN) } }
        let n = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == line.count, fsync(fd) == 0 else { throw BenchError("raw append failed: \(String(cString: strerror(errno)))") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
