/// Writes compact JSON objects with string values.
enum JSONWriter {
    /// `{"k":"v",…}` with keys in the given order.
    static func object(_ fields: [(String, String)]) -> String {
        var out = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out += "," }
            out += quote(key)
            out += ":"
            out += quote(value)
        }
        out += "}"
        return out
    }

    /// A JSON string literal. Works on UTF-8 bytes: the only multi-byte characters escaped
    /// are U+2028 and U+2029 (E2 80 A8/A9), which some JavaScript readers take as line ends.
    static func quote(_ text: String) -> String {
        let utf8 = text.utf8
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        var previous1: UInt8 = 0
        var previous2: UInt8 = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20, 0x7F: appendEscape(UInt32(byte), to: &out)
            case 0xA8...0xA9 where previous2 == 0xE2 && previous1 == 0x80:
                out.removeLast(2)
                appendEscape(0x2000 + UInt32(byte) - 0x80, to: &out)
            default: out.append(byte)
            }
            previous2 = previous1
            previous1 = byte
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// `\u00XX` for a code point below U+10000, lowercase hex as the rest of lexecon writes it.
    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}
