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

    @Test func keyOrderMatchesUTF16OrderForRandomKeys() throws {
        // Code points around the places where UTF-8 and UTF-16 orders part: U+D7FF/U+E000,
        // U+FFFF/U+10000, plus ASCII, Latin-1 and the RFC 8785 examples.
        let pool: [Unicode.Scalar] = ["a", "b", "A", "\u{0}", "\u{7f}", "\u{80}", "\u{f6}", "\u{7ff}", "\u{800}", "\u{20ac}",
                                      "\u{d7ff}", "\u{e000}", "\u{fb33}", "\u{fffd}", "\u{ffff}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"]
        var generator = SplitMix64(seed: 8785)
        for _ in 0..<400 {
            var keys = Set<String>()
            for _ in 0..<Int(2 + generator.next() % 8) {
                var key = ""
                for _ in 0..<Int(generator.next() % 4) { key.unicodeScalars.append(pool[Int(generator.next() % UInt64(pool.count))]) }
                keys.insert(key)
            }
            // Distinct by bytes (Set<String> may merge none of these: no pool scalar composes).
            let members = keys.map { JSONMember($0, .int(1)) }
            let value = try StrictJSONParser.parse(CanonicalJSON.serialize(.object(members)))
            let order = try #require(value.objectMembers).map(\.key)
            let expected = keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            #expect(order.map { Array($0.utf16) } == expected.map { Array($0.utf16) })
        }
    }

    @Test func signedLineWhereverSigSorts() throws {
        let key = try makeKey()
        for object: [JSONMember] in [[], [JSONMember("a", 1)], [JSONMember("z", 1)], [JSONMember("z", 1), JSONMember("a", 2)],
                                     [JSONMember("sif", 1), JSONMember("sih", 2), JSONMember("\u{1F600}", 3)],
                                     [JSONMember("sig", "replaced"), JSONMember("seq", 1)]] {
            let line = LedgerRecord.signedLine(object: object, key: key)
            let value = try StrictJSONParser.parse(line)
            #expect(CanonicalJSON.serialize(value) == line, "\(String(decoding: line, as: UTF8.self))")
            let members = try #require(value.objectMembers)
            let record = LedgerRecord(object: members)
            #expect(members.count == object.filter { $0.key != "sig" }.count + 1)
            #expect(record.body == CanonicalJSON.serialize(.object(object.filter { $0.key != "sig" })))
            let sig = try #require(record.signature.flatMap(Base64.decode))
            #expect(key.publicKey.isValidSignature(sig, for: LedgerRecord.signedMessage(body: record.body)))
        }
    }

    @Test func profileViolations() {
        #expect(CanonicalJSON.profileViolation(.object([JSONMember("a", 1), JSONMember("b", .array([.int(JSONValue.maxInteger)]))])) == nil)
        #expect(CanonicalJSON.profileViolation(.object([JSONMember("a", 1), JSONMember("a", 1)])) != nil)
        #expect(CanonicalJSON.profileViolation(.object((0..<40).map { JSONMember("k\($0 % 39)", 1) })) != nil)
        #expect(CanonicalJSON.profileViolation(.object([JSONMember("\u{e9}", 1), JSONMember("e\u{301}", 1)])) == nil)
        #expect(CanonicalJSON.profileViolation(.int(JSONValue.maxInteger + 1)) != nil)
        #expect(CanonicalJSON.profileViolation(.int(-JSONValue.maxInteger - 1)) != nil)
        #expect(CanonicalJSON.profileViolation(.int(.min)) != nil)
        func nested(_ depth: Int) -> JSONValue { (1..<depth).reduce(JSONValue.array([])) { v, _ in .array([v]) } }
        #expect(CanonicalJSON.profileViolation(nested(32)) == nil)
        #expect(CanonicalJSON.profileViolation(nested(33)) != nil)
        // The same limits as the parser.
        #expect(throws: JSONParseError.self) { try StrictJSONParser.parse(CanonicalJSON.serialize(nested(33))) }
        #expect((try? StrictJSONParser.parse(CanonicalJSON.serialize(nested(32)))) != nil)
    }

    /// Strings are scanned eight bytes at a time for what needs escaping: a character that
    /// needs it is escaped at every position of a word and of the byte-wise tail.
    @Test func escapesAreFoundAtEveryPosition() {
        func reference(_ text: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += Array("\\\"".utf8)
                case 0x5c: out += Array("\\\\".utf8)
                case 0x08: out += Array("\\b".utf8)
                case 0x09: out += Array("\\t".utf8)
                case 0x0a: out += Array("\\n".utf8)
                case 0x0c: out += Array("\\f".utf8)
                case 0x0d: out += Array("\\r".utf8)
                case 0..<0x20: out += Array("\\u00".utf8) + Array("0123456789abcdef".utf8)[Int(byte >> 4)...Int(byte >> 4)]
                    + Array("0123456789abcdef".utf8)[Int(byte & 0xf)...Int(byte & 0xf)]
                default: out.append(byte)
                }
            }
            return out + [0x22]
        }
        for length in 1...40 {
            for position in 0..<length {
                for special in ["\"", "\\", "\u{0}", "\u{1f}", "\n", "\u{7f}", " ", "\u{e9}", "\u{1F512}", "/"] {
                    var scalars = Array(repeating: "a", count: length)
                    scalars[position] = special
                    let text = scalars.joined()
                    #expect(CanonicalJSON.serialize(.string(text)) == reference(text), "\(length) \(position) \(special.debugDescription)")
                }
            }
        }
    }
}
