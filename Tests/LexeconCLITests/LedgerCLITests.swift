import Foundation
import LexeconCrypto
import LexeconLedger
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end tests of `lexecon ledger …` through the built binary: concurrent
/// processes, SIGKILL at random moments, a file that cannot grow, and the CLI's
/// note / checkpoint / recover / show commands.
@Suite("LedgerCLI", .serialized)
struct LedgerCLITests {
    // MARK: - Scenarios

    @Test func noteCheckpointRecoverShow() throws {
        let t = try Workspace()
        for i in 1...3 {
            let r = try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "note \(i)")
            #expect(r.status == .exited(0), "\(r.output)")
            #expect(r.output.contains("appended note seq \(i)"))
        }
        let checkpoint = try t.lexecon("ledger", "checkpoint", "--ledger", t.ledger, "--keys", t.keys)
        #expect(checkpoint.status == .exited(0), "\(checkpoint.output)")
        let head = try SignedCheckpoint.parse(LedgerCLIFiles.read(t.ledger + ".head"))
        #expect(head.isSigned(by: t.publicKey))
        #expect(head.checkpoint.size == 4)
        #expect(head.checkpoint.rootHash == LedgerCLIChain.merkleRoot(try LedgerCLIChain.check(t.ledger, t.publicKey).lines[...]))

        // A torn write: appending is refused (exit 1, nothing written) until recovered.
        let clean = LedgerCLIFiles.read(t.ledger)
        let torn = Array(#"{"boot":"3f","key":"sha256:0"#.utf8)
        try LedgerCLIFiles.append(torn, to: t.ledger)
        let refused = try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "refused")
        #expect(refused.status == .exited(1))
        #expect(refused.output.contains("lexecon ledger recover"), "\(refused.output)")
        #expect(LedgerCLIFiles.read(t.ledger) == clean + torn)
        let recovered = try t.lexecon("ledger", "recover", "--ledger", t.ledger, "--keys", t.keys)
        #expect(recovered.status == .exited(0), "\(recovered.output)")
        #expect(recovered.output.contains("moved \(torn.count) torn bytes at offset \(clean.count)"))
        #expect(LedgerCLIFiles.read(t.ledger + ".torn-\(clean.count)") == torn)
        let chain = try LedgerCLIChain.check(t.ledger, t.publicKey)
        #expect(chain.kinds == ["genesis", "note", "note", "note", "recovery"])
        let again = try t.lexecon("ledger", "recover", "--ledger", t.ledger, "--keys", t.keys)
        #expect(again.status == .exited(1))
        #expect(again.output.contains("nothing to recover"))

