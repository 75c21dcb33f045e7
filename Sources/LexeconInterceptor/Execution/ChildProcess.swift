#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconCrypto
import LexeconLedger

/// Runs one command with `posix_spawn`, streams and hashes its output, relays signals to
/// it and kills it at the timeout.
///
/// The command runs in a process group of its own (`POSIX_SPAWN_SETPGROUP`): forwarded
/// signals and the timeout's SIGTERM/SIGKILL go to the whole group, so `sh -c 'a; b'`,
/// pipelines and their children stop together instead of leaving orphans that hold the
/// output pipes open. When our standard input is the controlling terminal and we are its
/// foreground group, the terminal is handed to the command's group while it runs and
/// taken back afterwards, as a shell does, so interactive programs and Ctrl-C behave.
enum ChildProcess {
    /// Signals reset to their default action in the child: lexecon ignores SIGPIPE and
    /// SIGXFSZ and catches SIGINT/SIGTERM/SIGHUP; an ignored disposition would survive exec.
    private static let defaultedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ,
                                                   SIGTTIN, SIGTTOU, SIGTSTP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM]

    static func run(_ command: InterceptRequest.Command, cwd: String, options: ExecutionOptions,
                    relay: SignalRelay?) throws(InterceptorError) -> ExecutionResult {
        let program: String
        let arguments: [String]
        let searchPath: Bool
        switch command {
        case .shell(let line):
            program = "/bin/sh"
            arguments = ["sh", "-c", line]
            searchPath = false
        case .argv(let argv):
            guard let first = argv.first, !first.isEmpty else {
                throw InterceptorError(.invalidRequest, "the command is empty")
            }
            program = first
            arguments = argv
            searchPath = !first.contains("/")
        }

        let (outRead, outWrite) = try GNUCalls.pipe(flags: O_CLOEXEC)
        let errPipe: (Int32, Int32)
        do { errPipe = try GNUCalls.pipe(flags: O_CLOEXEC) } catch {
            close(outRead); close(outWrite)
            throw error
        }
        let out = [outRead, outWrite]
        let err = [errPipe.0, errPipe.1]
        var descriptorsOpen = true
        defer {
            if descriptorsOpen { for fd in out + err { close(fd) } }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if options.stdin == .null {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        try GNUCalls.addChdir(&actions, cwd)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in defaultedSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }

        // Signals that arrived while deciding: do not start the command at all.
        if let relay, let first = relay.drain().first ?? relay.received.first {
            throw InterceptorError(.interrupted, "\(SignalNames.name(first)) received before the command started")
        }

        var pid: pid_t = 0
        let started = Timestamp.monotonicNanoseconds()
        let status = cArguments.withUnsafeBufferPointer { argv in
            searchPath
                ? posix_spawnp(&pid, program, &actions, &attributes, argv.baseAddress!, environ)
                : posix_spawn(&pid, program, &actions, &attributes, argv.baseAddress!, environ)
        }
        descriptorsOpen = false
        close(out[1])
        close(err[1])
        guard status == 0 else {
            close(out[0]); close(err[0])
            throw InterceptorError(.spawnFailed, "cannot start \(program): \(ProcessIdentity.errorText(status))", errno: status)
        }

        let terminal = options.foregroundTerminal ? TerminalForeground.handOver(to: pid) : nil
        defer { terminal?.takeBack() }

        var loop = OutputLoop(pid: pid, started: started, options: options, relay: relay,
                              stdoutFD: out[0], stderrFD: err[0])
        return loop.run()
    }
}

/// The poll loop: output, signals, timeout, reaping.
private struct OutputLoop {
    struct Stream {
        var fd: Int32
        var handling: ExecutionOptions.OutputHandling
        var hasher = SHA256()
        var bytes: Int64 = 0
        var captured: [UInt8] = []
        var forwardBroken = false
        var open = true

        init(fd: Int32, handling: ExecutionOptions.OutputHandling) {
            self.fd = fd
            self.handling = handling
        }

        mutating func consume(_ buffer: UnsafeRawBufferPointer) {
            hasher.update(buffer)
            bytes += Int64(buffer.count)
            switch handling {
            case .forward(let target):
                if !forwardBroken && !writeFully(target, buffer) { forwardBroken = true }
            case .discard:
                break
            case .capture(let limit):
                let room = max(0, limit - captured.count)
                if room > 0 { captured.append(contentsOf: buffer.prefix(room)) }
            }
        }

        mutating func close() {
            if open { _ = Glibc.close(fd); open = false }
        }

        mutating func digest() -> ExecutionResult.StreamDigest {
            let isCapture: Bool
            if case .capture = handling { isCapture = true } else { isCapture = false }
            return ExecutionResult.StreamDigest(bytes: bytes, sha256: Hex.encode(hasher.finalize()),
                                                captured: isCapture ? captured : nil)
        }

