#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls the ledger writer makes, each behind a replaceable function so tests
/// can inject faults (short writes, ENOSPC, EIO from fsync, EACCES from open) without
/// touching a real disk's failure modes. ``live`` calls the kernel.
public struct SystemCalls: Sendable {
    /// open(2): returns a descriptor or -1 with errno set.
    public var open: @Sendable (_ path: String, _ flags: Int32, _ mode: UInt32) -> Int32
    /// write(2).
    public var write: @Sendable (_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int
    /// pread(2).
    public var pread: @Sendable (_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, _ offset: Int64) -> Int
    /// fsync(2) (F_FULLFSYNC on Darwin).
    public var fsync: @Sendable (_ fd: Int32) -> Int32
    /// ftruncate(2).
    public var ftruncate: @Sendable (_ fd: Int32, _ length: Int64) -> Int32
    /// flock(2) with LOCK_EX|LOCK_NB, LOCK_UN, ….
    public var flock: @Sendable (_ fd: Int32, _ operation: Int32) -> Int32

    /// Creates a table of system calls.
    public init(
        open: @escaping @Sendable (String, Int32, UInt32) -> Int32,
        write: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int,
        pread: @escaping @Sendable (Int32, UnsafeMutableRawBufferPointer, Int64) -> Int,
        fsync: @escaping @Sendable (Int32) -> Int32,
        ftruncate: @escaping @Sendable (Int32, Int64) -> Int32,
        flock: @escaping @Sendable (Int32, Int32) -> Int32
    ) {
        self.open = open
        self.write = write
        self.pread = pread
        self.fsync = fsync
        self.ftruncate = ftruncate
        self.flock = flock
    }

    /// The real system calls.
    public static let live = SystemCalls(
        open: { path, flags, mode in Glibc.open(path, flags, mode_t(mode)) },
        write: { fd, buffer in Glibc.write(fd, buffer.baseAddress, buffer.count) },
        pread: { fd, buffer, offset in Glibc.pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) },
        fsync: { fd in
            #if canImport(Darwin)
            return fcntl(fd, F_FULLFSYNC)
            #else
            return Glibc.fsync(fd)
            #endif
        },
        ftruncate: { fd, length in Glibc.ftruncate(fd, off_t(length)) },
        flock: { fd, operation in lexecon_flock(fd, operation) }
    )

    /// Flags for the ledger: read (tail checks) and append-only writes.
    public static let ledgerFlags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC
    /// Flags for the lock file.
    public static let lockFlags = O_RDWR | O_CREAT | O_CLOEXEC
    /// flock operations.
    public static let lockExclusiveNonBlocking = LOCK_EX | LOCK_NB
    public static let unlock = LOCK_UN
}

/// flock(2). Swift imports `flock` as the `struct flock` of fcntl, which hides the
/// function of the same name, so it is bound by its C symbol.
@_silgen_name("flock")
private func lexecon_flock(_ fd: Int32, _ operation: Int32) -> Int32