        // show escapes what it echoes.
        #expect(try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "evil \u{1b}[2J\u{202e} text").status == .exited(0))
        let show = try t.lexecon("ledger", "show", t.ledger)
        #expect(show.status == .exited(0))
        #expect(!show.output.contains("\u{1b}") && !show.output.contains("\u{202e}"), "\(show.output)")
        #expect(show.output.contains("evil"))
    }

    @Test func recoverRefusesACorruptLastRecord() throws {
        let t = try Workspace()
        for i in 1...2 { _ = try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "n\(i)") }
        var bytes = LedgerCLIFiles.read(t.ledger)
        let text = Array(#""text":"n2""#.utf8)
        let at = try #require((0...(bytes.count - text.count)).last { bytes[$0..<$0 + text.count].elementsEqual(text) })
        bytes[at + 9] = UInt8(ascii: "X")
        bytes += Array(#"{"torn"#.utf8)
        try LedgerCLIFiles.write(bytes, to: t.ledger)
        let r = try t.lexecon("ledger", "recover", "--ledger", t.ledger, "--keys", t.keys)
        #expect(r.status == .exited(2), "\(r.output)")
        #expect(r.output.contains("does not verify"))
        #expect(LedgerCLIFiles.read(t.ledger) == bytes)
    }

    @Test func eightProcessesTimes200Appends() throws {
        let t = try Workspace(makeLedgerDirectory: false)
        let workers = 8, perWorker = 200
        // Each worker is a shell loop of `lexecon ledger note` invocations; all start at
        // once on a ledger that does not exist yet.
        let script = #"for i in $(seq 1 "$4"); do "$0" ledger note --ledger "$1" --keys "$2" "w$3-$i" >/dev/null || exit 1; done"#
        let pids = try (0..<workers).map { w in
            try LedgerCLIProcess.spawn(["/bin/bash", "-c", script, t.binary, t.ledger, t.keys, "\(w)", "\(perWorker)"],
                                       output: t.file("worker-\(w).log"))
        }
        for (w, pid) in pids.enumerated() {
            let status = LedgerCLIProcess.wait(pid)
            #expect(status == .exited(0), "worker \(w): \(String(decoding: LedgerCLIFiles.read(t.file("worker-\(w).log")), as: UTF8.self))")
        }
        let chain = try LedgerCLIChain.check(t.ledger, t.publicKey)
        #expect(chain.lines.count == 1 + workers * perWorker)
        #expect(chain.kinds.filter { $0 == "genesis" }.count == 1)
        let texts = chain.records.dropFirst().compactMap { $0["text"]?.stringValue }
        #expect(Set(texts) == Set((0..<workers).flatMap { w in (1...perWorker).map { "w\(w)-\($0)" } }))
        // Each worker's own notes are in order.
        for w in 0..<workers {
            let mine = texts.filter { $0.hasPrefix("w\(w)-") }.compactMap { Int($0.split(separator: "-")[1]) }
            #expect(mine == Array(1...perWorker), "worker \(w) out of order")
        }
        // The head was refreshed at 1,000 records by whichever process wrote that record.
        let head = try SignedCheckpoint.parse(LedgerCLIFiles.read(t.ledger + ".head"))
        #expect(head.isSigned(by: t.publicKey))
        #expect(head.checkpoint.size == 1000)
        #expect(head.checkpoint.rootHash == LedgerCLIChain.merkleRoot(chain.lines[..<1000]))
    }

    @Test func concurrentWritersOnAFreshLedgerMakeOneGenesis() throws {
        for round in 0..<4 {
            let t = try Workspace(makeLedgerDirectory: false)
            let pids = try (0..<8).map { w in
                try LedgerCLIProcess.spawn([t.binary, "ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "r\(round) w\(w)"],
                                           output: t.file("w\(w).log"))
            }
            for pid in pids { #expect(LedgerCLIProcess.wait(pid) == .exited(0)) }
            let chain = try LedgerCLIChain.check(t.ledger, t.publicKey)
            #expect(chain.lines.count == 9, "round \(round)")
            #expect(chain.kinds.filter { $0 == "genesis" }.count == 1, "round \(round)")
        }
    }

    @Test func sigkillAtRandomMoments() throws {
        let t = try Workspace()
        var random = LedgerCLIRandom(seed: 0x5EED_0FC0FFEE)
        let loop = #"while :; do "$0" ledger note --ledger "$1" --keys "$2" "loop" >/dev/null 2>&1; done"#
        var tornSeen = 0, simulated = 0, recoveries = 0
        for kill in 0..<30 {
            let sizeBefore = LedgerCLIFiles.size(t.ledger)
            let pid = try LedgerCLIProcess.spawn(["/bin/bash", "-c", loop, t.binary, t.ledger, t.keys],
                                                 output: t.file("loop.log"), newProcessGroup: true)
            // Let the loop get going (at least one append, however loaded the machine), then
            // kill it at a random moment of the appends that follow.
            let deadline = Timestamp.monotonicNanoseconds() + 20_000_000_000
            while LedgerCLIFiles.size(t.ledger) <= sizeBefore && Timestamp.monotonicNanoseconds() < deadline { usleep(1_000) }
            usleep(UInt32(random.next() % 40_000))
            Glibc.kill(-pid, SIGKILL)
            #expect(LedgerCLIProcess.wait(pid) == .signaled(SIGKILL))
            // Wait until no killed writer still holds the lock (and so could still write).
            try LedgerCLIFiles.waitForLock(t.ledger + ".lock")

            if random.next() % 4 == 0, let valid = try? LedgerCLIChain.check(t.ledger, t.publicKey), valid.lines.count > 1 {
                // Also simulate the torn write a crash in the middle of write(2) would leave.
                let line = valid.lines[Int(random.next() % UInt64(valid.lines.count))]
                try LedgerCLIFiles.append(Array(line.prefix(1 + Int(random.next() % UInt64(line.count)))), to: t.ledger)
                simulated += 1
            }
            // Every complete line must verify; only a torn tail may follow.
            let chain = try LedgerCLIChain.check(t.ledger, t.publicKey, allowTorn: true)
            if !chain.torn.isEmpty {
                tornSeen += 1
                let before = LedgerCLIFiles.read(t.ledger)
                let refused = try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "refused")
                #expect(refused.status == .exited(1), "kill \(kill)")
                #expect(LedgerCLIFiles.read(t.ledger) == before)
                let r = try t.lexecon("ledger", "recover", "--ledger", t.ledger, "--keys", t.keys)
                #expect(r.status == .exited(0), "kill \(kill): \(r.output)")
                let repaired = try LedgerCLIChain.check(t.ledger, t.publicKey)
                #expect(repaired.kinds.last == "recovery")
                #expect(repaired.records.last?["discarded_bytes"]?.intValue == Int64(chain.torn.count))
                recoveries += 1
            }
        }
        let final = try LedgerCLIChain.check(t.ledger, t.publicKey)
        print("SIGKILL: 30 kills, \(final.lines.count) records, \(tornSeen) torn tails (\(simulated) simulated) recovered")
        #expect(final.kinds.filter { $0 == "recovery" }.count == recoveries)
        #expect(recoveries == tornSeen && simulated <= tornSeen)
        #expect(final.lines.count > 30, "the loop did not append before each kill: \(final.lines.count) records")
        // Still appendable.
        #expect(try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "after").status == .exited(0))
    }

    @Test(arguments: [(0, false), (0, true), (150, false), (150, true)])
    func fileThatCannotGrow(headroom: Int, ignoreSIGXFSZ: Bool) throws {
        let prlimit = "/usr/bin/prlimit"
        try #require(access(prlimit, X_OK) == 0, "needs prlimit(1) from util-linux (apt-get install -y util-linux)")
        let t = try Workspace()
        for i in 1...3 { _ = try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "n\(i)") }
        let before = LedgerCLIFiles.read(t.ledger)
        let limit = before.count + headroom  // at the limit: EFBIG; below a record's size: a short write
        let trap = ignoreSIGXFSZ ? "trap '' XFSZ; " : ""
        let r = try t.run(["/bin/bash", "-c", trap + #"exec "$0" --fsize="$1" "$2" ledger note --ledger "$3" --keys "$4" "cannot grow""#,
                           prlimit, "\(limit)", t.binary, t.ledger, t.keys])
        // Not killed by SIGXFSZ: a clean error, exit 1, and nothing half-recorded.
        #expect(r.status == .exited(1), "status \(r.status): \(r.output)")
        #expect(r.output.contains(headroom == 0 ? "File too large" : "short write"), "\(r.output)")
        #expect(r.output.contains("nothing was recorded"))
        #expect(LedgerCLIFiles.read(t.ledger) == before)
        #expect(try t.lexecon("ledger", "note", "--ledger", t.ledger, "--keys", t.keys, "fits").status == .exited(0))
        #expect(try LedgerCLIChain.check(t.ledger, t.publicKey).lines.count == 5)
    }
}

