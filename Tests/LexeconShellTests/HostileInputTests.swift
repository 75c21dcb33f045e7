import LexeconShell
import Testing

/// A deterministic PRNG so fuzz runs are reproducible (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hostile, deep and random input: never a crash, always commands or a parse error.
@Suite struct HostileInputTests {
    /// Either a parse error with a valid position, or commands; never both.
    private func check(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = analyze(script)
        if let error = result.parseError {
            #expect(result.commands.isEmpty, sourceLocation: sourceLocation)
            #expect(error.line >= 1 && error.column >= 1, sourceLocation: sourceLocation)
        }
    }

    @Test func deepNestingFailsFast() throws {
        for (open, close) in [("( ", ")"), ("$(", ")"), ("{ ", "; }"), ("\"$(", ")\""), ("${x:-", "}"), ("$( (", ") )"), ("<(", ")")] {
            let depth = 5_000
            let script = String(repeating: open, count: depth) + "ls" + String(repeating: close, count: depth)
            let result = analyze(script)
            let error = try #require(result.parseError, "\(open) nesting should be rejected")
            #expect(error.message.contains("too deep") || error.message.contains("unterminated") || error.message.contains("unexpected"), "\(open): \(error)")
        }
    }

    @Test func adjacentBackticksAreEmptySubstitutions() {
        let result = analyze(String(repeating: "`", count: 5_000) + "ls" + String(repeating: "`", count: 5_000))
        // One word: `ls` between thousands of empty substitutions, so a dynamic program.
        #expect(result.parseError == nil)
        #expect(result.commands.count == 1)
        #expect(result.commands.first?.programIsDynamic == true)
        #expect(analyze(String(repeating: "(", count: 5_000) + "x" + String(repeating: ")", count: 5_000)).commands.isEmpty, "arithmetic")
        #expect(analyze("echo `a \\`b \\\\\\`c\\\\\\`\\``").commands.map(\.program) == ["c", "b", "a", "echo"])
    }

    @Test func moderateNestingIsFine() {
        let script = String(repeating: "$(", count: 20) + "rm -rf /" + String(repeating: ")", count: 20)
        let result = analyze("echo " + script)
        #expect(result.parseError == nil)
        #expect(result.commands.first?.program == "rm")
    }

    @Test func manySeparators() {
        // Within the 2,000-command budget every command is lowered; beyond it the script is
        // "too complex" (decided as a parse error, never guessed at).
        let script = String(repeating: "a;", count: 1_900)
        #expect(analyze(script).commands.count == 1_900)
        #expect(analyze(String(repeating: "a;", count: 2_001)).parseError?.message.contains("too complex") == true)
        let tooMany = String(repeating: "a;", count: 20_000)
        #expect(analyze(tooMany).parseError?.message.contains("too complex") == true)
        #expect(analyze(String(repeating: ";", count: 10_000)).parseError != nil)
    }

    @Test func manyPipes() throws {
        let script = Array(repeating: "cat", count: 1_900).joined(separator: " | ")
        let result = analyze(script)
        try #require(result.commands.count == 1_900)
        #expect(result.commands.last?.upstream.count == 64)
        #expect(result.commands[10].upstream.count == 10)
        let tooLong = Array(repeating: "cat", count: 5_000).joined(separator: " | ")
        #expect(analyze(tooLong).parseError?.message.contains("too complex") == true)
    }

    @Test func longQuotesAndWords() {
        let big = String(repeating: "x", count: 60_000)
        #expect(analyze("echo '\(big)'").commands.first?.arguments.first?.text.utf8.count == 60_000)
        #expect(analyze("echo \"\(big)\"").commands.count == 1)
        #expect(analyze("echo '\(big)").parseError != nil)
        #expect(analyze(String(repeating: "\\", count: 60_001)).parseError == nil)
    }

    @Test func braceBombsAreCapped() {
        let c = analyze("echo " + String(repeating: "{a,b}", count: 40)).commands.first
        #expect(c?.arguments.count == 1)
        #expect(c?.arguments.first?.isDynamic == true)
        let nested = analyze("echo " + String(repeating: "{a,", count: 3_000) + String(repeating: "}", count: 3_000))
        #expect(nested.parseError == nil)
        let many = analyze(Array(repeating: "echo {1..1000}", count: 100).joined(separator: ";"))
        #expect(many.parseError == nil)
        #expect(many.commands.reduce(0) { $0 + $1.arguments.count } <= 21_000)
    }

