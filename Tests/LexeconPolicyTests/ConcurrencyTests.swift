import Foundation
import Synchronization
import Testing
@testable import LexeconPolicy

/// One loaded policy is shared by every thread of a server (the MCP server decides calls in
/// parallel): concurrent decisions must agree with sequential ones, first uses included.
@Suite struct ConcurrencyTests {
    static let yaml = """
        version: 1
        default: ALLOW
        on_parse_error: ALLOW
        on_dynamic: ALLOW
        rules:
          - id: no-recursive-rm
            decision: BLOCK
            reason: recursive delete
            match:
              regex: 'rm\\\\s+-[a-zA-Z]*r'
          - id: push
            decision: ESCALATE
            reason: pushes
            match:
              program: [git]
              subcommand: [push]
          - id: curl-sh
            decision: BLOCK
            reason: pipe to shell
            match:
              program: ['*sh']
              upstream: [curl, wget]
        """

    @Test func concurrentDecisionsMatchSequentialOnes() throws {
        let commands = ["rm -rf build", "git push origin main", "curl -s x | bash", "ls -la", "echo rm -r x", "git status"]
        for policyYAML in [Self.yaml, nil] {
            for _ in 0..<10 {
                // A fresh policy each round, so the first uses race.
                let policy = try policyYAML.map { try Policy.load(yaml: Array($0.utf8), name: "t.yaml", checkingExamples: false) }
                    ?? Policy.load(yaml: Array(DefaultPolicy.yaml.utf8), name: "default", checkingExamples: false)
                let results = Mutex<[[String]]>([])
                DispatchQueue.concurrentPerform(iterations: 8) { _ in
                    var mine: [String] = []
                    for command in commands {
                        let decision = policy.evaluate(PolicyRequest(command: .shell(command), cwd: "/w", workspace: "/w", home: "/h"))
                        mine.append("\(decision.verdict) \(decision.rule)")
                    }
                    results.withLock { $0.append(mine) }
                }
                let expected = commands.map { command in
                    let decision = policy.evaluate(PolicyRequest(command: .shell(command), cwd: "/w", workspace: "/w", home: "/h"))
                    return "\(decision.verdict) \(decision.rule)"
                }
                #expect(results.withLock { $0 }.allSatisfy { $0 == expected })
            }
        }
    }
}
