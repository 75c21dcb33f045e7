import LexeconLedger
import Testing

/// `ts` must be UTC RFC 3339 with exactly six fractional digits and `Z`, fields in range.
@Suite struct TimestampTests {
    @Test func writtenTimestampsAreValid() {
        for seconds in [0, 1_700_000_000, 4_102_444_799] {
            #expect(Timestamp.isValid(Timestamp.format(seconds: seconds, microseconds: 999_999)))
        }
        #expect(Timestamp.isValid("2024-02-29T23:59:60.000000Z"))
        #expect(Timestamp.format(seconds: 0, microseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp.format(seconds: 1_700_000_000, microseconds: 1_000) == "2023-11-14T22:13:20.001000Z")
        #expect(Timestamp.format(seconds: 951_868_799, microseconds: 999_999) == "2000-02-29T23:59:59.999999Z")
        #expect(Timestamp.format(seconds: -62_135_596_800, microseconds: 5) == "0001-01-01T00:00:00.000005Z")
    }

    @Test("shapes and ranges that are refused", arguments: [
        "2025-01-01T10:00:00.000Z", "2025-01-01T10:00:00.0000000Z", "2025-01-01T10:00:00.000000", "2025-01-01T10:00:00.000000z",
        "2025-01-01 10:00:00.000000Z", "2025/01/01T10:00:00.000000Z", "2025-01-01T10-00:00.000000Z", "2025-01-01T10:00:00,000000Z",
        "2025-00-01T10:00:00.000000Z", "2025-13-01T10:00:00.000000Z", "2025-01-00T10:00:00.000000Z", "2025-01-32T10:00:00.000000Z",
        "2025-01-01T24:00:00.000000Z", "2025-01-01T10:60:00.000000Z", "2025-01-01T10:00:61.000000Z", "2025-01-01T10:00:00.00000aZ",
        "a025-01-01T10:00:00.000000Z", "2025-01-01T10:00:00.000000+", "", "2025-01-01T10:00:00.00000\u{e9}Z",
    ])
    func refused(_ text: String) {
        #expect(!Timestamp.isValid(text))
    }
}
