internal import LexeconShell

/// Renders an effective command for a reason line: `rm -r -f / (via bash -c, via sudo)`.
enum CommandRenderer {
    /// Longest rendering kept, in characters, before `…`.
    static let maxLength = 160

    static func render(_ command: EffectiveCommand) -> String {
        var parts: [String] = [command.program.isEmpty ? (command.programWord.isEmpty ? "(redirection)" : command.programWord) : command.program]
        for argument in command.arguments {
            let text = argument.text
            if isCombinedShortFlags(text), text.utf8.dropFirst().allSatisfy({ command.flags.contains("-" + String(UnicodeScalar($0))) }) {
                for byte in text.utf8.dropFirst() { parts.append("-" + String(UnicodeScalar(byte))) }
            } else {
                parts.append(quote(text))
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
            parts.append(op + quote(redirection.target.text))
        }
        var text = parts.joined(separator: " ")
        if text.count > maxLength { text = String(text.prefix(maxLength)) + "…" }
        if !command.via.isEmpty {
            text += " (" + command.via.map { "via \($0)" }.joined(separator: ", ") + ")"
        }
        return text
    }

    private static func isCombinedShortFlags(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "-"), bytes[1] != UInt8(ascii: "-") else { return false }
        return bytes.dropFirst().allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }

    private static func quote(_ text: String) -> String {
        if text.isEmpty { return "''" }
        let plain = text.utf8.allSatisfy { byte in
            byte > 32 && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: ";")
                && byte != UInt8(ascii: "|") && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "\\")
        }
        if plain { return text }
        var quoted = "'"
        for character in text {
            if character == "'" { quoted += "'\\''" } else if character == "\n" { quoted += "\\n" } else { quoted.append(character) }
        }
        return quoted + "'"
    }
}
