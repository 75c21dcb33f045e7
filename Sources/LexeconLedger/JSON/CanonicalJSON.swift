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
            out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
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
            for (index, member) in sorted(members).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Members in JCS order: by the UTF-16 code units of the key.
    static func sorted(_ members: [JSONMember]) -> [JSONMember] {
        // Most keys are ASCII, where UTF-8 byte order equals UTF-16 order; the general
        // comparison is only needed otherwise.
        members.sorted { a, b in
            a.key.utf16.lexicographicallyPrecedes(b.key.utf16)
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
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5c, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5c, 0x5c])
            case 0x08: out.append(contentsOf: [0x5c, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [0x5c, UInt8(ascii: "t")])
            case 0x0a: out.append(contentsOf: [0x5c, UInt8(ascii: "n")])
            case 0x0c: out.append(contentsOf: [0x5c, UInt8(ascii: "f")])
            case 0x0d: out.append(contentsOf: [0x5c, UInt8(ascii: "r")])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5c, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xf)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
