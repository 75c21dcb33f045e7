import LexeconCrypto
import LexeconLedger
import Testing

/// RFC 8785 (JCS) vectors for lexecon's integer-only profile: Vectors/jcs-rfc8785.json.
@Suite("Canonical JSON (RFC 8785)")
struct CanonicalJSONTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var canonical: String
        var testDescription: String { name }
    }
    struct File: Decodable { var cases: [Case] }

    static let cases: [Case] = (try? loadVectors("jcs-rfc8785", as: File.self).cases) ?? []

    @Test func vectorsLoaded() {
        #expect(Self.cases.count >= 10, "Vectors/jcs-rfc8785.json did not load")
    }

    @Test("parse then serialise gives the canonical bytes", arguments: cases)
    func canonicalForm(_ vector: Case) throws {
        let value = try StrictJSONParser.parse(Array(vector.input.utf8))
        let out = CanonicalJSON.serialize(value)
        #expect(String(decoding: out, as: UTF8.self) == vector.canonical)
        #expect(out == Array(vector.canonical.utf8))
    }

    @Test("the canonical form is a fixed point", arguments: cases)
    func roundTrip(_ vector: Case) throws {
        let bytes = Array(vector.canonical.utf8)
        #expect(CanonicalJSON.serialize(try StrictJSONParser.parse(bytes)) == bytes)
    }

    @Test func everyControlCharacterFromAValue() {
        // Built from Swift values rather than parsed: the writer's own path.
        for scalar in 0..<0x20 {
            let text = String(Character(Unicode.Scalar(UInt8(scalar))))
            let expected: String
            switch scalar {
            case 0x08: expected = #""\b""#
            case 0x09: expected = #""\t""#
            case 0x0a: expected = #""\n""#
            case 0x0c: expected = #""\f""#
            case 0x0d: expected = #""\r""#
            default:
                let hex = String(scalar, radix: 16)
                expected = "\"\\u00" + (hex.count == 1 ? "0" + hex : hex) + "\""
            }
            #expect(String(decoding: CanonicalJSON.serialize(.string(text)), as: UTF8.self) == expected,
                    "U+\(String(scalar, radix: 16))")
        }
        #expect(CanonicalJSON.serialize(.string("a/b\"c\\d\u{7f}é😀")) == Array("\"a/b\\\"c\\\\d\u{7f}é😀\"".utf8))
    }

    @Test func keyOrderFromBuiltValuesOutsideTheBMP() {
        // Same keys as RFC 8785 §3.2.3, built in a different order.
        let keys = ["\u{20ac}", "\r", "\u{fb33}", "1", "\u{1F600}", "\u{80}", "\u{f6}"]
        let value = JSONValue.object(keys.reversed().map { JSONMember($0, .int(1)) })
        let expected = "{\"\\r\":1,\"1\":1,\"\u{80}\":1,\"\u{f6}\":1,\"\u{20ac}\":1,\"\u{1F600}\":1,\"\u{fb33}\":1}"
        #expect(String(decoding: CanonicalJSON.serialize(value), as: UTF8.self) == expected)
    }

    @Test func integerExtremes() {
        let values: [Int64] = [0, 1, -1, 9, 10, -10, JSONValue.maxInteger, -JSONValue.maxInteger, 1_000_000]
        #expect(CanonicalJSON.serialize(.array(values.map(JSONValue.int)))
                == Array("[0,1,-1,9,10,-10,9007199254740991,-9007199254740991,1000000]".utf8))
    }

    @Test func canonicallyEquivalentKeysAreDistinct() throws {
        // "é" precomposed and decomposed are different JSON keys (different code units);
        // Swift's String equality must not merge or reorder them.
        let text = "{\"e\u{301}\":1,\"\u{e9}\":2}"
        let value = try StrictJSONParser.parse(Array(text.utf8))
        #expect(value.objectMembers?.count == 2)
        #expect(CanonicalJSON.serialize(value) == Array(text.utf8))
    }
}
