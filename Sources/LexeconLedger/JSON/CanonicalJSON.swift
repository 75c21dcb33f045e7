#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// The RFC 8785 (JCS) serialisation of lexecon's integer-only JSON profile.
///
/// Members are sorted by the UTF-16 code units of their keys; there is no whitespace;
/// strings escape only `"`, `\` and U+0000–U+001F (`\b \t \n \f \r` short forms, otherwise
/// `\u00xx` in lowercase hex); `/` and non-ASCII characters are written as they are.
public enum CanonicalJSON {
    /// Serialises a value. Integers outside ±(2^53−1) are a programming error here: the
    /// record builders never produce them and the parser rejects them.
    public static func serialize(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(value, into: &out)
        return out
    }

    /// Appends the serialisation of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(contentsOf: [0x6e, 0x75, 0x6c, 0x6c])
        case .bool(let b):
            out.append(contentsOf: b ? trueBytes : falseBytes)
        case .int(let i):
            writeInteger(i, into: &out)
        case .string(let s):
            writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            writeMembers(sorted(members)[...], into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)

    /// Writes `"key":value` for each member, comma-separated, in the order given (callers
    /// pass members already in JCS order).
    static func writeMembers(_ members: ArraySlice<JSONMember>, into out: inout [UInt8]) {
        var first = true
        for member in members {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            write(member.value, into: &out)
        }
    }

    /// Members in JCS order: by the UTF-16 code units of the key. Members that are
    /// already in order (anything parsed from a canonical line) are returned as they are.
    static func sorted(_ members: [JSONMember]) -> [JSONMember] {
        guard members.count > 1 else { return members }
        var inOrder = true
        for index in 1..<members.count where !precedes(members[index - 1].key, members[index].key) {
            inOrder = false
            break
        }
        return inOrder ? members : members.sorted { precedes($0.key, $1.key) }
    }

    /// True when `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3).
    ///
    /// UTF-8 byte order is code point order, and that agrees with UTF-16 order except
    /// between U+E000–U+FFFF and the supplementary planes (surrogates sort below U+E000).
    /// So the bytes decide unless the first differing byte of either key is ≥ 0xEE (a lead
    /// byte of U+E000 or above); only then are the UTF-16 code units compared.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        // 0: a < b, 1: a >= b, 2: undecided by bytes.
        let verdict = a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                var i = 0
                while i < common {
                    if x[i] != y[i] {
                        if x[i] >= 0xEE || y[i] >= 0xEE { return 2 }
                        return x[i] < y[i] ? 0 : 1
                    }
                    i += 1
                }
                return x.count < y.count ? 0 : 1
            }
        }
        if verdict == 2 { return a.utf16.lexicographicallyPrecedes(b.utf16) }
        return verdict == 0
    }

    /// Why `value` lies outside what ``StrictJSONParser`` accepts — a duplicate key (by
    /// exact bytes), an integer beyond ±(2^53−1), nesting deeper than
    /// ``StrictJSONParser/maxDepth`` — or nil. Strings need no check: a Swift `String` is
    /// valid Unicode and the serialiser escapes every control character.
    public static func profileViolation(_ value: JSONValue) -> String? {
        violation(value, depth: 0)
    }

    private static func violation(_ value: JSONValue, depth: Int) -> String? {
        switch value {
        case .null, .bool, .string:
            return nil
        case .int(let i):
            return i.magnitude > UInt64(JSONValue.maxInteger) ? "integer \(i) is beyond ±(2^53−1)" : nil
        case .array(let elements):
            guard depth < StrictJSONParser.maxDepth else { return "nesting deeper than \(StrictJSONParser.maxDepth)" }
            for element in elements {
                if let problem = violation(element, depth: depth + 1) { return problem }
            }
            return nil
        case .object(let members):
            guard depth < StrictJSONParser.maxDepth else { return "nesting deeper than \(StrictJSONParser.maxDepth)" }
            if members.count > 16 {
                var keys = Set<ExactKey>()
                for member in members where !keys.insert(ExactKey(member.key)).inserted {
                    return "duplicate key \"\(member.key)\""
                }
            } else if members.count > 1 {
                for i in 1..<members.count {
                    for j in 0..<i where members[i].key.utf8.elementsEqual(members[j].key.utf8) {
                        return "duplicate key \"\(members[i].key)\""
                    }
                }
            }
            for member in members {
                if let problem = violation(member.value, depth: depth + 1) { return problem }
            }
            return nil
        }
    }

    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        while magnitude > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: digits.reversed())
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Copy runs of bytes that need no escape in one go.
            var run = 0
            var index = 0
            while index < bytes.count {
                // Skip eight bytes at a time while none is `"`, `\` or a control character
                // (exact word tests: (x − 0x01…) & ~x & 0x80… is non-zero iff a byte of x is 0).
                if index + 8 <= bytes.count {
                    let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5c)
                    let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                    if special & (ones &* 0x80) == 0 {
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                index += 1
                guard byte < 0x20 || byte == 0x22 || byte == 0x5c else { continue }
                let escaped = index - 1
                if run < escaped { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<escaped])) }
                run = index
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5c, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5c, 0x5c])
                case 0x08: out.append(contentsOf: [0x5c, UInt8(ascii: "b")])
                case 0x09: out.append(contentsOf: [0x5c, UInt8(ascii: "t")])
                case 0x0a: out.append(contentsOf: [0x5c, UInt8(ascii: "n")])
                case 0x0c: out.append(contentsOf: [0x5c, UInt8(ascii: "f")])
                case 0x0d: out.append(contentsOf: [0x5c, UInt8(ascii: "r")])
                default:
                    out.append(contentsOf: [0x5c, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xf)]])
                }
            }
            if run < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
