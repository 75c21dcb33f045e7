import Foundation
import LexeconLedger
import Testing

/// `StrictJSONParser.parseNotingForm` tells whether a text is its own canonical
/// serialisation without serialising. The verifier relies on it for every line, so it must
/// agree with the definition — `CanonicalJSON.serialize(value) == bytes` — on canonical
/// records and on every way a text can differ from them.
@Suite struct CanonicalFormTests {
    static func noted(_ bytes: [UInt8]) -> (value: JSONValue, isCanonical: Bool)? {
        bytes.withUnsafeBytes { try? StrictJSONParser.parseNotingForm($0) }
    }

    /// The definition, for comparison.
    static func isCanonical(_ bytes: [UInt8], _ value: JSONValue) -> Bool {
        CanonicalJSON.serialize(value) == bytes
    }

    static func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool? {
        guard let (value, noted) = noted(bytes) else { return nil }
        let expected = isCanonical(bytes, value)
        #expect(noted == expected, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        return expected
    }

    @Test(arguments: [
        (#"{"a":1,"b":"x"}"#, true), (#"{"b":1,"a":2}"#, false), (#"{ "a":1}"#, false), (#"{"a":1} "#, false),
        (#"{"a":[1,2,{"c":null}]}"#, true), (#"{"a":[1, 2]}"#, false), (#"{"a":"\/"}"#, false),
        (#"{"a":"\u0001"}"#, true), (#"{"a":"\u001F"}"#, false), (#"{"a":"\u001f"}"#, true), (#"{"a":"\u000a"}"#, false),
        (#"{"a":"\n\t\"\\"}"#, true), (#"{"a":"\u0041"}"#, false), (#"{"a":"é"}"#, true), (#"{"a":"\u00e9"}"#, false),
        (#"{"a":"\ud83d\ude00"}"#, false), (#"{"a":"😀"}"#, true), (#"{"\u007f":1}"#, false), ("{\"\u{7f}\":1}", true),
        (#"{"a":-5,"b":true,"c":false,"d":null,"e":{},"f":[]}"#, true), (#"{"e":{ }}"#, false),
        // JCS orders keys by UTF-16 code units: U+FF61 (EF BD A1) sorts after U+1F600 (F0 9F 98 80) in
        // UTF-8 bytes but before it in UTF-16 (surrogates D83D < FF61).
        ("{\"\u{1F600}\":1,\"\u{FF61}\":2}", true), ("{\"\u{FF61}\":2,\"\u{1F600}\":1}", false),
        (#"[]"#, true), (#""x""#, true), (#"7"#, true), ("\n{}", false),
    ])
    func knownCases(_ text: String, _ canonical: Bool) throws {
        let bytes = Array(text.utf8)
        let noted = try #require(Self.noted(bytes))
        #expect(noted.isCanonical == canonical, "\(text)")
        #expect(Self.isCanonical(bytes, noted.value) == canonical, "the definition disagrees on \(text)")
    }

    /// Records of the worked example, and thousands of variants: whitespace inserted,
    /// members swapped, characters re-escaped, bytes changed.
    @Test func agreesWithTheDefinitionOnRecordsAndTheirVariants() throws {
        let url = try #require(Bundle.module.url(forResource: "ledger", withExtension: "jsonl", subdirectory: "Vectors/format"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        #expect(lines.count >= 3)
        // Seeded: the same variants on every run.
        var generator = SplitMix64(seed: 0x1ec5_c0de)
        var canonicalSeen = 0
        var nonCanonicalSeen = 0
        func check(_ bytes: [UInt8]) {
            switch Self.expectAgreement(bytes) {
            case true?: canonicalSeen += 1
            case false?: nonCanonicalSeen += 1
            case nil: break
            }
        }
        let escapes: [(UInt8, [UInt8])] = [
            (UInt8(ascii: "a"), Array(#"\u0061"#.utf8)), (UInt8(ascii: "/"), Array(#"\/"#.utf8)),
            (UInt8(ascii: "e"), Array(#"\u0065"#.utf8)),
        ]
        for line in lines {
            check(line)
            for _ in 0..<300 {
                var bytes = line
                switch Int.random(in: 0..<5, using: &generator) {
                case 0:  // whitespace somewhere
                    bytes.insert([0x20, 0x0a, 0x09, 0x0d].randomElement(using: &generator)!,
                                 at: Int.random(in: 0...bytes.count, using: &generator))
                case 1:  // one byte replaced by a printable one
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0x20...0x7e, using: &generator)
                case 2:  // a character re-escaped
                    let (plain, escaped) = escapes.randomElement(using: &generator)!
                    if let index = bytes.indices.filter({ bytes[$0] == plain }).randomElement(using: &generator) {
                        bytes.replaceSubrange(index...index, with: escaped)
                    }
                case 3:  // a control character escaped, canonically or not
                    if let quote = bytes.indices.filter({ bytes[$0] == UInt8(ascii: "\"") }).dropFirst(3).randomElement(using: &generator) {
                        let code = UInt8.random(in: 0..<0x20, using: &generator)
                        let hex = String(code, radix: 16)
                        let escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + (Bool.random(using: &generator) ? hex : hex.uppercased())
                        bytes.insert(contentsOf: Array(escape.utf8), at: quote)
                    }
                default:  // two top-level members swapped
                    if let value = Self.noted(bytes)?.value, case .object(var members) = value, members.count > 2 {
                        members.swapAt(Int.random(in: 0..<members.count, using: &generator), Int.random(in: 0..<members.count, using: &generator))
                        var out: [UInt8] = [UInt8(ascii: "{")]
                        for (index, member) in members.enumerated() {
                            if index > 0 { out.append(UInt8(ascii: ",")) }
                            out += CanonicalJSON.serialize(.string(member.key)) + [UInt8(ascii: ":")] + CanonicalJSON.serialize(member.value)
                        }
                        bytes = out + [UInt8(ascii: "}")]
                    }
                }
                check(bytes)
            }
        }
        #expect(canonicalSeen > 20)
        #expect(nonCanonicalSeen > 300)
    }
}
