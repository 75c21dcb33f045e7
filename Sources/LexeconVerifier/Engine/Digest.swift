import LexeconCrypto

/// A SHA-256 digest held inline (no heap allocation), used as a dictionary key for the
/// bounded windows of recent leaf hashes.
struct Digest: Hashable, Sendable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    init(_ bytes: [UInt8]) {
        precondition(bytes.count == 32)
        (a, b, c, d) = bytes.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// Parses 64 lowercase hex characters; nil otherwise.
    init?(hex text: String) {
        guard text.utf8.count == 64, let bytes = Hex.decode(text) else { return nil }
        self.init(bytes)
    }

    var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: c, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: d, toByteOffset: 24, as: UInt64.self)
        }
        return out
    }

    var hex: String { Hex.encode(bytes) }
    /// The first 12 hex digits, for messages.
    var short: String { String(hex.prefix(12)) }
}
