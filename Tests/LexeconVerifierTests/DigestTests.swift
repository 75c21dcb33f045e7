import LexeconCrypto
@testable import LexeconVerifier
import Testing

/// `prev` is read straight into an inline digest: same bytes as hex-decoding, and only
/// 64 lowercase hex digits accepted.
@Suite struct DigestTests {
    @Test func hexRoundTripsAndMatchesTheBytes() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let hex = Hex.encode(bytes)
            let digest = try #require(Digest(hex: hex))
            #expect(digest == Digest(bytes))
            #expect(digest.bytes == bytes)
            #expect(digest.hex == hex)
        }
    }

    @Test func anythingButSixtyFourLowercaseHexDigitsIsRefused() {
        let good = String(repeating: "0123456789abcdef", count: 4)
        #expect(Digest(hex: good) != nil)
        for bad in [String(good.dropLast()), good + "0", good.uppercased(), "g" + good.dropFirst(), String(good.dropLast()) + "G",
                    String(good.dropLast(2)) + "\u{e9}", "", String(good.dropLast()) + " "] {
            #expect(Digest(hex: bad) == nil, "\(bad)")
        }
    }
}
