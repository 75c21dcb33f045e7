import Foundation
import LexeconCrypto
import LexeconLedger
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Faults injected through the writer's system-call table. Each must throw the right
/// code, leave the ledger byte-identical (nothing half-recorded), and the next append
/// after the fault clears must succeed and keep the chain valid.
@Suite("Ledger writer fault injection")
struct FaultInjectionTests {
    /// The fault armed for the next matching call; consumed when it fires.
    enum Fault: Sendable {
        /// write(2) writes `fraction` of the bytes and returns that count.
        case shortWrite(fraction: Double)
        /// write(2) writes `fraction` of the bytes for real, then fails with `errno`
        /// (worse than a kernel would do: the rollback must still restore the file).
        case writeError(Int32, fraction: Double)
        /// write(2) is interrupted once before doing anything.
        case writeInterrupted
        case fsyncError(Int32)
        /// open(2) of the path ending in `suffix` fails.
        case openError(Int32, suffix: String)
        case preadError(Int32)
        /// A short write whose rollback (ftruncate) also fails.
        case shortWriteAndTruncateFails
    }

    final class Injector: Sendable {
        private let armed = Mutex<Fault?>(nil)
        private let truncateFails = Mutex(false)
        let fired = Mutex(0)

        func arm(_ fault: Fault) { armed.withLock { $0 = fault } }

        private func take(_ match: (Fault) -> Bool) -> Fault? {
            armed.withLock { armed in
                guard let fault = armed, match(fault) else { return nil }
                armed = nil
                fired.withLock { $0 += 1 }
                return fault
            }
        }

