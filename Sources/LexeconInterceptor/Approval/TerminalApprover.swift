#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconLedger

/// Asks the person at the controlling terminal: shows the command, the rule and the
/// reason on `/dev/tty` and reads `y`/`yes` (anything else, end of input or an interrupt
/// is a refusal). Asks only when both standard input and standard error are terminals.
///
/// The approver is recorded as `USER on TTY` (the user lexecon runs as and the terminal
/// device). Type-ahead is discarded before the prompt so that keys pressed earlier cannot
/// answer it. Note: whoever controls the terminal answers — an agent that drives a
/// pseudo-terminal can approve its own escalations; give agents no terminal (CI, pipes)
/// or use `--on-escalate block` where that matters.
public struct TerminalApprover: Approver {
    /// Creates the approver.
    public init() {}

    public func approve(_ request: ApprovalRequest) -> ApprovalOutcome {
        guard isatty(0) == 1, isatty(2) == 1 else {
            return .unavailable(reason: "no terminal to ask on (standard input and standard error must be terminals)")
        }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            return .unavailable(reason: "cannot open /dev/tty: \(ProcessIdentity.errorText())")
        }
        defer { close(fd) }
        // The device name (/dev/pts/N) of our terminal; ttyname of /dev/tty itself says only "/dev/tty".
        let terminal = (ttyname(0) ?? ttyname(2)).map { String(cString: $0) } ?? "/dev/tty"
        let approver = "\(ProcessIdentity.userName()) on \(terminal)"

        _ = tcflush(fd, TCIFLUSH)
        let prompt = """

        lexecon: ESCALATE by rule \(TerminalSafe.escape(request.verdict.rule)): \(TerminalSafe.escape(request.verdict.reason))
          command: \(TerminalSafe.escape(request.request.request.displayText))
          cwd:     \(TerminalSafe.escape(request.request.cwd))
        Run it? [y/N] 
        """
        guard writeAll(fd, prompt) else {
            return .unavailable(reason: "cannot write to \(terminal): \(ProcessIdentity.errorText())")
        }
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while answer.count < 256 {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR {
                // A signal (Ctrl-C relayed, SIGTERM): treat as "no".
                _ = writeAll(fd, "\n")
                return .answered(granted: false, approver: approver + " (interrupted)")
            }
            if n <= 0 || byte == 0x0a { break }
            answer.append(byte)
        }
        let text = String(decoding: answer, as: UTF8.self).trimmingWhitespace.lowercased()
        let granted = text == "y" || text == "yes"
        _ = writeAll(fd, granted ? "lexecon: approved\n" : "lexecon: not approved\n")
        return .answered(granted: granted, approver: approver)
    }

    private func writeAll(_ fd: Int32, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
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
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
