import Testing
@testable import LexeconPolicy

/// Every kind of YAML or schema mistake fails to load with a located, matchable error.
@Suite struct YAMLStrictnessTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var yaml: String
        var code: PolicyError.Code
        var line: Int
        var column: Int
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "syntax", yaml: "version: 1\nrules: [\n", code: .yamlSyntax, line: 3, column: 1),
        Case(name: "bad indentation", yaml: "version: 1\n  name: x\nrules: []\n", code: .yamlSyntax, line: 2, column: 7),
        Case(name: "anchor", yaml: "version: 1\nname: &n x\nrules: []\n", code: .anchorOrAlias, line: 2, column: 7),
        Case(name: "alias", yaml: "version: 1\nrules: []\nname: *n\n", code: .anchorOrAlias, line: 3, column: 7),
        Case(name: "tag", yaml: "version: 1\nname: !!str x\nrules: []\n", code: .tag, line: 2, column: 7),
        Case(name: "custom tag", yaml: "version: 1\nrules: !custom []\n", code: .tag, line: 2, column: 8),
        Case(name: "two documents", yaml: "version: 1\nrules: []\n---\nversion: 1\n", code: .documentCount, line: 3, column: 1),
        Case(name: "empty", yaml: "", code: .documentCount, line: 1, column: 1),
        Case(name: "duplicate key", yaml: "version: 1\nrules: []\nversion: 1\n", code: .duplicateKey, line: 3, column: 1),
        Case(name: "mapping key", yaml: "version: 1\n? [a]\n: b\nrules: []\n", code: .nonStringKey, line: 2, column: 3),
        Case(name: "null key", yaml: "version: 1\n~: x\nrules: []\n", code: .nonStringKey, line: 2, column: 1),
        Case(name: "unknown top key", yaml: "version: 1\nrulez: []\n", code: .unknownKey, line: 2, column: 1),
        Case(name: "missing version", yaml: "rules: []\n", code: .missingKey, line: 1, column: 1),
        Case(name: "bad version", yaml: "version: 2\nrules: []\n", code: .invalidValue, line: 1, column: 10),
        Case(name: "missing rules", yaml: "version: 1\n", code: .missingKey, line: 1, column: 1),
        Case(name: "rules not a list", yaml: "version: 1\nrules: {}\n", code: .invalidValue, line: 2, column: 8),
        Case(name: "unknown default", yaml: "version: 1\ndefault: DENY\nrules: []\n", code: .unknownDecision, line: 2, column: 10),
        Case(name: "unknown decision", yaml: "version: 1\nrules:\n  - id: a\n    decision: maybe\n    reason: r\n    match: {program: ls}\n", code: .unknownDecision, line: 4, column: 15),
        Case(name: "missing id", yaml: "version: 1\nrules:\n  - decision: BLOCK\n    reason: r\n    match: {program: ls}\n", code: .missingKey, line: 3, column: 5),
        Case(name: "missing reason", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    match: {program: ls}\n", code: .missingKey, line: 3, column: 5),
        Case(name: "duplicate rule id", yaml: "version: 1\nrules:\n  - {id: a, decision: BLOCK, reason: r, match: {program: ls}}\n  - {id: a, decision: BLOCK, reason: r, match: {program: cat}}\n", code: .duplicateRuleID, line: 4, column: 5),
        Case(name: "reserved rule id", yaml: "version: 1\nrules:\n  - {id: default, decision: BLOCK, reason: r, match: {program: ls}}\n", code: .invalidValue, line: 3, column: 10),
        Case(name: "unknown rule key", yaml: "version: 1\nrules:\n  - {id: a, decision: BLOCK, reason: r, match: {program: ls}, when: x}\n", code: .unknownKey, line: 3, column: 63),
        Case(name: "unknown condition", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {programme: ls}\n", code: .unknownKey, line: 6, column: 13),
        Case(name: "wrong type", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {program: {a: b}}\n", code: .invalidValue, line: 6, column: 22),
        Case(name: "bool type", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {privileged: yes}\n", code: .invalidValue, line: 6, column: 25),
        Case(name: "bad path class", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {operands: {classes: [rooot]}}\n", code: .invalidValue, line: 6, column: 34),
        Case(name: "bad glob", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {program: \"[ab\"}\n", code: .invalidGlob, line: 6, column: 22),
        Case(name: "bad regex", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {regex: \"(ab\"}\n", code: .invalidRegex, line: 6, column: 20),
        Case(name: "backreference", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {regex: '(a)\\1'}\n", code: .invalidRegex, line: 6, column: 20),
        Case(name: "lookahead", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {regex: 'a(?=b)'}\n", code: .invalidRegex, line: 6, column: 20),
        Case(name: "lookbehind", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {args_regex: '(?<!x)y'}\n", code: .invalidRegex, line: 6, column: 25),
        Case(name: "empty match", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {}\n", code: .invalidValue, line: 6, column: 12),
        Case(name: "bad example shape", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {program: ls}\n    examples: {match: [[ls]]}\n", code: .invalidValue, line: 7, column: 24),
        Case(name: "unknown example key", yaml: "version: 1\nrules:\n  - id: a\n    decision: BLOCK\n    reason: r\n    match: {program: ls}\n    examples: {block: [ls]}\n", code: .unknownKey, line: 7, column: 16),
        Case(name: "protected path with ..", yaml: "version: 1\nprotected_paths: [../x]\nrules: []\n", code: .invalidGlob, line: 2, column: 19),
        Case(name: "repeat too large", yaml: "version: 1\nrules:\n  - {id: a, decision: BLOCK, reason: r, match: {regex: 'a{5000}'}}\n", code: .invalidRegex, line: 3, column: 56),
        Case(name: "program too large", yaml: "version: 1\nrules:\n  - {id: a, decision: BLOCK, reason: r, match: {regex: '(a{100}){300}'}}\n", code: .invalidRegex, line: 3, column: 56),
        Case(name: "glob program too large", yaml: "version: 1\nrules:\n  - {id: a, decision: BLOCK, reason: r, match: {args: ['\(String(repeating: "?", count: 20_001))']}}\n", code: .invalidGlob, line: 3, column: 56),
    ]

    @Test(arguments: cases)
    func rejectsWithLocation(_ testCase: Case) {
        guard let error = Fixtures.loadError(testCase.yaml) else {
            Issue.record("\(testCase.name): loaded but should not")
            return
        }
        #expect(error.code == testCase.code, "\(testCase.name): \(error)")
        #expect(error.line == testCase.line, "\(testCase.name): \(error)")
        #expect(error.column == testCase.column, "\(testCase.name): \(error)")
        #expect(error.file == "bad.yaml")
        #expect(error.description.hasPrefix("bad.yaml:\(error.line):\(error.column): "))
    }

    /// Small mappings are checked by a scan and large ones by a dictionary: a duplicate is
    /// found, with the first occurrence's line, wherever it falls.
    @Test(arguments: [(5, 2), (15, 3), (16, 3), (17, 16), (40, 0), (40, 39), (200, 150)])
    func duplicateKeysInMappingsOfAnySize(keys: Int, duplicate: Int) {
        var yaml = "version: 1\nrules: []\nextra:\n"
        for index in 0..<keys { yaml += "  k\(index): x\n" }
        yaml += "  k\(duplicate): y\n"
        let error = Fixtures.loadError(yaml)
        #expect(error?.code == .duplicateKey, "\(String(describing: error))")
        #expect(error?.line == 4 + keys)
        #expect(error?.message.contains("first at line \(4 + duplicate)") == true, "\(String(describing: error))")
        // The same mapping without the duplicate reads (and fails only on the unknown key).
        let clean = yaml.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        #expect(Fixtures.loadError(clean)?.code == .unknownKey)
    }

    @Test func billionLaughsIsRejectedAtTheFirstAnchor() {
        let yaml = "version: 1\na: &a [x, x]\nb: &b [*a, *a]\nrules: []\n"
        #expect(Fixtures.loadError(yaml)?.code == .anchorOrAlias)
    }

    @Test func deepNestingIsRejected() {
        let yaml = "version: 1\nrules: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        #expect(Fixtures.loadError(yaml)?.code == .tooLarge)
    }

    @Test func minimalPolicyLoadsWithDefaults() throws {
        let policy = try Fixtures.policy("version: 1\nrules: []\n")
        #expect(policy.evaluator.document.defaultVerdict == .escalate)
        #expect(policy.evaluator.document.onParseError == .block)
        #expect(policy.evaluator.document.onDynamic == .escalate)
        #expect(policy.evaluator.document.protectedPaths.map(\.pattern) == [".audit/**", ".lexecon/**"])
        #expect(policy.sha256.count == 64)
    }

    @Test func hashIsSHA256OfTheBytes() throws {
        let policy = try Fixtures.policy("version: 1\nrules: []\n")
        // printf 'version: 1\nrules: []\n' | sha256sum
        #expect(policy.sha256 == "7f2c43106364d8112fcc3060e4ab8b20f5d1a17d9cbf3c2540529663004adff8")
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: PolicyError.self) { try Policy.load(path: "/nonexistent/policy.yaml") }
        do { _ = try Policy.load(path: "/nonexistent/policy.yaml") } catch {
            #expect(error.code == .io)
            #expect(error.description.hasPrefix("/nonexistent/policy.yaml:1:1: cannot open"))
        }
    }
}