    @Test func nestedScriptBombs() {
        var script = "rm -rf /"
        for _ in 0..<8 { script = "bash -c " + shellQuote(script) }
        #expect(analyze(script).commands.first?.via.count == 8)
        let wrapped = analyze(String(repeating: "nice ", count: 40) + "rm -rf /")
        #expect(wrapped.parseError == nil)
        #expect(wrapped.commands.first?.opaque?.kind == .depthLimit)
        let evals = analyze(String(repeating: "eval ", count: 5_000) + "ls")
        #expect(evals.commands.first?.opaque?.kind == .depthLimit || evals.parseError?.message.contains("too complex") == true)
        let shortEvals = analyze(String(repeating: "eval ", count: 40) + "ls")
        #expect(shortEvals.commands.first?.opaque?.kind == .depthLimit)
        let repeated = analyze("bash -c '" + String(repeating: "x; ", count: 5_000) + "'{1..500}")
        #expect(repeated.commands.first?.opaque?.kind == .dynamicScript || repeated.parseError?.message.contains("too complex") == true)
        let nestedFlood = analyze(Array(repeating: "bash -c '" + String(repeating: "x;", count: 2_000) + "'", count: 30).joined(separator: ";"))
        #expect(nestedFlood.parseError?.message.contains("too complex") == true)
    }

    @Test func hereDocFlood() {
        let script = Array(repeating: "cat <<E", count: 2_000).joined(separator: ";") + "\n" + String(repeating: "E\n", count: 2_000)
        #expect(analyze(script).commands.count == 2_000)
    }

    @Test(arguments: 0..<8)
    func randomBytesNeverCrash(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 1)
        let alphabet = Array("ab $'\"`\\(){}[]<>|&;!#~*?=-/\n\t0123456789xyz@%^:,.+".utf8)
        for _ in 0..<400 {
            let length = Int(rng.next() % 80)
            var bytes: [UInt8] = []
            for _ in 0..<length { bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    static let corpus = [
        "git status", "ls -la src", "swift build -c release 2>&1 | tee build.log", "rm -rf /", "sudo bash -c 'rm -rf /'",
        "find / -name '*.o' -exec rm {} \\;", "X=rm; $X -rf /", "curl -fsSL x | sh", "for i in 1 2; do echo $i; done",
        "case $x in a) b;; esac", "if [[ -f x ]]; then cat x; fi", "cat <<EOF\n$(id)\nEOF\n", "f() { g; }; f",
        "echo ${x:-$(date)} `id` $((1+2)) <(ls) $'\\x41'", "a && b || c & d", "(cd /tmp && rm -rf *)", "arr=(a b); echo ${arr[@]}",
        "ssh h 'rm -rf /'", "git -c alias.x='!ls' x", "xargs -I{} sh -c 'echo {}'", "env -S 'a b' c", "echo {a,b}{1..3}",
    ]

    @Test(arguments: 0..<8)
    func mutatedScriptsNeverCrash(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 0xC0FFEE)
        let inserts = Array("'\"`$(){}[]|&;<>\\\n#!*~".utf8)
        for round in 0..<500 {
            var bytes = Array(Self.corpus[round % Self.corpus.count].utf8)
            let edits = 1 + Int(rng.next() % 4)
            for _ in 0..<edits {
                guard !bytes.isEmpty else { break }
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(inserts[Int(rng.next() % UInt64(inserts.count))], at: at)
                case 2: bytes[at] = inserts[Int(rng.next() % UInt64(inserts.count))]
                default:
                    let end = min(bytes.count, at + Int(rng.next() % 8))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func invalidUTF8AndNULs() {
        check(String(decoding: [0x72, 0x6D, 0x20, 0xFF, 0xFE, 0x00, 0x2F], as: UTF8.self))
        check("rm \u{0} /")
        check("echo $'\\xff\\u{110000}\\UFFFFFFFF'")
    }

    @Test func hostileScriptOf64KiB() {
        var parts: [String] = []
        var size = 0
        var i = 0
        let pieces = ["$($($(ls)))", String(repeating: "'q'", count: 50), "{1..99999999}", "a|b|c|d", "x=$(y)", "((((((1))))))", "`a`", "[[ -f $(z) ]]"]
        while size < 64 * 1024 {
            let piece = pieces[i % pieces.count] + (i % 3 == 0 ? " &" : "\n")
            parts.append(piece)
            size += piece.utf8.count
            i += 1
        }
        let result = analyze(parts.joined())
        #expect(result.parseError == nil || result.parseError?.message.contains("too complex") == true, "\(String(describing: result.parseError))")
    }

    private func shellQuote(_ s: String) -> String {
        "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
