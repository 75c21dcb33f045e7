internal import CLibSodium

/// Secret bytes in guarded, locked memory (`sodium_malloc`) that is zeroed and released
/// when the last reference goes away (`sodium_free` wipes before freeing).
///
/// Read-only after initialisation (`sodium_mprotect_readonly`: a stray write traps instead
/// of corrupting the key), so sharing it across threads is safe.
package final class SecureBytes: @unchecked Sendable {
    package let count: Int
    private let pointer: UnsafeMutableRawPointer

    /// Allocates `count` zeroed bytes and lets `initialise` fill them.
    init(count: Int, _ initialise: (UnsafeMutableRawBufferPointer) throws(CryptoError) -> Void) throws(CryptoError) {
        try Sodium.ensure()
        guard let raw = sodium_malloc(count) else {
            throw CryptoError(.outOfMemory, "cannot allocate \(count) bytes of secure memory")
        }
        sodium_memzero(raw, count)
        self.count = count
        self.pointer = raw
        do {
            try initialise(UnsafeMutableRawBufferPointer(start: raw, count: count))
        } catch {
            sodium_free(raw)
            throw error
        }
        _ = sodium_mprotect_readonly(raw)
    }

    deinit { sodium_free(pointer) }

    package func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
