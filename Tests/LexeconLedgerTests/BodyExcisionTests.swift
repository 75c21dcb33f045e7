import LexeconLedger
import Testing

/// The verifier takes a canonical record's body by cutting out its top-level `sig`
/// member; that must always equal serialising the record without it.
@Suite("Body excision")
struct BodyExcisionTests {
    func check(_ members: [JSONMember], _ comment: Comment? = nil) throws {
        let line = CanonicalJSON.serialize(.object(members))
        let expected = CanonicalJSON.serialize(.object(members.filter { $0.key != "sig" }))
        let cut = line.withUnsafeBytes { CanonicalJSON.removingTopLevelStringMember("sig", from: $0) }
        if members.contains(where: { $0.key == "sig" }) {
            #expect(cut == expected, comment)
        } else {
            #expect(cut == nil, comment)
        }
    }

    @Test func firstMiddleLastAndOnlyMember() throws {
        try check([JSONMember("sig", "AAAA")])
        try check([JSONMember("a", 1), JSONMember("sig", "AAAA")])
        try check([JSONMember("sig", "AAAA"), JSONMember("z", 1)])
        try check([JSONMember("a", 1), JSONMember("sig", "AAAA"), JSONMember("z", 1)])
        try check([JSONMember("a", 1), JSONMember("z", 1)])
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
