/// Makes text from a record safe to print on an auditor's terminal.
public enum TerminalSafe {
    /// Escapes C0/C1 control characters, DEL and Unicode bidirectional controls as `\u{…}`
    /// (and `\n`, `\t`, `\r`), so a crafted command cannot move the cursor, recolour the
    /// screen or reorder what the auditor reads.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0a: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0d: out += "\\r"
            case 0x5c: out += "\\\\"
            case 0x00..<0x20, 0x7f..<0xa0, 0x200e, 0x200f, 0x202a...0x202e, 0x2066...0x2069, 0x061c, 0xfeff:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes raw bytes that may not be UTF-8: invalid sequences become `\x..`.
    public static func escape(bytes: UnsafeRawBufferPointer, limit: Int = 200) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, limit)])
        if let text = String(validating: slice, as: UTF8.self) { return escape(text) + (bytes.count > limit ? "…" : "") }
        var out = ""
        for byte in slice {
            if byte >= 0x20 && byte < 0x7f && byte != 0x5c { out.unicodeScalars.append(Unicode.Scalar(byte)) }
            else { out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        }
        return out + (bytes.count > limit ? "…" : "")
    }
}
