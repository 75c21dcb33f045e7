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

/// Random bytes from the operating system (libsodium's `randombytes_buf`).
public enum Random {
    /// `count` random bytes.
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        try Sodium.ensure()
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }
}