        private func writeFully(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    let pid: pid_t
    let started: Int64
    let options: ExecutionOptions
    let relay: SignalRelay?
    var streams: [Stream]
    var exitStatus: Int32?
    var timedOut = false
    var killAt: Int64?
    var killed = false
    var forwarded: [Int32] = []

    init(pid: pid_t, started: Int64, options: ExecutionOptions, relay: SignalRelay?, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.started = started
        self.options = options
        self.relay = relay
        self.streams = [Stream(fd: stdoutFD, handling: options.stdout), Stream(fd: stderrFD, handling: options.stderr)]
    }

    /// After the command exits, keep reading output its background children still write
    /// for at most this long, then close the pipes.
    static let drainAfterExitNanoseconds: Int64 = 250_000_000
    /// While the command runs, wake at least this often to notice it exited even when a
    /// background child keeps the pipes open.
    static let reapIntervalMilliseconds: Int32 = 100

    mutating func run() -> ExecutionResult {
        let deadline = options.timeout.map { started + Int64($0 * 1_000_000_000) }
        var drainUntil: Int64?
        var backoffMs: Int32 = 1
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var pollSet: [pollfd] = []

        while true {
            let now = Timestamp.monotonicNanoseconds()
            if exitStatus == nil {
                if let deadline, !timedOut, now >= deadline {
                    timedOut = true
                    _ = kill(-pid, SIGTERM)
                    killAt = now + Int64(options.killGrace * 1_000_000_000)
                }
                if let killAt, !killed, now >= killAt {
                    killed = true
                    _ = kill(-pid, SIGKILL)
                }
            }
            let pipesOpen = streams.contains(where: \.open)
            if exitStatus == nil && !pipesOpen {
                // Both pipes reached end of file: the command is exiting. Without a
                // deadline, wait for it (a relayed signal interrupts the wait); with one,
                // look again after a short, growing pause.
                if let status = reap(blocking: deadline == nil) { exitStatus = status }
            }
            if exitStatus != nil && !streams.contains(where: \.open) { break }
            if let drainUntil, now >= drainUntil { break }

            // How long to sleep: until the next deadline, and never so long that an exit
            // with the pipes still held open by a background child goes unnoticed.
            var timeoutMs: Int32
            if exitStatus != nil {
                timeoutMs = -1
            } else if pipesOpen {
                timeoutMs = OutputLoop.reapIntervalMilliseconds
            } else {
                timeoutMs = backoffMs
                backoffMs = min(backoffMs * 2, OutputLoop.reapIntervalMilliseconds)
            }
            var wakes: [Int64] = []
            if exitStatus == nil {
                if let deadline, !timedOut { wakes.append(deadline) }
                if let killAt, !killed { wakes.append(killAt) }
            }
            if let drainUntil { wakes.append(drainUntil) }
            if let wake = wakes.min() {
                let ms = Int32(clamping: max(0, (wake - now + 999_999) / 1_000_000))
                timeoutMs = timeoutMs < 0 ? ms : min(timeoutMs, ms)
            }

            pollSet.removeAll(keepingCapacity: true)
            for stream in streams where stream.open { pollSet.append(pollfd(fd: stream.fd, events: Int16(POLLIN), revents: 0)) }
            if let relay { pollSet.append(pollfd(fd: relay.pollDescriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&pollSet, nfds_t(pollSet.count), timeoutMs)
            if ready < 0 && errno != EINTR { break }

            if let relay {
                for signal in relay.drain() where exitStatus == nil {
                    forwarded.append(signal)
                    _ = kill(-pid, signal)
                }
            }
            if ready > 0 {
                for entry in pollSet where entry.revents != 0 {
                    guard let index = streams.firstIndex(where: { $0.open && $0.fd == entry.fd }) else { continue }
                    let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        buffer.withUnsafeBytes { streams[index].consume(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                        streams[index].close()
                    }
                }
            }

            if exitStatus == nil && streams.contains(where: \.open), let status = reap(blocking: false) {
                exitStatus = status
                drainUntil = Timestamp.monotonicNanoseconds() + OutputLoop.drainAfterExitNanoseconds
            }
        }
        while exitStatus == nil {
            if let status = reap(blocking: true) { exitStatus = status }
        }
        let duration = (Timestamp.monotonicNanoseconds() - started) / 1_000_000
        for index in streams.indices { streams[index].close() }

        let status = exitStatus ?? 0
        let termination: ExecutionResult.Termination
        if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            termination = .signaled(status & 0x7f)
        }
        return ExecutionResult(termination: termination, durationMilliseconds: duration,
                               stdout: streams[0].digest(), stderr: streams[1].digest(),
                               timedOut: timedOut, forwardedSignals: forwarded)
    }

    /// waitpid; nil while the command still runs.
    private func reap(blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { return status }
            if result < 0 && errno == EINTR {
                // A relayed signal: let the loop forward it, then wait again.
                if blocking && relay == nil { continue }
                return nil
            }
            // ECHILD: someone else reaped it (e.g. an embedding program's SIGCHLD
            // handler); report a plain exit rather than waiting forever.
            return result < 0 && errno == ECHILD ? 0 : nil
        }
    }
}

/// Hands stdin's terminal to the command's process group and takes it back. SIGTTOU
/// stays blocked in this thread meanwhile: taking the terminal back from a background
/// group, and writing the command's output to the terminal with `tostop` set, would
/// otherwise stop lexecon.
private struct TerminalForeground {
    let previousGroup: pid_t
    let previousMask: sigset_t

    static func handOver(to group: pid_t) -> TerminalForeground? {
        guard isatty(0) == 1 else { return nil }
        let current = tcgetpgrp(0)
        guard current >= 0, current == getpgrp() else { return nil }
        var block = sigset_t()
        var old = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGTTOU)
        pthread_sigmask(SIG_BLOCK, &block, &old)
        guard tcsetpgrp(0, group) == 0 else {
            pthread_sigmask(SIG_SETMASK, &old, nil)
            return nil
        }
        // The command may have touched the terminal before it became the foreground and
        // been stopped by SIGTTIN/SIGTTOU: let it continue.
        _ = kill(-group, SIGCONT)
        return TerminalForeground(previousGroup: current, previousMask: old)
    }

    func takeBack() {
        _ = tcsetpgrp(0, previousGroup)
        var mask = previousMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }
}