        var systemCalls: SystemCalls {
            let live = SystemCalls.live
            return SystemCalls(
                open: { path, flags, mode in
                    if case .openError(let code, _)? = self.take({ if case .openError(_, let s) = $0 { return path.hasSuffix(s) }; return false }) {
                        errno = code
                        return -1
                    }
                    return live.open(path, flags, mode)
                },
                write: { fd, buffer in
                    let fault = self.take {
                        switch $0 {
                        case .shortWrite, .writeError, .writeInterrupted, .shortWriteAndTruncateFails: return true
                        default: return false
                        }
                    }
                    switch fault {
                    case .shortWrite(let fraction)?:
                        return live.write(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<Int(Double(buffer.count) * fraction)]))
                    case .writeError(let code, let fraction)?:
                        _ = live.write(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<Int(Double(buffer.count) * fraction)]))
                        errno = code
                        return -1
                    case .writeInterrupted?:
                        errno = EINTR
                        return -1
                    case .shortWriteAndTruncateFails?:
                        self.truncateFails.withLock { $0 = true }
                        return live.write(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<buffer.count / 2]))
                    default:
                        return live.write(fd, buffer)
                    }
                },
                pread: { fd, buffer, offset in
                    if case .preadError(let code)? = self.take({ if case .preadError = $0 { return true }; return false }) {
                        errno = code
                        return -1
                    }
                    return live.pread(fd, buffer, offset)
                },
                fsync: { fd in
                    if case .fsyncError(let code)? = self.take({ if case .fsyncError = $0 { return true }; return false }) {
                        errno = code
                        return -1
                    }
                    return live.fsync(fd)
                },
                ftruncate: { fd, length in
                    if self.truncateFails.withLock({ let fail = $0; $0 = false; return fail }) {
                        errno = EIO
                        return -1
                    }
                    return live.ftruncate(fd, length)
                },
                flock: live.flock
            )
        }
    }

    struct Setup {
        let dir: TemporaryDirectory
        let key: Ed25519PrivateKey
        let path: String
        let injector = Injector()
        let writer: LedgerWriter

        init(records: Int = 3, lockTimeoutMilliseconds: Int = 10_000) throws {
            dir = try TemporaryDirectory()
            key = try makeKey()
            path = dir.file("ledger.jsonl")
            writer = LedgerWriter(path: path, key: key, toolVersion: "t", lockTimeoutMilliseconds: lockTimeoutMilliseconds,
                                  systemCalls: injector.systemCalls)
            for i in 0..<records { try writer.append(note: "before \(i)") }
        }

        /// Arms `fault`, expects `code`, checks the file did not change and that the fault
        /// fired, then checks the next append works and the chain is valid.
        func expectRolledBack(_ fault: Fault, _ code: LedgerError.Code, containing: [String] = [],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
            let before = readFile(path)
            let lastSeq = try checkChain(path, publicKey: key.publicKey).last.seq!
            injector.arm(fault)
            expectLedgerError(code, containing: containing, sourceLocation: sourceLocation) {
                try writer.append(decision: LedgerWriterTests.decision(7))
            }
            #expect(injector.fired.withLock { $0 } == 1, "the fault did not fire", sourceLocation: sourceLocation)
            expectFile(path, equals: before, "the ledger changed after a failed append", sourceLocation: sourceLocation)
            let next = try writer.append(note: "after the fault")
            #expect(next.seq == lastSeq + 1, "the failed record must not use up a seq", sourceLocation: sourceLocation)
            let chain = try checkChain(path, publicKey: key.publicKey)
            #expect(chain.lines.last == next.line, sourceLocation: sourceLocation)
            // Another writer (no cached tail) agrees.
            #expect(try LedgerWriter(path: path, key: key, toolVersion: "t").append(note: "fresh").seq == lastSeq + 2,
                    sourceLocation: sourceLocation)
        }
    }

    @Test func shortWrite() throws {
        try Setup().expectRolledBack(.shortWrite(fraction: 0.5), .writeFailed, containing: ["short write", "nothing was recorded"])
    }

    @Test func shortWriteOfAllButTheLineFeed() throws {
        try Setup().expectRolledBack(.shortWrite(fraction: 0.999), .writeFailed, containing: ["short write"])
    }

    @Test func noSpaceLeft() throws {
        try Setup().expectRolledBack(.writeError(ENOSPC, fraction: 0.3), .writeFailed, containing: [String(cString: strerror(ENOSPC))])
    }

    @Test func fileTooLarge() throws {
        try Setup().expectRolledBack(.writeError(EFBIG, fraction: 0), .writeFailed, containing: [String(cString: strerror(EFBIG))])
    }

    @Test func ioErrorOnWrite() throws {
        try Setup().expectRolledBack(.writeError(EIO, fraction: 0.7), .writeFailed, containing: [String(cString: strerror(EIO))])
    }

    @Test func fsyncFailure() throws {
        try Setup().expectRolledBack(.fsyncError(EIO), .syncFailed, containing: ["fsync", "withdrawn"])
    }

    @Test func interruptedWriteIsRetried() throws {
        let setup = try Setup()
        setup.injector.arm(.writeInterrupted)
        let appended = try setup.writer.append(note: "after EINTR")
        #expect(setup.injector.fired.withLock { $0 } == 1)
        #expect(try checkChain(setup.path, publicKey: setup.key.publicKey).lines.last == appended.line)
    }

    @Test func readErrorOnTheTail() throws {
        let setup = try Setup()
        // A writer without a cached tail must read it; the read fails.
        let injector = Injector()
        let writer = LedgerWriter(path: setup.path, key: setup.key, toolVersion: "t", systemCalls: injector.systemCalls)
        let before = readFile(setup.path)
        injector.arm(.preadError(EIO))
        expectLedgerError(.readFailed) { try writer.append(note: "x") }
        expectFile(setup.path, equals: before)
        #expect(try writer.append(note: "y").seq == 4)
        try checkChain(setup.path, publicKey: setup.key.publicKey)
    }

    @Test func accessDeniedOpeningTheLedger() throws {
        let setup = try Setup()
        let injector = Injector()
        let writer = LedgerWriter(path: setup.path, key: setup.key, toolVersion: "t", systemCalls: injector.systemCalls)
        let before = readFile(setup.path)
        injector.arm(.openError(EACCES, suffix: "ledger.jsonl"))
        expectLedgerError(.openFailed, containing: [setup.path, String(cString: strerror(EACCES))]) { try writer.append(note: "x") }
        #expect(injector.fired.withLock { $0 } == 1)
        expectFile(setup.path, equals: before)
        // The same writer retries the open on its next call.
        #expect(try writer.append(note: "y").seq == 4)
        try checkChain(setup.path, publicKey: setup.key.publicKey)
    }

    @Test func accessDeniedOpeningTheLockFile() throws {
        let setup = try Setup()
        let injector = Injector()
        let writer = LedgerWriter(path: setup.path, key: setup.key, toolVersion: "t", systemCalls: injector.systemCalls)
        let before = readFile(setup.path)
        injector.arm(.openError(EACCES, suffix: ".lock"))
        expectLedgerError(.openFailed, containing: [".lock"]) { try writer.append(note: "x") }
        expectFile(setup.path, equals: before)
        #expect(try writer.append(note: "y").seq == 4)
    }

    @Test func accessDeniedCreatingANewLedger() throws {
        let dir = try TemporaryDirectory()
        let injector = Injector()
        let path = dir.file("new.jsonl")
        let writer = LedgerWriter(path: path, key: try makeKey(), toolVersion: "t", systemCalls: injector.systemCalls)
        injector.arm(.openError(EACCES, suffix: "new.jsonl"))
        expectLedgerError(.openFailed) { try writer.append(note: "x") }
        #expect(!fileExists(path))
    }

    @Test func faultWhileWritingTheGenesis() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let injector = Injector()
        let path = dir.file("new.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t", systemCalls: injector.systemCalls)
        injector.arm(.shortWrite(fraction: 0.5))
        expectLedgerError(.writeFailed) { try writer.append(note: "x") }
        #expect(readFile(path).isEmpty)
        #expect(try writer.append(note: "y").seq == 1)
        try checkChain(path, publicKey: key.publicKey)
    }

    @Test func lockTimeout() throws {
        let setup = try Setup(lockTimeoutMilliseconds: 150)
        let before = readFile(setup.path)
        // Another open file description holds the lock, as another process would.
        let fd = open(setup.writer.lockPath, O_RDWR | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(SystemCalls.live.flock(fd, LOCK_EX) == 0)
        let start = Timestamp.monotonicNanoseconds()
        expectLedgerError(.lockTimeout, containing: ["150 ms"]) { try setup.writer.append(note: "x") }
        let waited = (Timestamp.monotonicNanoseconds() - start) / 1_000_000
        #expect(waited >= 150 && waited < 3_000, "waited \(waited) ms")
        expectFile(setup.path, equals: before)
        expectLedgerError(.lockTimeout) { try setup.writer.recover() }
        expectLedgerError(.lockTimeout) { try setup.writer.writeCheckpoint() }
        try #require(SystemCalls.live.flock(fd, LOCK_UN) == 0)
        #expect(try setup.writer.append(note: "y").seq == 4)
        try checkChain(setup.path, publicKey: setup.key.publicKey)
    }

    @Test func lockReleasedWhileWaiting() throws {
        let setup = try Setup(lockTimeoutMilliseconds: 10_000)
        let fd = open(setup.writer.lockPath, O_RDWR | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(SystemCalls.live.flock(fd, LOCK_EX) == 0)
        // A plain thread (not a task: the append below blocks its thread) lets go after 100 ms.
        let releaser = Thread {
            usleep(100_000)
            _ = SystemCalls.live.flock(fd, LOCK_UN)
        }
        releaser.start()
        let start = Timestamp.monotonicNanoseconds()
        #expect(try setup.writer.append(note: "waited").seq == 4)
        #expect((Timestamp.monotonicNanoseconds() - start) / 1_000_000 >= 90)
    }

    @Test func failedRollbackLeavesATornTailThatIsRefusedThenRecovered() throws {
        let setup = try Setup()
        let before = readFile(setup.path)
        setup.injector.arm(.shortWriteAndTruncateFails)
        expectLedgerError(.writeFailed) { try setup.writer.append(note: "x") }
        // The half record could not be removed: it must be refused, never built upon.
        #expect(readFile(setup.path).count > before.count)
        expectLedgerError(.needsRecovery) { try setup.writer.append(note: "y") }
        let recovery = try setup.writer.recover()
        #expect(recovery.offset == Int64(before.count))
        let chain = try checkChain(setup.path, publicKey: setup.key.publicKey)
        #expect(chain.last.kind == .recovery)
        #expect(Array(readFile(setup.path).prefix(before.count)) == before)
    }
}
