internal import CLibSodium

/// Standard padded base64 (RFC 4648 §4), strict: no whitespace, no missing padding,
/// no non-zero trailing bits.
public enum Base64 {
    /// Encodes bytes as standard padded base64.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Encodes bytes as standard padded base64.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        _ = Sodium.initialised
        let variant = sodium_base64_VARIANT_ORIGINAL
        let capacity = sodium_base64_encoded_len(bytes.count, variant)  // includes the NUL
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = sodium_bin2base64(chars.baseAddress!, capacity,
                                      bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, variant)
            }
            return capacity - 1
        }
    }

    /// Decodes strict standard padded base64; nil if the text is not exactly that.
    ///
    /// Variable-time (a table lookup per character): for public data such as signatures,
    /// keys and checkpoints. Secrets go through ``decodeSecret(_:)``, libsodium's
    /// constant-time decoder, with which this one agrees on every input.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes strict standard padded base64 from ASCII bytes; nil if malformed.
    ///
    /// Accepts exactly RFC 4648 §4 base64 with padding, the strict way: groups of four
    /// alphabet characters, the last ending in `=` or `==` as the length requires, and zero
    /// bits in what padding leaves over — what `sodium_base642bin` (original variant, no
    /// ignored characters) accepts, except that libsodium 1.0.18 also reads any byte from
    /// 0x80 up as `/`, which would give one signature several encodings.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        let count = text.count
        if count == 0 { return [] }
        guard count % 4 == 0 else { return nil }
        let padding = text[count - 1] != UInt8(ascii: "=") ? 0 : text[count - 2] != UInt8(ascii: "=") ? 1 : 2
        let symbols = count - padding
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: count / 4 * 3 - padding) { buffer, written in
            var group: UInt32 = 0
            var invalid: UInt8 = 0
            var i = 0
            values.withUnsafeBufferPointer { table in
                // Whole groups; a character outside the alphabet (including `=`) sets bit 7.
                while i + 4 <= symbols {
                    let a = table[Int(text[i])], b = table[Int(text[i + 1])], c = table[Int(text[i + 2])], d = table[Int(text[i + 3])]
                    invalid |= a | b | c | d
                    group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[written] = UInt8(truncatingIfNeeded: group >> 16)
                    buffer[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    buffer[written + 2] = UInt8(truncatingIfNeeded: group)
                    written += 3
                    i += 4
                }
                // The padded group: two or three characters, whose leftover bits must be zero.
                if padding > 0 {
                    let a = table[Int(text[i])], b = table[Int(text[i + 1])]
                    invalid |= a | b
                    if padding == 2 {
                        invalid |= b & 0x0f == 0 ? 0 : 0x80
                        buffer[written] = a << 2 | b >> 4
                        written += 1
                    } else {
                        let c = table[Int(text[i + 2])]
                        invalid |= c | (c & 0x03 == 0 ? 0 : 0x80)
                        buffer[written] = a << 2 | b >> 4
                        buffer[written + 1] = b << 4 | c >> 2
                        written += 2
                    }
                }
            }
            failed = invalid & 0x80 != 0
        }
        return failed ? nil : out
    }

    /// Each byte's value in the alphabet; 0x80 (an invalid bit) for bytes outside it.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0x80, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()

    /// Decodes strict base64 into secure memory, so a secret never sits in an ordinary
    /// array. Returns the buffer and the number of bytes decoded into it.
    package static func decodeSecret(_ text: [UInt8]) throws(CryptoError) -> (SecureBytes, Int) {
        // libsodium 1.0.18 decodes every byte from 0x80 up as '/' (63), so those are
        // rejected first. OR-ing every byte keeps this free of data-dependent branches.
        var high: UInt8 = 0
        for byte in text { high |= byte }
        guard !text.isEmpty, text.count % 4 == 0, high < 0x80 else {
            throw CryptoError(.malformedPEM, "PEM body is not valid base64")
        }
        var written = 0
        var ok = false
        let buffer = try SecureBytes(count: text.count / 4 * 3) { (out: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            text.withUnsafeBytes { raw in
                raw.withMemoryRebound(to: CChar.self) { chars in
                    var end: UnsafePointer<CChar>? = nil
                    let rc = sodium_base642bin(out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count,
                                               chars.baseAddress, chars.count, nil, &written, &end,
                                               sodium_base64_VARIANT_ORIGINAL)
                    ok = rc == 0 && end == chars.baseAddress! + chars.count
                }
            }
        }
        guard ok else { throw CryptoError(.malformedPEM, "PEM body is not valid base64") }
        return (buffer, written)
    }
}
