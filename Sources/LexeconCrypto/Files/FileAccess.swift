#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small, careful POSIX file helpers shared by the lexecon targets.
package enum FileAccess {
    /// A message for the current `errno`.
    package static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Reads a whole regular file of at most `limit` bytes. Returns the bytes and the
    /// file's mode bits, taken from the same open descriptor (no check-then-use race).
    /// `O_NONBLOCK` keeps a FIFO or device in place of the file from blocking the open;
    /// such files are then refused as not regular.
    package static func readRegularFile(_ path: String, limit: Int) throws(CryptoError) -> (bytes: [UInt8], mode: UInt32) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw CryptoError(.fileError, "cannot open \(path): \(errorText())")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CryptoError(.fileError, "cannot stat \(path): \(errorText())")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CryptoError(.fileError, "\(path) is not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw CryptoError(.fileError, "\(path) is larger than \(limit) bytes")
        }
        // One allocation at the final size (a secret must not be left behind by a regrowth);
        // a file that grows after fstat is read only up to its size then.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CryptoError(.fileError, "cannot read \(path): \(errorText())")
            }
            if n == 0 { break }
            done += n
        }
        bytes.removeSubrange(done...)
        return (bytes, UInt32(info.st_mode))
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory, fsyncs it,
    /// renames it into place and fsyncs the directory, so a crash leaves the old or the
    /// new file, never a partial one. With `exclusive`, an existing file is an error.
    package static func writeAtomically(_ path: String, bytes: [UInt8], mode: UInt32, exclusive: Bool) throws(CryptoError) {
        let directory = parentDirectory(of: path)
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode))
        guard fd >= 0 else {
            throw CryptoError(.fileError, "cannot create \(temporary): \(errorText())")
        }
        var ok = false
        defer { if !ok { unlink(temporary) } }
        _ = fchmod(fd, mode_t(mode))  // the umask must not widen or narrow what we asked for
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let message = errorText()
                close(fd)
                throw CryptoError(.fileError, "cannot write \(temporary): \(message)")
            }
            done += n
        }
        guard fsync(fd) == 0 else {
            let message = errorText()
            close(fd)
            throw CryptoError(.fileError, "cannot fsync \(temporary): \(message)")
        }
        close(fd)
        if exclusive {
            // link() fails if the target exists: no window in which an existing key is replaced.
            guard link(temporary, path) == 0 else {
                throw CryptoError(errno == EEXIST ? .keyExists : .fileError, "cannot create \(path): \(errorText())")
            }
            unlink(temporary)
        } else {
            guard rename(temporary, path) == 0 else {
                throw CryptoError(.fileError, "cannot replace \(path): \(errorText())")
            }
        }
        ok = true
        try fsyncDirectory(directory)
    }

    /// Fsyncs a directory so a created or renamed entry survives a crash.
    package static func fsyncDirectory(_ path: String) throws(CryptoError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CryptoError(.fileError, "cannot open directory \(path): \(errorText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw CryptoError(.fileError, "cannot fsync directory \(path): \(errorText())") }
    }

    /// The directory part of a path (`.` for a bare name).
    package static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Creates `path` and missing parents with `mode`; an existing directory is accepted.
    package static func makeDirectories(_ path: String, mode: UInt32) throws(CryptoError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw CryptoError(.fileError, "\(path) exists and is not a directory")
            }
            return
        }
        let parent = parentDirectory(of: path)
        if parent != path && parent != "." && parent != "/" {
            try makeDirectories(parent, mode: 0o755)
        }
        if mkdir(path, mode_t(mode)) != 0 && errno != EEXIST {
            throw CryptoError(.fileError, "cannot create directory \(path): \(errorText())")
        }
        try fsyncDirectory(parent)
    }
}
