#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the lines of a file in constant memory: a fixed buffer, one line at a time.
///
/// Each line is delivered without its LF together with its 1-based number and byte
/// offset. A final segment without LF is delivered with `terminated == false`. A line
/// longer than the limit is delivered with `overlong == true` and only its first
/// `limit` bytes (the reader skips to the next LF instead of buffering it).
public struct LineReader: ~Copyable {
    /// One line of the file.
    public struct Line {
        /// 1-based line number.
        public var number: Int
        /// Byte offset of the line's first byte.
        public var offset: Int64
        /// The line's bytes, without the LF; valid only during the callback.
        public var bytes: UnsafeRawBufferPointer
        /// False for a final segment with no LF after it (a torn write).
        public var terminated: Bool
        /// True when the line was longer than the limit; `bytes` holds only its start.
        public var overlong: Bool
        /// The full length of the line in bytes (even when overlong).
        public var length: Int
    }

    private let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private let prefix: UnsafeMutableRawBufferPointer
    private let limit: Int

    private let startOffset: Int64

    /// Opens `path` for reading, from byte `offset` (which must be the start of a line;
    /// line numbers then count from there). Fails for directories, devices and
    /// unreadable files.
    public init(path: String, from offset: Int64 = 0, limit: Int = LedgerFormat.maxLineLength) throws(LedgerError) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LedgerError(.openFailed, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            Glibc.close(fd)
            throw LedgerError(.openFailed, "\(path) is not a regular file")
        }
        if offset != 0 && lseek(fd, off_t(offset), SEEK_SET) != off_t(offset) {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw LedgerError(.readFailed, "cannot seek \(path) to \(offset): \(message)")
        }
        self.startOffset = offset
        self.fd = fd
        self.limit = limit
        buffer = .allocate(byteCount: max(limit + 1, 1 << 20), alignment: 16)
        prefix = .allocate(byteCount: limit, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        prefix.deallocate()
        Glibc.close(fd)
    }

    /// Calls `body` for every line until the end of the file or until it returns false.
    public mutating func forEachLine(_ body: (Line) throws -> Bool) throws {
        let base = buffer.baseAddress!
        var start = 0                 // first unconsumed byte in the buffer
        var end = 0                   // one past the last valid byte
        var fileOffset = startOffset  // file offset of buffer[start]
        var number = 0
        var overlongStart: Int64 = -1 // offset of the overlong line being skipped, or -1
        var overlongLength = 0
        while true {
            if end > start, let hit = memchr(base + start, 0x0a, end - start) {
                let found = base.distance(to: UnsafeMutableRawPointer(hit))
                number += 1
                let line: Line
                if overlongStart >= 0 {
                    line = Line(number: number, offset: overlongStart, bytes: UnsafeRawBufferPointer(prefix),
                                terminated: true, overlong: true, length: overlongLength + found - start)
                    overlongStart = -1
                } else {
                    // A whole overlong line can sit in the buffer: report it the same way.
                    let length = found - start
                    line = Line(number: number, offset: fileOffset,
                                bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + min(length, limit))]),
                                terminated: true, overlong: length > limit, length: length)
                }
                guard try body(line) else { return }
                fileOffset += Int64(found + 1 - start)
                start = found + 1
                continue
            }
            // No LF among the buffered bytes.
            if overlongStart >= 0 {
                overlongLength += end - start
                fileOffset += Int64(end - start)
                start = 0
                end = 0
            } else if end - start > limit {
                // An overlong line: keep its first `limit` bytes, then skip to its LF.
                prefix.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<start + limit]))
                overlongStart = fileOffset
                overlongLength = end - start
                fileOffset += Int64(end - start)
                start = 0
                end = 0
            } else if start > 0 {
                memmove(base, base + start, end - start)
                end -= start
                start = 0
            }
            let n = Glibc.read(fd, base + end, buffer.count - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError(.readFailed, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                // End of file: a final segment without LF is a torn line.
                if overlongStart >= 0 {
                    number += 1
                    _ = try body(Line(number: number, offset: overlongStart, bytes: UnsafeRawBufferPointer(prefix),
                                      terminated: false, overlong: true, length: overlongLength + end - start))
                } else if end > start {
                    number += 1
                    let length = end - start
                    _ = try body(Line(number: number, offset: fileOffset,
                                      bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + min(length, limit))]),
                                      terminated: false, overlong: length > limit, length: length))
                }
                return
            }
            end += n
        }
    }
}
