internal import CLibSodium

/// One-time libsodium initialisation. `sodium_init` is idempotent and thread-safe; the
/// static let makes every entry point pay for it once.
enum Sodium {
    static let initialised: Bool = sodium_init() >= 0

    static func ensure() throws(CryptoError) {
        guard initialised else {
            throw CryptoError(.libraryUnavailable, "libsodium failed to initialise")
        }
    }

    /// Overwrites bytes in a way the compiler cannot elide.
    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }
}
