import LexeconCrypto
import LexeconLedger
import Testing

/// What the strict parser must refuse, each with its error code: Vectors/strict-json-rejections.json
/// plus generated cases (every raw control character, nesting depth, input length).
@Suite("Strict JSON parser")
struct StrictJSONParserTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var text: String?
        var hex: String?
        var code: String
        var testDescription: String { name }
    }
    struct File: Decodable { var cases: [Case] }

    static let cases: [Case] = (try? loadVectors("strict-json-rejections", as: File.self).cases) ?? []

    static let codes: [String: JSONParseError.Code] = [
        "unexpectedEnd": .unexpectedEnd, "unexpectedCharacter": .unexpectedCharacter, "duplicateKey": .duplicateKey,
        "invalidNumber": .invalidNumber, "invalidEscape": .invalidEscape, "loneSurrogate": .loneSurrogate,
        "invalidUTF8": .invalidUTF8, "controlCharacter": .controlCharacter, "trailingBytes": .trailingBytes,
        "tooDeep": .tooDeep, "tooLong": .tooLong,
    ]

    static func expectRejected(_ bytes: [UInt8], _ code: JSONParseError.Code, _ comment: Comment? = nil,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let suffix = comment.map { ": " + $0.rawValue } ?? ""
        do {
            let value = try StrictJSONParser.parse(bytes)
            Issue.record(Comment(rawValue: "accepted \(value) but expected \(code)\(suffix)"), sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, Comment(rawValue: "\(error)\(suffix)"), sourceLocation: sourceLocation)
            #expect(error.offset >= 0 && error.offset <= bytes.count, sourceLocation: sourceLocation)
        }
    }

    @Test func vectorsLoaded() {
        #expect(Self.cases.count >= 50, "Vectors/strict-json-rejections.json did not load")
    }

    @Test("rejected with the documented code", arguments: cases)
    func rejected(_ vector: Case) throws {
        let bytes: [UInt8]
        if let hex = vector.hex { bytes = try hexBytes(hex) } else { bytes = Array(try #require(vector.text).utf8) }
        let code = try #require(Self.codes[vector.code], "unknown code \(vector.code)")
        Self.expectRejected(bytes, code)
    }

    @Test func everyRawControlCharacterInAStringIsRejected() {
        for byte in UInt8(0)..<0x20 {
            Self.expectRejected(Array("[\"a".utf8) + [byte] + Array("b\"]".utf8), .controlCharacter, "0x\(byte)")
            Self.expectRejected(Array("{\"k".utf8) + [byte] + Array("\":1}".utf8), .controlCharacter, "key 0x\(byte)")
        }
    }

    @Test func nestingDepth() throws {
        func arrays(_ depth: Int) -> [UInt8] { Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth) }
        func objects(_ depth: Int) -> [UInt8] {
            Array(String(repeating: "{\"a\":", count: depth - 1).utf8) + Array("{}".utf8) + Array(repeating: UInt8(ascii: "}"), count: depth - 1)
        }
        #expect(StrictJSONParser.maxDepth == 32)
        _ = try StrictJSONParser.parse(arrays(32))
        _ = try StrictJSONParser.parse(objects(32))
        _ = try StrictJSONParser.parse(Array("{\"a\":".utf8) + arrays(31) + [UInt8(ascii: "}")])
        Self.expectRejected(arrays(33), .tooDeep)
        Self.expectRejected(objects(33), .tooDeep)
        Self.expectRejected(Array("{\"a\":".utf8) + arrays(32) + [UInt8(ascii: "}")], .tooDeep)
        // Deep garbage must be refused without exhausting the stack.
        Self.expectRejected(Array(repeating: UInt8(ascii: "["), count: 60_000), .tooDeep)
    }

    @Test func inputLength() throws {
        #expect(StrictJSONParser.maxLength == 65_536)
        func stringOfLength(_ total: Int) -> [UInt8] {
            Array("\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: total - 2) + Array("\"".utf8)
        }
        _ = try StrictJSONParser.parse(stringOfLength(65_536))
        Self.expectRejected(stringOfLength(65_537), .tooLong)
        Self.expectRejected(Array(repeating: UInt8(ascii: " "), count: 1 << 20), .tooLong)
    }

    @Test func acceptedEdges() throws {
        #expect(try StrictJSONParser.parse(Array("9007199254740991".utf8)) == .int(JSONValue.maxInteger))
        #expect(try StrictJSONParser.parse(Array("-9007199254740991".utf8)) == .int(-JSONValue.maxInteger))
        #expect(try StrictJSONParser.parse(Array("0".utf8)) == .int(0))
        #expect(try StrictJSONParser.parse(Array(#"["\ud83d\ude00","\uD83D\uDE00"]"#.utf8)) == .array(["😀", "😀"]))
        #expect(try StrictJSONParser.parse(Array(#""\u0000""#.utf8)) == .string("\u{0}"))
        #expect(try StrictJSONParser.parse([0x22, 0xf4, 0x8f, 0xbf, 0xbf, 0x22]) == .string("\u{10FFFF}"))
        // Canonically equivalent but different keys are not duplicates.
        let value = try StrictJSONParser.parse(Array("{\"\u{e9}\":1,\"e\u{301}\":2}".utf8))
        #expect(value.objectMembers?.count == 2)
    }

    @Test func invalidUTF8IsRejectedWhereverItIs() {
        // Every byte that can never appear in UTF-8, in a plain and an escaped string.
        for byte: UInt8 in [0xc0, 0xc1, 0xf5, 0xf6, 0xf7, 0xf8, 0xfb, 0xfc, 0xfd, 0xfe, 0xff] {
            Self.expectRejected([0x22, byte, 0x22], .invalidUTF8, "0x\(String(byte, radix: 16))")
            Self.expectRejected([0x22, 0x5c, 0x6e, byte, 0x22], .invalidUTF8, "escaped, 0x\(String(byte, radix: 16))")
        }
    }

    /// Strings are scanned eight bytes at a time: a quote, backslash, control character or
    /// non-ASCII byte must be found at every position of a word and of the byte-wise tail.
    @Test func everySpecialByteIsFoundAtEveryPosition() throws {
        for length in 1...40 {
            for position in 0..<length {
                func text(_ bytes: [UInt8]) -> [UInt8] {
                    var content = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    content.replaceSubrange(position..<position + 1, with: bytes)
                    return [0x22] + content + [0x22]
                }
                let place = "length \(length), position \(position)"
                for control: UInt8 in [0x00, 0x0a, 0x1f] {
                    do {
                        _ = try StrictJSONParser.parse(text([control]))
                        Issue.record("accepted a raw control character, \(place)")
                    } catch {
                        #expect(error.code == .controlCharacter && error.offset == position + 1, "\(error), \(place)")
                    }
                }
                // An early quote ends the string: what follows is trailing bytes.
                if position < length - 1 { Self.expectRejected(text([0x22]), .trailingBytes, "\(place)") }
                Self.expectRejected(text([0x80]), .invalidUTF8, "\(place)")
                Self.expectRejected(text([0x5c, 0x78]), .invalidEscape, "\(place)")
                let plain = String(repeating: "a", count: length)
                for (bytes, expected) in [([UInt8(0x20)], " "), ([0x7f], "\u{7f}"), ([0x21], "!"), ([0x5c, 0x6e], "\n"),
                                          ([0xc3, 0xa9], "\u{e9}"), ([0x5c, 0x22], "\"")] {
                    var want = Array(plain.utf8)
                    want.replaceSubrange(position..<position + 1, with: Array(expected.utf8))
                    let value = try StrictJSONParser.parse(text(bytes))
                    #expect(value == .string(String(decoding: want, as: UTF8.self)), "\(bytes), \(place)")
                }
            }
        }
    }

    /// Keys are compared as bytes when plain ASCII and by JCS order otherwise: order and
    /// duplicates are judged alike either way.
    @Test func keyOrderAndDuplicatesWithPlainAndOtherKeys() throws {
        func form(_ text: String) throws -> Bool {
            try Array(text.utf8).withUnsafeBytes { try StrictJSONParser.parseNotingForm($0).isCanonical }
        }
        #expect(try form("{\"a\":1,\"ab\":2,\"b\":3}"))
        #expect(try !form("{\"ab\":1,\"a\":2}"))
        #expect(try !form("{\"b\":1,\"a\\u0000\":2}"))
        #expect(try form("{\"a\":1,\"\u{e9}\":2,\"\u{e9}t\":3}"))
        #expect(try !form("{\"\u{e9}\":1,\"a\":2}"))
        // U+1F512 sorts after U+FF61 in bytes but before it in UTF-16 (JCS).
        #expect(try form("{\"\u{1F512}\":1,\"\u{FF61}\":2}"))
        #expect(try !form("{\"\u{FF61}\":1,\"\u{1F512}\":2}"))
        for text in ["{\"a\":1,\"b\":2,\"a\":3}", "{\"b\":1,\"a\":2,\"b\":3}", "{\"\u{e9}\":1,\"a\":2,\"\u{e9}\":3}",
                     "{\"a\":1,\"\\u0061\":2}", "{\"\\u0061\":1,\"a\":2}"] {
            Self.expectRejected(Array(text.utf8), .duplicateKey, "\(text)")
        }
    }
}
