import Foundation
import LexeconCrypto
import Testing

/// `lexecon policy lint|test|hash` end to end.
@Suite(.serialized) struct PolicyCommandTests {
    static let good = """
    version: 1
    default: ESCALATE
    rules:
      - id: no-fork-bomb
        decision: BLOCK
        reason: fork bomb
        match: {regex: ':\\(\\)\\s*\\{'}
        examples:
          match: [":(){ :|:& };:"]
          no_match: ["ls"]

    """

    func write(_ text: String, name: String) throws -> String {
        let path = try CLIRunner.temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func lintAcceptsTheShippedPolicies() throws {
        for name in ["default.yaml", "ci-strict.yaml", "lexecon-compat.yaml"] {
            let result = try CLIRunner.run(["policy", "lint", CLIRunner.packageRoot + "/Policies/" + name])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains(": OK ("))
        }
    }

    @Test func lintReportsLocatedErrors() throws {
        let path = try write("version: 1\nrules:\n  - id: a\n    decision: NOPE\n    reason: r\n    match: {program: ls}\n", name: "bad.yaml")
        let result = try CLIRunner.run(["policy", "lint", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path):4:15: decision must be ALLOW, BLOCK or ESCALATE, not 'NOPE'"))
    }

    @Test func lintReportsEveryFailingExample() throws {
        let bad = Self.good.replacingOccurrences(of: "no_match: [\"ls\"]", with: "no_match: [\":(){ :|:& };:\", \"f(){ x; }\"]")
            .replacingOccurrences(of: "  match: [\":(){ :|:& };:\"]", with: "  match: [\"ls\"]")
        let path = try write(bad, name: "examples.yaml")
        let result = try CLIRunner.run(["policy", "lint", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("should match example 'ls' but does not"), "\(result.stderr)")
        #expect(result.stderr.contains("should not match example ':(){ :|:& };:' but does"), "\(result.stderr)")
    }

    @Test func testRunsExamplesAndCases() throws {
        let policy = try write(Self.good, name: "p.yaml")
        let cases = try write("""
        cases:
          - {command: ":(){ :|:& };:", expect: BLOCK, rule: no-fork-bomb}
          - {command: "ls", expect: ALLOW}
          - {argv: [echo, hi], expect: ESCALATE}

        """, name: "cases.yaml")
        let result = try CLIRunner.run(["policy", "test", policy, cases])
        #expect(result.status == 1)
        #expect(result.stdout.contains("PASS  example no-fork-bomb match: :(){ :|:& };:"))
        #expect(result.stdout.contains("PASS  :(){ :|:& };: → BLOCK (no-fork-bomb)"))
        #expect(result.stdout.contains("FAIL  \(cases):3:5: ls: expected ALLOW, got ESCALATE (default)"), "\(result.stdout)")
        #expect(result.stdout.contains("PASS  echo hi → ESCALATE (default)"))
        #expect(result.stdout.hasSuffix("4 passed, 1 failed\n"))
    }

    @Test func testOfShippedDefaultPasses() throws {
        let result = try CLIRunner.run(["policy", "test", "--quiet", CLIRunner.packageRoot + "/Policies/default.yaml"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix(" 0 failed\n"))
    }

    @Test func hashPrintsTheSHA256OfTheBytes() throws {
        let path = try write(Self.good, name: "h.yaml")
        let result = try CLIRunner.run(["policy", "hash", path])
        #expect(result.status == 0)
        #expect(result.stdout == SHA256.hex(Array(Self.good.utf8)) + "\n")
        let check = try CLIRunner.run(["check", "--policy", path, "--format", "json", "ls"])
        #expect(check.stdout.contains(SHA256.hex(Array(Self.good.utf8))))
    }
}
