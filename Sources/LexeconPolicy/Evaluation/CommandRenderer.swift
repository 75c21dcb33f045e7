internal import LexeconShell

/// Renders an effective command for a reason line: `rm -r -f / (via bash -c, via sudo)`.
enum CommandRenderer {
    /// Longest rendering kept, in characters, before `…`.
    static let maxLength = 160

    static func render(_ command: EffectiveCommand) -> String {
        // Built as bytes: a reason is rendered for every command decided.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        bytes.append(contentsOf: (command.program.isEmpty ? (command.programWord.isEmpty ? "(redirection)" : command.programWord) : command.program).utf8)
        for argument in command.arguments {
            let text = argument.text
            bytes.append(space)
            if isCombinedShortFlags(text), text.utf8.dropFirst().allSatisfy({ command.flags.contains("-" + String(UnicodeScalar($0))) }) {
                var first = true
                for byte in text.utf8.dropFirst() {
                    if !first { bytes.append(space) }
                    first = false
                    bytes.append(UInt8(ascii: "-"))
                    bytes.append(byte)
                }
            } else {
                appendQuoted(text, to: &bytes)
            }
        }
        for redirection in command.redirections where redirection.kind != .hereDocument {
            let op: String = switch redirection.kind {
            case .input: "<"
            case .output: ">"
            case .append: ">>"
            case .duplicate: ">&"
            case .hereDocument: "<<"
            }
            bytes.append(space)
            bytes.append(contentsOf: op.utf8)
            appendQuoted(redirection.target.text, to: &bytes)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // No more bytes than the limit means no more characters either.
        if bytes.count > maxLength && text.count > maxLength { text = String(text.prefix(maxLength)) + "…" }
        if !command.via.isEmpty {
            text += " (" + command.via.map { "via \($0)" }.joined(separator: ", ") + ")"
        }
        return text
    }

    private static let space = UInt8(ascii: " ")

    private static func isCombinedShortFlags(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count > 2, bytes.first == UInt8(ascii: "-"), bytes.dropFirst().first != UInt8(ascii: "-") else { return false }
        return bytes.dropFirst().allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }

    /// Appends `text` as a shell word: as is when nothing in it needs quoting, else in
    /// single quotes (`'` as `'\''`, a newline as `\n`).
    private static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        if text.isEmpty {
            bytes.append(contentsOf: "''".utf8)
            return
        }
        var plain = true
        var ascii = true
        for byte in text.utf8 {
            if byte <= 32 || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ";")
                || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\\") {
                plain = false
            }
            if byte >= 0x80 { ascii = false }
        }
        if plain {
            bytes.append(contentsOf: text.utf8)
            return
        }
        bytes.append(UInt8(ascii: "'"))
        if ascii && !text.utf8.contains(UInt8(ascii: "\r")) {
            // ASCII without `\r`: every byte is a character of its own.
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "'"): bytes.append(contentsOf: "'\\''".utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
                default: bytes.append(byte)
                }
            }
        } else {
            // By characters, as Swift compares them (`\r\n` is one character, not a newline).
            for character in text {
                if character == "'" {
                    bytes.append(contentsOf: "'\\''".utf8)
                } else if character == "\n" {
                    bytes.append(contentsOf: "\\n".utf8)
                } else {
                    bytes.append(contentsOf: String(character).utf8)
                }
            }
        }
        bytes.append(UInt8(ascii: "'"))
    }
}
