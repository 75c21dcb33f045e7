/// Lowercase hexadecimal encoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lowercase hex.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var i = 0
            for byte in bytes {
                buffer[i] = digits[Int(byte >> 4)]
                buffer[i + 1] = digits[Int(byte & 0x0f)]
                i += 2
            }
            return i
        }
    }

    /// Decodes lowercase hex; returns nil for odd length, uppercase or non-hex characters.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.count % 2 == 0 else { return nil }
            var failed = false
            let out = [UInt8](unsafeUninitializedCapacity: utf8.count / 2) { buffer, written in
                var i = 0
                while i < utf8.count {
                    guard let hi = value(utf8[i]), let lo = value(utf8[i + 1]) else { failed = true; return }
                    buffer[written] = hi << 4 | lo
                    written += 1
                    i += 2
                }
            }
            return failed ? nil : out
        }
    }

    /// The value of one lowercase hex digit, or nil.
    @inlinable package static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
