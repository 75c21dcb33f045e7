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
        var text = text
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        // Decoded straight into the four words' bytes (the layout `init(_:)` loads).
        let valid = text.withUTF8 { utf8 in
            utf8.count == 64 && withUnsafeMutableBytes(of: &words) { out in
                for i in 0..<32 {
                    guard let high = Hex.value(utf8[2 * i]), let low = Hex.value(utf8[2 * i + 1]) else { return false }
                    out[i] = high << 4 | low
                }
                return true
            }
        }
        guard valid else { return nil }
        (a, b, c, d) = words
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
