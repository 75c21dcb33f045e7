#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GNU extensions that Swift's Glibc module does not import (they need `_GNU_SOURCE`),
/// looked up once with `dlsym` and called through their C signatures.
enum GNUCalls {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static let pipe2Function: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let addChdirFunction: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    /// pipe2(2): both ends created with `flags` (O_CLOEXEC, O_NONBLOCK) atomically, so a
    /// concurrent spawn on another thread cannot inherit them. Returns (read, write).
    static func pipe(flags: Int32) throws(InterceptorError) -> (Int32, Int32) {
        guard let pipe2Function else {
            throw InterceptorError(.executionSetupFailed, "pipe2 is not available in this C library")
        }
        var fds: [Int32] = [-1, -1]
        guard pipe2Function(&fds, flags) == 0 else {
            throw InterceptorError(.executionSetupFailed, "cannot create a pipe: \(ProcessIdentity.errorText())")
        }
        return (fds[0], fds[1])
    }

    /// posix_spawn_file_actions_addchdir_np (glibc 2.29+): the child changes directory
    /// before exec, without changing ours.
    static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) throws(InterceptorError) {
        guard let addChdirFunction else {
            throw InterceptorError(.executionSetupFailed, "posix_spawn_file_actions_addchdir_np is not available in this C library")
        }
        let status = path.withCString { addChdirFunction(&actions, $0) }
        guard status == 0 else {
            throw InterceptorError(.executionSetupFailed, "cannot set the working directory: \(ProcessIdentity.errorText(status))")
        }
    }
}
