import LexeconLedger
import Testing

/// The verifier takes a canonical record's signed message by cutting the top-level `sig`
/// member the parser located out of the line; that must always equal the message over
/// the record serialised without it.
@Suite("Body excision")
struct BodyExcisionTests {
    func check(_ members: [JSONMember], _ comment: Comment? = nil) throws {
        let line = CanonicalJSON.serialize(.object(members))
        let expected = LedgerRecord.signedMessage(body: CanonicalJSON.serialize(.object(members.filter { $0.key != "sig" })))
        let (value, canonical, member) = try line.withUnsafeBytes { try StrictJSONParser.parseNotingForm($0, locating: "sig") }
        #expect(canonical, comment)
        #expect(CanonicalJSON.serialize(value) == line, comment)
        if members.contains(where: { $0.key == "sig" }) {
            let located = try #require(member, comment)
            let cut = line.withUnsafeBytes { LedgerRecord.signedMessage(canonicalLine: $0, cutting: located) }
            #expect(cut == expected, comment)
        } else {
            #expect(member == nil, comment)
        }
    }

    /// The member is located the same way in a non-canonical text (whitespace, other key
    /// order, escapes elsewhere); a key spelled with an escape is not located by bytes.
    @Test func locatedInAnyLayout() throws {
        let text = " { \"z\" : [ 1 , { \"sig\" : 2 } ] ,\n \"sig\" : \"S\\u0041\" , \"a\":1 } "
        let (_, canonical, member) = try Array(text.utf8).withUnsafeBytes { try StrictJSONParser.parseNotingForm($0, locating: "sig") }
        #expect(!canonical)
        let range = try #require(member)
        #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "\"sig\" : \"S\\u0041\"")
        let escaped = Array("{\"\\u0073ig\":\"x\"}".utf8)
        let (value, _, none) = try escaped.withUnsafeBytes { try StrictJSONParser.parseNotingForm($0, locating: "sig") }
        #expect(value == .object([JSONMember("sig", "x")]))
        #expect(none == nil)
    }

    @Test func firstMiddleLastAndOnlyMember() throws {
        try check([JSONMember("sig", "AAAA")])
        try check([JSONMember("a", 1), JSONMember("sig", "AAAA")])
        try check([JSONMember("sig", "AAAA"), JSONMember("z", 1)])
        try check([JSONMember("a", 1), JSONMember("sig", "AAAA"), JSONMember("z", 1)])
        try check([JSONMember("a", 1), JSONMember("z", 1)])
        try check([JSONMember("sig", .object([JSONMember("sig", 1)])), JSONMember("z", .array([1, 2]))])
    }

    @Test func lookalikesInsideStringsAndNestedObjectsAreNotCut() throws {
        // Inside a string a quote is always escaped, so `,"sig":"` cannot appear there;
        // a nested `sig` key is not the record's.
        try check([JSONMember("a", ",\"sig\":\"x\""), JSONMember("sig", "REAL"), JSONMember("t", "\"sig\":\"y\"")])
        try check([JSONMember("n", .object([JSONMember("sig", "NESTED")])), JSONMember("sig", "REAL")])
        try check([JSONMember("n", .array([.object([JSONMember("sig", "IN-ARRAY")])])), JSONMember("sig", "REAL")])
        try check([JSONMember("n", .object([JSONMember("sig", "NESTED")])), JSONMember("z", 1)])
        try check([JSONMember("s", "back\\slash \"q\""), JSONMember("sig", "REAL"), JSONMember("sigs", "other")])
        try check([JSONMember("si", 1), JSONMember("sig", "R"), JSONMember("sig2", 2)])
    }

    @Test func randomRecords() throws {
        var rng = SplitMix64(seed: 0x5eed)
        let keys = ["a", "sig", "sig\"", "s", "kind", "\u{00e9}", "sigx", "\u{1F512}", "text", "z"]
        let strings = ["", "\"sig\":\"", ",\"sig\":\"AA\"", "\\", "{}", "[", "\u{0}\u{1f}", "plain", "\u{2028}"]
        func value(_ depth: Int) -> JSONValue {
            switch rng.next() % (depth > 2 ? 3 : 5) {
            case 0: return .int(Int64(rng.next() % 1000) - 500)
            case 1: return .string(strings[Int(rng.next() % UInt64(strings.count))])
            case 2: return .bool(rng.next() % 2 == 0)
            case 3: return .array((0..<Int(rng.next() % 3)).map { _ in value(depth + 1) })
            default: return .object(object(depth + 1))
            }
        }
        func object(_ depth: Int) -> [JSONMember] {
            var seen = Set<String>()
            var members: [JSONMember] = []
            for _ in 0..<Int(rng.next() % 6) {
                let key = keys[Int(rng.next() % UInt64(keys.count))]
                if seen.insert(key).inserted {
                    members.append(JSONMember(key, key == "sig" && depth == 0 ? .string("SIG\(rng.next() % 100)") : value(depth)))
                }
            }
            return members
        }
        for i in 0..<2000 { try check(object(0), "record \(i)") }
    }
}
