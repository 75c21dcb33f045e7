import LexeconShell
import Testing
@testable import LexeconPolicy

/// The command text in reasons (`rm -r -f / (via bash -c, via sudo)`), built as bytes, must
/// read exactly as the character-by-character rendering it replaced; and the path helper
/// the protected-path check uses splits paths on whole `/` components.
@Suite struct RenderingTests {
    /// The character-based rendering, kept here as the reference.
    static func reference(_ command: EffectiveCommand) -> String {
        func quote(_ text: String) -> String {
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
        func isCombinedShortFlags(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard bytes.count > 2, bytes[0] == UInt8(ascii: "-"), bytes[1] != UInt8(ascii: "-") else { return false }
            return bytes.dropFirst().allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
        }
        var parts = [command.program.isEmpty ? (command.programWord.isEmpty ? "(redirection)" : command.programWord) : command.program]
        for argument in command.arguments {
            let text = argument.text
            if isCombinedShortFlags(text), text.utf8.dropFirst().allSatisfy({ command.flags.contains("-" + String(UnicodeScalar($0))) }) {
                for byte in text.utf8.dropFirst() { parts.append("-" + String(UnicodeScalar(byte))) }
            } else {
                parts.append(quote(text))
            }
        }
        for redirection in command.redirections where redirection.kind != .hereDocument {
            let op = switch redirection.kind {
            case .input: "<"
            case .output: ">"
            case .append: ">>"
            case .duplicate: ">&"
            case .hereDocument: "<<"
            }
            parts.append(op + quote(redirection.target.text))
        }
        var text = parts.joined(separator: " ")
        if text.count > CommandRenderer.maxLength { text = String(text.prefix(CommandRenderer.maxLength)) + "…" }
        if !command.via.isEmpty { text += " (" + command.via.map { "via \($0)" }.joined(separator: ", ") + ")" }
        return text
    }

    static let words = [
        "", "-rf", "-xz", "--force", "a b", "it's", "line\nbreak", "cr\r\nlf", "tab\there", "semi;colon", "pipe|",
        "amp&", "back\\slash", "quote\"d", "café", "e\u{301}", "'\u{301}", "日本語のファイル", "🙂'🙂", "plain",
        String(repeating: "x", count: 150), String(repeating: "é", count: 90), "$HOME/x",
    ]

    @Test func bytesRenderingMatchesTheCharacterRendering() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3_000 {
            let count = Int.random(in: 0...5, using: &generator)
            let arguments = (0..<count).map { _ in Word(text: Self.words.randomElement(using: &generator)!) }
            var flags: Set<String> = []
            if Bool.random(using: &generator) { flags = ["-r", "-f", "-x", "-z"] }
            var redirections: [Redirection] = []
            if round % 3 == 0 {
                let kind = [Redirection.Kind.input, .output, .append, .duplicate, .hereDocument].randomElement(using: &generator)!
                redirections.append(Redirection(kind: kind, fd: 1, target: Word(text: Self.words.randomElement(using: &generator)!)))
            }
            let via = round % 4 == 0 ? ["bash -c", "sudo"] : []
            let program = ["rm", "", "tar", "日本"].randomElement(using: &generator)!
            let command = EffectiveCommand(program: program, programWord: round % 5 == 0 ? "" : "/bin/" + program,
                                           arguments: arguments, flags: flags, redirections: redirections, via: via)
            #expect(CommandRenderer.render(command) == Self.reference(command))
        }
    }

    @Test func rendersTheUsualShapes() {
        let command = EffectiveCommand(program: "rm", programWord: "rm", arguments: [Word(text: "-rf"), Word(text: "/")],
                                       flags: ["-r", "-f"], via: ["bash -c", "sudo"])
        #expect(CommandRenderer.render(command) == "rm -r -f / (via bash -c, via sudo)")
        let quoted = EffectiveCommand(program: "echo", programWord: "echo", arguments: [Word(text: "it's\nhere")])
        #expect(CommandRenderer.render(quoted) == "echo 'it'\\''s\\nhere'")
    }

    @Test(arguments: [
        ("/ws/.audit/x", "/ws", "/.audit/x"), ("/ws", "/ws", ""), ("/ws", "/ws/", ""), ("/ws/a", "/ws/", "/a"),
        ("/wsx/a", "/ws", nil), ("/w", "/ws", nil), ("/", "/", ""), ("/a/b", "/", "/a/b"), ("a", "/", nil),
        ("/home/ü/.ssh/id", "/home/ü", "/.ssh/id"), ("/home/u\u{308}/x", "/home/ü", nil),
    ] as [(String, String, String?)])
    func relativePathsSplitOnWholeComponents(path: String, base: String, expected: String?) {
        // Expected values are written with a leading `/` for readability.
        let relative = Evaluator.relative(path, to: base)
        #expect(relative == expected.map { $0.isEmpty ? "" : String($0.dropFirst()) }, "\(path) under \(base)")
    }
}