// MARK: - Workspace

/// A temporary directory with a key pair, a ledger path and the binary to run.
private final class Workspace {
    let root: String
    let keys: String
    let ledgerDirectory: String
    let ledger: String
    let binary: String
    let publicKey: Ed25519PublicKey

    init(makeLedgerDirectory: Bool = true) throws {
        binary = try LedgerCLIProcess.binary()
        var template = Array((NSTemporaryDirectory() + "/lexecon-cli-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        root = String(cString: try #require(made))
        keys = root + "/keys"
        publicKey = try KeyDirectory(path: keys).create(force: true).publicKey
        ledgerDirectory = root + "/audit"
        ledger = ledgerDirectory + "/ledger.jsonl"
        if makeLedgerDirectory { try FileManager.default.createDirectory(atPath: ledgerDirectory, withIntermediateDirectories: false) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func file(_ name: String) -> String { root + "/" + name }

    func run(_ argv: [String]) throws -> (status: LedgerCLIProcess.Status, output: String) {
        let log = file("run.log")
        let status = LedgerCLIProcess.wait(try LedgerCLIProcess.spawn(argv, output: log))
        return (status, String(decoding: LedgerCLIFiles.read(log), as: UTF8.self))
    }

    func lexecon(_ arguments: String...) throws -> (status: LedgerCLIProcess.Status, output: String) {
        try run([binary] + arguments)
    }
}

// MARK: - Processes (posix_spawn: about 0.5 ms a child, against ~30 ms for Foundation.Process)

private enum LedgerCLIProcess {
    enum Status: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)
        var description: String {
            switch self {
            case .exited(let code): "exit \(code)"
            case .signaled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// The `lexecon` built beside this test bundle (or `LEXECON_BINARY`).
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["LEXECON_BINARY"] { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        try #require(n > 0, "cannot read /proc/self/exe")
        var directory = URL(fileURLWithPath: String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            .deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("lexecon").path
            if access(candidate, X_OK) == 0 { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        try #require(Bool(false), "the lexecon binary is not beside the test bundle: run `swift build --build-tests` first or set LEXECON_BINARY")
        return ""
    }

    /// Starts `argv` with stdout and stderr to `output`, every signal at its default
    /// disposition and none blocked; optionally as the leader of a new process group.
    static func spawn(_ argv: [String], output: String, newProcessGroup: Bool = false) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        try #require(rc == 0, "posix_spawn \(argv[0]): \(String(cString: strerror(rc)))")
        return pid
    }

    static func wait(_ pid: pid_t) -> Status {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }
}

// MARK: - Files

private enum LedgerCLIFiles {
    static func read(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    static func size(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func append(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count)
    }

    /// Takes and releases the writers' lock: returns once no process holds it.
    static func waitForLock(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return }  // no lock file: nobody ever appended
        defer { close(fd) }
        try #require(SystemCalls.live.flock(fd, LOCK_EX) == 0)
        _ = SystemCalls.live.flock(fd, LOCK_UN)
    }
}

// MARK: - Chain check (independent of the writer's own tail checks)

private struct LedgerCLIChain {
    struct Failure: Error, CustomStringConvertible { let description: String }

    var lines: [[UInt8]] = []
    var records: [LedgerRecord] = []
    var torn: [UInt8] = []
    var kinds: [String] { records.map { $0.kind?.rawValue ?? "?" } }

    /// Every line strict, canonical and signed by `publicKey` over `lexecon/v1 record\n` ‖ body;
    /// seq 0…n−1 each once; prev = genesis seed, then the previous line's leaf hash; one
    /// genesis, first; one ledger id.
    static func check(_ path: String, _ publicKey: Ed25519PublicKey, allowTorn: Bool = false) throws -> LedgerCLIChain {
        var chain = LedgerCLIChain()
        let bytes = LedgerCLIFiles.read(path)
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0a {
            chain.lines.append(Array(bytes[start..<i]))
            start = i + 1
        }
        chain.torn = Array(bytes[start...])
        guard allowTorn || chain.torn.isEmpty else { throw Failure(description: "\(path): \(chain.torn.count) torn bytes at the end") }
        guard !chain.lines.isEmpty else { throw Failure(description: "\(path): no records") }
        var ledgerID = ""
        var previous: [UInt8] = []
        for (index, line) in chain.lines.enumerated() {
            func fail(_ why: String) -> Failure {
                Failure(description: "\(path):\(index + 1): \(why): \(String(decoding: line.prefix(160), as: UTF8.self))")
            }
            let value: JSONValue
            do { value = try StrictJSONParser.parse(line) } catch { throw fail("not strict JSON (\(error))") }
            guard let members = value.objectMembers, CanonicalJSON.serialize(value) == line else { throw fail("not canonical") }
            let record = LedgerRecord(object: members)
            guard record.version == 1, record.seq == Int64(index), record.keyID == publicKey.keyID else { throw fail("v, seq or key") }
            guard let sig = record.signature.flatMap(Base64.decode),
                  publicKey.isValidSignature(sig, for: Array("lexecon/v1 record\n".utf8) + record.body) else {
                throw fail("signature does not verify")
            }
            if index == 0 {
                guard record.kind == .genesis, let id = record.ledgerID else { throw fail("not a genesis") }
                ledgerID = id
                guard record.prev == Hex.encode(SHA256.hash(Array("lexecon/v1 genesis\n".utf8) + Array(id.utf8))) else {
                    throw fail("genesis prev is not the seed")
                }
            } else {
                guard record.kind != .genesis else { throw fail("second genesis") }
                guard record.ledgerID == ledgerID else { throw fail("another ledger id") }
                guard record.prev == Hex.encode(previous) else { throw fail("prev does not link") }
            }
            previous = SHA256.hash([0x00] + line)
            chain.records.append(record)
        }
        return chain
    }

    /// RFC 6962 MTH over record lines, straight from the RFC.
    static func merkleRoot(_ items: ArraySlice<[UInt8]>) -> [UInt8] {
        if items.isEmpty { return SHA256.hash([]) }
        if items.count == 1 { return SHA256.hash([0x00] + items[items.startIndex]) }
        var k = 1
        while k * 2 < items.count { k *= 2 }
        let mid = items.startIndex + k
        return SHA256.hash([0x01] + merkleRoot(items[..<mid]) + merkleRoot(items[mid...]))
    }
}

/// SplitMix64: seeded, so every run kills at the same offsets.
private struct LedgerCLIRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
