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
