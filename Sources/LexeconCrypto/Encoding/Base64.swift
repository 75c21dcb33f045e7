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
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes strict standard padded base64 from ASCII bytes; nil if malformed.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        _ = Sodium.initialised
        if text.isEmpty { return [] }
        guard text.count % 4 == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: text.count / 4 * 3)
        var written = 0
        var end: UnsafePointer<CChar>? = nil
        let rc = text.withMemoryRebound(to: CChar.self) { chars in
            sodium_base642bin(&out, out.count, chars.baseAddress, chars.count, nil, &written, &end,
                              sodium_base64_VARIANT_ORIGINAL)
        }
        guard rc == 0, let end,
              end == text.baseAddress!.assumingMemoryBound(to: CChar.self) + text.count else { return nil }
        out.removeSubrange(written...)
        return out
    }

    /// Decodes strict base64 into secure memory, so a secret never sits in an ordinary
    /// array. Returns the buffer and the number of bytes decoded into it.
    package static func decodeSecret(_ text: [UInt8]) throws(CryptoError) -> (SecureBytes, Int) {
        guard !text.isEmpty, text.count % 4 == 0 else {
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
