#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The write end of the active relay's pipe, read by the signal handler. A global so a
/// C signal handler can reach it; initialised before any handler is installed.
private let relayWriteFD = Atomic<Int32>(-1)

/// The handler: one byte per signal into the relay pipe (write(2) is async-signal-safe).
private let relayHandler: @convention(c) (Int32) -> Void = { signal in
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    let fd = relayWriteFD.load(ordering: .relaxed)
    if fd >= 0 { _ = write(fd, &byte, 1) }
    errno = saved
}

/// Catches SIGINT, SIGTERM and SIGHUP for the lifetime of one intercepted command and
/// turns them into bytes on a pipe that the execution loop polls, so they can be
/// forwarded to the command's process group and recorded.
///
/// Why process-wide handlers and not `sigwait`/`signalfd`: those only work when the
/// signals are blocked in every thread, and a Swift process may already have threads
/// (the concurrency runtime, Dispatch) that lexecon did not create and whose masks it
/// cannot change; a process-directed signal delivered to such a thread would take the
/// default action and kill lexecon before the result is recorded. A `sigaction` handler
/// applies to whichever thread receives the signal. The handlers are installed before the
/// decision is evaluated and removed after the result record is written, so a SIGTERM at
/// any point in between is noticed (before the start: the command is not started).
///
/// Only one relay may be active in a process at a time; `install` fails otherwise.
final class SignalRelay {
    static let relayedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let readFD: Int32
    private let writeFD: Int32
    private var previous: [(Int32, sigaction)] = []
    private(set) var received: [Int32] = []

    private init(readFD: Int32, writeFD: Int32) {
        self.readFD = readFD
        self.writeFD = writeFD
    }

    /// The descriptor to poll for readability.
    var pollDescriptor: Int32 { readFD }

    /// Installs the handlers. Throws when a relay is already active or a pipe cannot be made.
    static func install() throws(InterceptorError) -> SignalRelay {
        let (readEnd, writeEnd) = try GNUCalls.pipe(flags: O_CLOEXEC | O_NONBLOCK)
        let fds = [readEnd, writeEnd]
        let (exchanged, _) = relayWriteFD.compareExchange(expected: -1, desired: fds[1], ordering: .sequentiallyConsistent)
        guard exchanged else {
            close(fds[0]); close(fds[1])
            throw InterceptorError(.executionSetupFailed, "another command is already being relayed signals in this process")
        }
        let relay = SignalRelay(readFD: fds[0], writeFD: fds[1])
        for signal in relayedSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = relayHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: a blocking read (the approval prompt) returns EINTR
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { relay.previous.append((signal, old)) }
        }
        return relay
    }

    /// Reads the signals that arrived since the last call (also kept in ``received``).
    func drain() -> [Int32] {
        var fresh: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if n > 0 {
                fresh += buffer[0..<n].map { Int32($0) }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            break
        }
        received += fresh
        return fresh
    }

    /// Restores the previous handlers and closes the pipe. Signals that arrived after the
    /// command ended were only noted; the caller decides what to do with ``received``.
    func uninstall() {
        for (signal, old) in previous {
            var old = old
            _ = sigaction(signal, &old, nil)
        }
        previous.removeAll()
        _ = drain()
        relayWriteFD.store(-1, ordering: .sequentiallyConsistent)
        close(readFD)
        close(writeFD)
    }
}
