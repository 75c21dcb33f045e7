import Foundation
import Synchronization
import Testing
@testable import LexeconPolicy

/// The literal prefilter in front of the regex NFA: which literals it derives, and that it
/// never changes a match result (every policy pattern, over the corpus and mutated texts).
@Suite struct PrefilterTests {
    func literals(_ pattern: String) throws -> [String]? {
        try LinearRegex(pattern).requiredLiterals
    }

    @Test func derivesTheLiteralsEveryMatchNeeds() throws {
        #expect(try literals("\\b(curl|wget)\\b.*\\|\\s*sh") == ["curl", "wget"])
        #expect(try literals("(?i)DROP\\s+TABLE") == ["table"])
        #expect(try literals("rm\\s+-rf") == ["-rf"])
        #expect(try literals("colou?r") == ["color", "colour"])
        #expect(try literals("(foo|bar)+baz") == ["baz"])
        #expect(try literals("/dev/(tcp|udp)/[^/\\s]+/\\d+") == ["/dev/tcp/", "/dev/udp/"])
        #expect(try literals("[Ff]ork") == ["fork"])
    }

    @Test(arguments: ["", "a*", ".*", "x?", "(a|)", "\\d+", "[a-z]+", "(?s).", "^", "a|b*", "\\bx?\\b"])
    func noFilterWhenAMatchNeedsNoLiteral(_ pattern: String) throws {
        #expect(try literals(pattern) == nil, "\(pattern)")
    }

    @Test func literalsAreFoundCaseInsensitivelyAndAnywhere() throws {
        let regex = try LinearRegex("(?i)drop\\s+table")
        #expect(regex.matches("psql -c 'DROP   TABLE users'"))
        #expect(regex.matches("DROP TABLE"))
        #expect(!regex.matches("DROP TABL"))
        let cased = try LinearRegex("Fork")
        #expect(cased.matches("a Fork"))
        #expect(!cased.matches("a fork"))  // the filter passes it; the NFA keeps case
    }

    /// Every regex of the shipped policies gives the same answer with and without the
    /// prefilter, over the corpus commands, the rules' examples and mutations of both.
    @Test func neverChangesAResult() throws {
        var regexes: [LinearRegex] = []
        for file in ["default", "ci-strict", "lexecon-compat"] {
            let policy = try Policy.load(path: Fixtures.packageRoot + "/Policies/\(file).yaml")
            for rule in policy.evaluator.document.rules {
                for clause in rule.match + rule.unless {
                    if let regex = clause.regex { regexes.append(regex) }
                    if let regex = clause.argsRegex { regexes.append(regex) }
                }
            }
        }
        #expect(regexes.count >= 30)
        #expect(regexes.filter { $0.requiredLiterals != nil }.count >= regexes.count / 2)

        var texts: [String] = []
        for name in ["destructive", "everyday"] { texts += try CorpusTests.load(name).map(\.command) }
        let policy = Policy.builtinDefault()
        for rule in policy.evaluator.document.rules { texts += (rule.mustMatch + rule.mustNotMatch).map(\.command) }
        var generator = SystemRandomNumberGenerator()
        var mutated: [String] = []
        for text in texts {
            mutated.append(text.uppercased())
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { continue }
            for _ in 0..<2 {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 32...126, using: &generator)
            }
            mutated.append(String(decoding: bytes, as: UTF8.self))
            let cut = Int.random(in: 0..<bytes.count, using: &generator)
            mutated.append(String(decoding: bytes[cut...], as: UTF8.self))
        }
        texts += mutated
        var matched = 0
        for regex in regexes {
            for var text in texts {
                let (filtered, plain) = text.withUTF8 { (regex.matches(bytes: $0), regex.simulate($0)) }
                #expect(filtered == plain, "\(text)")
                // The byte-presence check in front of the scan (used per request) agrees too.
                #expect(regex.matches(text, present: ByteSet.lowercasedContents(of: text)) == plain, "\(text)")
                if plain { matched += 1 }
            }
        }
        #expect(matched > 500)  // the comparison covers texts that do match
    }

    /// A text that lacks a byte of every literal is rejected from its byte set alone;
    /// one that has them all goes on to the scan and the NFA.
    @Test func bytePresenceRejectsOnlyTextsMissingEveryLiteral() throws {
        let regex = try LinearRegex("(?i)\\b(curl|wget)\\b.*\\|\\s*sh")
        #expect(!regex.matches("git status | sh", present: ByteSet.lowercasedContents(of: "git status | sh")))
        #expect(regex.matches("CURL x | sh", present: ByteSet.lowercasedContents(of: "CURL x | sh")))
        // The bytes of `curl` are all there, but not the word: the scan still decides.
        #expect(!regex.matches("lurc | sh", present: ByteSet.lowercasedContents(of: "lurc | sh")))
        #expect(ByteSet.lowercasedContents(of: "AbC").isSubset(of: ByteSet.lowercasedContents(of: "cba")))
        #expect(!ByteSet.lowercasedContents(of: "abcz").isSubset(of: ByteSet.lowercasedContents(of: "cba")))
    }

    /// The prefilter is derived on first use; threads racing to be first all get the same,
    /// correct answers.
    @Test func firstUseFromManyThreadsAgrees() throws {
        for _ in 0..<20 {
            let regex = try LinearRegex("(?i)\\b(curl|wget)\\b.*\\|\\s*(ba)?sh")
            let texts = ["curl -s x | sh", "ls -la", "WGET y |bash", "echo curl", "wget z | python"]
            let expected = [true, false, true, false, false]
            let answers = Mutex<[[Bool]]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let mine = texts.map { regex.matches($0) }
                answers.withLock { $0.append(mine) }
            }
            #expect(answers.withLock { $0 }.allSatisfy { $0 == expected })
            #expect(regex.requiredLiterals == ["curl", "wget"])
        }
    }
}
