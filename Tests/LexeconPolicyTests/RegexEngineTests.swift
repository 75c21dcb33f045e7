import Testing
@testable import LexeconPolicy

@Suite struct RegexEngineTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try LinearRegex(pattern).matches(text)
    }

    @Test(arguments: [
        ("abc", "xxabcxx", true), ("abc", "abx", false),
        ("^abc", "abcd", true), ("^abc", "xabc", false), ("abc$", "xxabc", true), ("abc$", "abcx", false),
        ("a.c", "abc", true), ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true),
        ("[a-c]+x", "zzbcax", true), ("[^a-c]x", "ax", false), ("[^a-c]x", "dx", true),
        ("\\d{3}-\\d{4}", "call 555-1234 now", true), ("\\d{3}-\\d{4}", "55-1234", false),
        ("\\bcat\\b", "a cat here", true), ("\\bcat\\b", "concatenate", false), ("\\Bcat", "concat", true),
        ("\\w+@\\w+", "mail me@host", true), ("\\s", "nospace", false),
        ("colou?r", "color", true), ("colou?r", "colour", true), ("ab*c", "ac", true), ("ab+c", "ac", false),
        ("(foo|bar)baz", "xbarbaz", true), ("(?:foo|bar)+$", "foobarfoo", true), ("a{2,3}$", "xaa", true),
        ("^a{2,3}$", "aaaa", false), ("^a{2,}$", "aaaaa", true), ("^(ab){2}$", "abab", true),
        ("(?i)rm\\s+-RF", "sudo RM -rf /", true), ("rm\\s+-rf", "RM -rf", false), ("(?i:x)Y", "XY", true), ("(?i:x)Y", "Xy", false),
        ("(?m)^b", "a\nb", true), ("^b", "a\nb", false), ("a|", "zzz", true), ("", "", true),
        ("[[:digit:]]+", "abc123", true), ("[\\d.]+", "v1.2", true), ("\\x41", "A", true), ("\\.", "a.b", true), ("\\.", "ab", false),
        ("a*?b", "aab", true), ("[]a]", "]", true), ("[a-]", "-", true), ("\\$HOME", "$HOME", true),
        (":\\(\\)\\s*\\{", ":(){ :|:& };:", true),
    ])
    func semantics(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(pattern, text) == expected, "\(pattern) on \(text)")
    }

    @Test(arguments: ["(a)\\1", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "a*+", "(?>a)", "(", ")", "[a", "a{2,1}", "*a", "\\q", "a{1001}", "(?P=n)", "\\k<n>"])
    func rejects(_ pattern: String) {
        #expect(throws: RegexSyntaxError.self) { try LinearRegex(pattern) }
    }

    @Test func hostileInputsFinish() throws {
        // Patterns that make backtracking engines explode run in linear time here.
        let hostile = String(repeating: "a", count: 64 * 1024)
        #expect(try !matches("(a+)+$b", hostile))
        #expect(try !matches("(a|aa)*c", hostile))
        #expect(try !matches("(a*)*b", hostile))
        #expect(try !matches("^(\\w+\\s?)*$x", hostile))
        #expect(try matches("(a|a)*a$", hostile))
        #expect(try !matches("a{100}{0,1}b", String(repeating: "a", count: 4096)))
    }

    /// Folding adds exactly the other ASCII case of each letter in the set, nothing else.
    @Test func caseFoldingAddsTheOtherCaseOfEachLetter() {
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for round in 0..<2000 {
            var set = ByteSet()
            for _ in 0..<(round % 40) { set.insert(UInt8.random(in: 0...255, using: &generator)) }
            if round % 7 == 0 { set.insert(range: 60...100) }
            let folded = set.caseFolded()
            for byte in UInt8(0)...UInt8(255) {
                let isLetter = (65...90).contains(byte) || (97...122).contains(byte)
                let expected = set.contains(byte) || (isLetter && set.contains(byte ^ 0x20))
                if folded.contains(byte) != expected { wrong.append("byte \(byte) of \(set.elements)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func singleByteIgnoringCase() {
        var wrong: [String] = []
        for a in UInt8(0)...UInt8(255) {
            #expect(ByteSet(a).singleByteIgnoringCase == a)
            for b in UInt8(0)...UInt8(255) where b != a {
                var set = ByteSet(a)
                set.insert(b)
                let isLetter = (65...90).contains(a) || (97...122).contains(a)
                let expected: UInt8? = isLetter && a ^ 0x20 == b ? min(a, b) : nil
                if set.singleByteIgnoringCase != expected { wrong.append("\(a) \(b)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(ByteSet.all.singleByteIgnoringCase == nil)
        #expect(ByteSet().singleByteIgnoringCase == nil)
    }

    @Test func programSizeIsBounded() throws {
        #expect(throws: RegexSyntaxError.self) { try LinearRegex("((a{1000}){1000})") }
        #expect(throws: RegexSyntaxError.self) { try LinearRegex("(a{100}){300}") }
        #expect(throws: RegexSyntaxError.self) { try LinearRegex("((a|b|c|d){60}){90}") }
        // Just under the bound: accepted, and the program is as large as predicted.
        #expect(try LinearRegex("(a{100}){199}").compiledSize == 19_901)
        let nested = try LinearRegex("^(a{10}){20}$")
        #expect(nested.matches(String(repeating: "a", count: 200)))
        #expect(!nested.matches(String(repeating: "a", count: 199)))
    }

    /// The size is checked from the syntax tree when a pattern is parsed (the program is
    /// built at its first search): the prediction must be exactly what the compiler emits.
    @Test func predictedSizeIsTheCompiledSize() throws {
        var patterns = [
            "", "a", "abc", "a|b", "a|b|c|", "(a|bc)*d", "a?", "a{3}", "a{2,5}", "(ab){0,3}c", "(a|b){2,}", "x*?y+?",
            "^a$", "\\bfoo\\b", "(?i)rm\\s+-rf", "[a-z]{1,4}(\\.[a-z]{1,4}){0,3}", "((a|)|(b|))*", "(a{0}b){2}", "(){5}",
        ]
        for file in ["default", "ci-strict", "lexecon-compat"] {
            let policy = try Policy.load(path: Fixtures.packageRoot + "/Policies/\(file).yaml")
            for rule in policy.evaluator.document.rules {
                for clause in rule.match + rule.unless {
                    for source in [clause.regex?.pattern, clause.argsRegex?.pattern].compactMap({ $0 }) { patterns.append(source) }
                }
            }
        }
        #expect(patterns.count >= 40)
        for pattern in patterns {
            let node = try RegexParser.parse(pattern)
            #expect(LinearRegex.programSize(node) == (try LinearRegex(node: node)).compiledSize, "\(pattern)")
        }
    }

    @Test func globs() throws {
        #expect(try Glob("rm").matches("rm"))
        #expect(try !Glob("rm").matches("rmdir"))
        #expect(try Glob("mkfs.*").matches("mkfs.ext4"))
        #expect(try Glob("*.pem").matches("key.pem"))
        #expect(try Glob("*DROP*").matches("x DROP y"))
        #expect(try Glob("python3.[0-9]*").matches("python3.12"))
        #expect(try Glob("{ns,namespace}").matches("namespace"))
        #expect(try !Glob("{ns,namespace}").matches("nsx"))
        #expect(try Glob("[!a]b").matches("cb"))
        #expect(try Glob("\\*").matches("*"))
        #expect(try !Glob("\\*").matches("x"))
        #expect(try Glob("/etc/*", pathMode: true).matches("/etc/passwd"))
        #expect(try !Glob("/etc/*", pathMode: true).matches("/etc/ssh/sshd_config"))
        #expect(try Glob("/etc/**", pathMode: true).matches("/etc/ssh/sshd_config"))
        #expect(try Glob("/etc/**", pathMode: true).matches("/etc"))
        #expect(try Glob("**/.ssh/authorized_keys*", pathMode: true).matches("/home/u/.ssh/authorized_keys2"))
        // Globs compiled to the NFA check their literal prefix, then the regex prefilter's
        // literals: matches and near misses on both sides of each check.
        let autostart = try Glob("**/.config/autostart/**", pathMode: true)
        #expect(autostart.matches("/home/u/.config/autostart/x.desktop"))
        #expect(autostart.matches(".config/autostart"))
        #expect(!autostart.matches("/home/u/.config/autostar/x"))
        #expect(!autostart.matches("/home/u/.CONFIG/autostart/x"))  // the prefilter folds case; the NFA does not
        let temporary = try Glob("/tmp/?*/**", pathMode: true)
        #expect(temporary.matches("/tmp/a/b/c"))
        #expect(temporary.matches("/tmp/abc"))
        #expect(!temporary.matches("/tmp/"))
        #expect(!temporary.matches("/var/tmp/a"))
        #expect(!temporary.matches("/tm/a"))
        #expect(try Glob(".audit/**", pathMode: true).matches(".audit"))
        #expect(try Glob(".audit/**", pathMode: true).matches(".audit/ledger.jsonl.lock"))
        #expect(try !Glob(".audit/**", pathMode: true).matches(".auditx"))
        #expect(try Glob("a/**/b", pathMode: true).matches("a/b"))
        #expect(try Glob("a/**/b", pathMode: true).matches("a/x/y/b"))
        #expect(throws: RegexSyntaxError.self) { try Glob("{a,b") }
        #expect(throws: RegexSyntaxError.self) { try Glob("[ab") }
    }
}
