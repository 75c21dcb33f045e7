import Testing
import LexeconCrypto

@Suite("Base64 (RFC 4648, strict)")
struct Base64Tests {
    /// RFC 4648 §10.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test("RFC 4648 §10 vectors encode and decode", arguments: vectors.indices)
    func rfc4648(_ index: Int) {
        let (plain, encoded) = Self.vectors[index]
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("all byte values and lengths 0…70 round-trip")
    func roundTrip() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 200) }
            let encoded = Base64.encode(bytes)
            #expect(encoded.utf8.count == (length + 2) / 3 * 4)
            #expect(Base64.decode(encoded) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
        // '+' and '/' are the standard alphabet, not '-' and '_'.
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test("missing or excess padding is rejected", arguments: ["Zg", "Zg=", "Zm8", "Zm9vYg", "Zm9vYg=", "Zg===", "Zm8==", "Zm9v=", "=", "===="])
    func padding(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("whitespace anywhere is rejected", arguments: [" Zm9v", "Zm9v ", "Zm 9v", "Zm9v\n", "Zm9v\r\nZm9v", "\tZm9v", "Zg=\n="])
    func whitespace(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("characters outside the standard alphabet are rejected", arguments: ["Zm9-", "Zm9_", "Zm9v!A==", "Zm\u{0}v", "Zm9é", "Zg==Zg==", "Z===", "Zm9v\u{FF0F}"])
    func badCharacters(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("non-zero trailing bits are rejected (only one encoding per byte string)", arguments: ["Zh==", "Zm9=", "Zm+=", "AB==", "AAB="])
    func trailingBits(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    /// libsodium 1.0.18's decoder reads every byte from 0x80 up as '/': both decoders reject them.
    @Test("bytes from 0x80 up are rejected, although libsodium reads them as '/'")
    func highBytes() {
        for byte in UInt8(0x80)...0xff {
            let text: [UInt8] = [UInt8(ascii: "A"), UInt8(ascii: "A"), UInt8(ascii: "A"), byte]
            #expect(text.withUnsafeBytes { Base64.decode($0) } == nil)
            #expect(Self.sodium(text) == nil)
        }
        // A 2-byte UTF-8 character in place of "//" (what a JSON string can carry).
        #expect(Base64.decode("AAé") == nil)
        #expect(Self.sodium(Array("AAé".utf8)) == nil)
        #expect(Base64.decode("AA//") == [0, 15, 255])
    }

    /// libsodium's constant-time decoder, the one secrets use (`decodeSecret`), as the oracle
    /// (behind `decodeSecret`'s own check for bytes from 0x80 up, tested above).
    static func sodium(_ text: [UInt8]) -> [UInt8]? {
        guard let (buffer, count) = try? Base64.decodeSecret(text) else { return nil }
        return buffer.withUnsafeBytes { Array($0.prefix(count)) }
    }

    /// The table decoder used for public data accepts and rejects exactly what libsodium's
    /// strict decoder does: every 4-character group over an alphabet sample with `=`,
    /// every padded final group over the whole alphabet, and mutations of valid encodings.
    @Test("agrees with libsodium's decoder on valid, padded and mutated text")
    func agreesWithLibsodium() {
        func check(_ text: [UInt8]) {
            let ours = text.withUnsafeBytes { Base64.decode($0) }
            #expect(ours == Self.sodium(text), "\(String(decoding: text, as: UTF8.self).debugDescription)")
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        let sample = Array("AQgw/+=-".utf8) + [0x00, 0x80, 0xff, 0x20]
        for a in sample { for b in sample { for c in sample { for d in sample { check([a, b, c, d]) } } } }
        for a in alphabet { for b in alphabet {
            check(Array("Zm9v".utf8) + [a, b] + Array("==".utf8))
            check(Array("Zm9v".utf8) + [a, b, b, a])
            check(Array("Zm9vYm".utf8) + [a, b])
        } }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 1...70, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var text = Array(Base64.encode(bytes).utf8)
            check(text)
            text[Int.random(in: 0..<text.count, using: &generator)] = (alphabet + sample).randomElement(using: &generator)!
            check(text)
        }
    }
}

@Suite("Hex")
struct HexTests {
    @Test("round trip of every byte value, lowercase")
    func roundTrip() {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.utf8.count == 512)
        #expect(text.hasPrefix("000102"))
        #expect(text.hasSuffix("fdfeff"))
        #expect(Hex.decode(text) == all)
        #expect(Hex.encode([]) == "")
        #expect(Hex.decode("") == [])
    }

    @Test("odd length, uppercase and non-hex characters are rejected", arguments: ["0", "abc", "AB", "0G", "zz", " 00", "00 ", "0x00", "é0"])
    func rejects(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
