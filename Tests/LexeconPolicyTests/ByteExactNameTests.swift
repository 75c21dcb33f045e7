import Testing
@testable import LexeconPolicy

/// Program names and globs match byte for byte: a precomposed and a decomposed spelling
/// of the same text are different files, so a rule naming one must not decide the other.
@Suite struct ByteExactNameTests {
    static let precomposed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"

    static let yaml = """
        version: 1
        default: ALLOW
        rules:
          - id: block-precomposed
            decision: BLOCK
            reason: the precomposed program
            match:
              program: ["\(precomposed)"]
          - id: escalate-decomposed
            decision: ESCALATE
            reason: the decomposed program
            match:
              program: ["\(decomposed)", other]
          - id: glob-precomposed
            decision: ESCALATE
            reason: an argument spelled precomposed
            match:
              args: ["\(precomposed)*"]
        """

    @Test func namesAreDistinctAsSwiftStringsAreNot() {
        // The premise: Swift calls them equal, the bytes differ.
        #expect(Self.precomposed == Self.decomposed)
        #expect(ProgramName(Self.precomposed) != ProgramName(Self.decomposed))
        #expect(ProgramName(Self.precomposed) == ProgramName("caf\u{E9}"))
        #expect(Set([ProgramName(Self.precomposed), ProgramName(Self.decomposed)]).count == 2)
    }

    @Test func eachRuleDecidesOnlyItsOwnSpelling() throws {
        let policy = try Fixtures.policy(Self.yaml)
        func decide(_ command: String) -> PolicyDecision {
            policy.evaluate(PolicyRequest(command: .shell(command), cwd: Fixtures.workspace, workspace: Fixtures.workspace,
                                          home: Fixtures.home))
        }
        #expect(decide("\(Self.precomposed) x").rule == "block-precomposed")
        #expect(decide("\(Self.decomposed) x").rule == "escalate-decomposed")
        #expect(decide("other x").rule == "escalate-decomposed")
        #expect(decide("ls \(Self.precomposed).txt").rule == "glob-precomposed")
        #expect(decide("ls \(Self.decomposed).txt").rule == "default")
    }
}
