#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconCrypto
public import LexeconInterceptor

/// Links a PostToolUse event to the PreToolUse decision it follows.
///
/// Each hook event is a separate process, so PreToolUse leaves one small file per pending
/// tool call in a directory next to the ledger (`LEDGER.claude-code/`, mode 0700), named by
/// the SHA-256 of the session and tool-use ids and holding `SEQ VERDICT`. PostToolUse reads
/// and removes it. One file per call needs no lock even when Claude Code runs hooks in
/// parallel. The file is a convenience, not evidence: both records also carry the
/// `tool_use_id`, and a result whose file is missing is recorded with `of` -1.
/// Files of calls that never ran (the user declined an ask) stay behind; they are tiny.
public struct PendingDecisions: Sendable {
    public struct Entry: Sendable, Equatable {
        public var seq: Int64
        public var decision: Decision
    }

    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The directory used for `ledgerPath`.
    public init(ledgerPath: String) { self.directory = ledgerPath + ".claude-code" }

    private func path(session: String, toolUseID: String) -> String {
        directory + "/" + SHA256.hex(session + "\n" + toolUseID)
    }

    /// Best effort: returns false when the file could not be written.
    @discardableResult
    public func save(seq: Int64, decision: Decision, session: String, toolUseID: String) -> Bool {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { return false }
        let fd = open(path(session: session, toolUseID: toolUseID), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let line = Array("\(seq) \(decision.rawValue)\n".utf8)
        return line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == line.count
    }

    /// Reads and removes the entry, if there is one.
    public func take(session: String, toolUseID: String) -> Entry? {
        let file = path(session: session, toolUseID: toolUseID)
        let fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        close(fd)
        unlink(file)
        guard count > 0 else { return nil }
        let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let seq = Int64(fields[0]), seq >= 0, let decision = Decision(rawValue: String(fields[1])) else { return nil }
        return Entry(seq: seq, decision: decision)
    }
}
