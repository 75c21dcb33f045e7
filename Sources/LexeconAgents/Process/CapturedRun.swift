#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LexeconLedger
import LexeconCrypto

/// Runs one shell command with its output captured, bounded and digested.
///
/// `/bin/sh -c COMMAND` is started with `posix_spawn` in its own process group, stdin from
/// `/dev/null`, default signal dispositions and an empty signal mask. Both output streams
/// are read with `poll` until they close: the first `limit` bytes of each are kept, every
/// byte is counted and hashed (for the `result` record). When `timeout` passes, the whole
/// process group is killed with SIGKILL.
public enum CapturedRun {
    /// One output stream.
    public struct Stream: Sendable {
        /// The first bytes, up to the limit.
        public var head: [UInt8] = []
        /// Every byte written.
        public var totalBytes: Int64 = 0
        public var sha256: String = ""
        public var truncated: Bool { Int64(head.count) < totalBytes }

        public var digest: ResultEntry.Output { ResultEntry.Output(bytes: totalBytes, sha256: sha256) }
    }

    public struct Outcome: Sendable {
        /// The exit status, when the command exited.
        public var exitCode: Int32?
        /// The signal that ended it, e.g. `SIGKILL`.
        public var signal: String?
        public var timedOut: Bool
        public var durationMilliseconds: Int64
        public var stdout: Stream
        public var stderr: Stream
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(command: String, cwd: String, timeoutSeconds: Int, limit: Int) throws -> Outcome {
        let started = monotonicNanoseconds()
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe, O_CLOEXEC) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
        guard makePipe(&errPipe, O_CLOEXEC) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        guard addChdir(&actions, cwd) == 0 else {
            for fd in outPipe + errPipe { close(fd) }
            throw SpawnError(description: "cannot prepare the working directory \(cwd)")
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw SpawnError(description: "cannot start /bin/sh in \(cwd): \(String(cString: strerror(status)))")
        }

        var streams = [Stream(), Stream()]
        var hashers = [SHA256(), SHA256()]
        var fds = [outPipe[0], errPipe[0]]
        let deadline = started + UInt64(max(1, timeoutSeconds)) * 1_000_000_000
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0 >= 0 }) {
            var pollFDs = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let now = monotonicNanoseconds()
            var wait: Int32 = -1
            if !timedOut {
                if now >= deadline {
                    timedOut = true
                    kill(-pid, SIGKILL)
                    continue
                }
                wait = Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
            }
            let ready = poll(&pollFDs, nfds_t(pollFDs.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where fds[index] >= 0 && pollFDs[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.withUnsafeBytes { hashers[index].update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    streams[index].totalBytes += Int64(count)
                    let room = limit - streams[index].head.count
                    if room > 0 { streams[index].head.append(contentsOf: buffer[0..<min(room, count)]) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[index])
                    fds[index] = -1
                }
            }
        }
        for fd in fds where fd >= 0 { close(fd) }

        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
        for index in 0..<2 { streams[index].sha256 = SHA256.hex(hashers[index].finalize()) }
        let termSignal = waitStatus & 0x7f
        var exitCode: Int32?
        var signal: String?
        if termSignal == 0 {
            exitCode = (waitStatus >> 8) & 0xff
        } else {
            signal = signalName(termSignal)
        }
        return Outcome(exitCode: exitCode, signal: signal, timedOut: timedOut,
                       durationMilliseconds: Int64((monotonicNanoseconds() - started) / 1_000_000),
                       stdout: streams[0], stderr: streams[1])
    }

    // glibc exports both, but the Glibc module hides them behind _GNU_SOURCE. pipe2 creates the
    // pipes close-on-exec atomically, so a command started concurrently by another thread
    // never inherits them (which would hold our read end open past this command's exit).
    @_silgen_name("pipe2")
    private static func makePipe(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

    @_silgen_name("posix_spawn_file_actions_addchdir_np")
    private static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

    static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGABRT: "SIGABRT",
                                      SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE",
                                      SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGBUS: "SIGBUS", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ"]
        return names[number] ?? "\(number)"
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
