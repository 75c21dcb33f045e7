#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads a whole file with POSIX calls (no Foundation on the start-up path).
enum FileBytes {
    /// The file's bytes, or an `io` error naming the path and the system's reason.
    static func read(path: String, limit: Int) throws(PolicyError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw PolicyError(code: .io, file: path, line: 1, column: 1, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PolicyError(code: .io, file: path, line: 1, column: 1, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
            if result.count > limit {
                throw PolicyError(code: .tooLarge, file: path, line: 1, column: 1, message: "policy is larger than \(limit) bytes")
            }
        }
        return result
    }
}

#if canImport(Glibc)
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Glibc.read(fd, buffer, count) }
#else
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Darwin.read(fd, buffer, count) }
#endif
