import Testing
import LexeconCrypto

@Suite("SHA-256 known answers (FIPS 180-4 / NIST examples)")
struct SHA256Tests {
    static let cases: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test("one-shot digests", arguments: cases.indices)
    func oneShot(_ index: Int) {
        let (message, digest) = Self.cases[index]
        #expect(SHA256.hex(message) == digest)
        #expect(SHA256.hex(Array(message.utf8)) == digest)
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test("incremental digests: byte by byte and in two halves", arguments: cases.indices)
    func incremental(_ index: Int) {
        let (message, digest) = Self.cases[index]
        var bytewise = SHA256()
        for byte in message.utf8 { bytewise.update([byte]) }
        #expect(Hex.encode(bytewise.finalize()) == digest)

        let bytes = Array(message.utf8)
        var halves = SHA256()
        halves.update(Array(bytes[..<(bytes.count / 2)]))
        halves.update(String(decoding: bytes[(bytes.count / 2)...], as: UTF8.self))
        halves.update([])  // empty updates change nothing
        #expect(Hex.encode(halves.finalize()) == digest)
    }

    @Test("a million 'a': one-shot and incremental in uneven chunks agree with the known answer")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(message) == expected)
        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < message.count {
            let end = min(offset + chunk, message.count)
            message[offset..<end].withUnsafeBytes { hasher.update($0) }
            offset = end
            chunk = chunk % 997 + 63  // crosses the 64-byte block boundary at varying offsets
        }
        #expect(Hex.encode(hasher.finalize()) == expected)
    }

    @Test("digests are 32 bytes")
    func length() {
        #expect(SHA256.byteCount == 32)
        #expect(SHA256.hash([1, 2, 3]).count == 32)
    }
}
