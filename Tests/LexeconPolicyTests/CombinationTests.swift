import Testing
@testable import LexeconPolicy
import LexeconShell

/// BLOCK > ESCALATE > ALLOW across rules and sub-commands; order never matters.
@Suite struct CombinationTests {
    typealias F = Fixtures

    static let rules: [String] = [
        "  - {id: allow-rm, decision: ALLOW, reason: rm is fine, match: {program: rm}}",
        "  - {id: block-root, decision: BLOCK, reason: wipes root, match: {effects: {kind: delete, classes: [root]}}}",
        "  - {id: esc-rec, decision: ESCALATE, reason: recursive, match: {program: rm, flags: [-r]}}",
        "  - {id: allow-ls, decision: ALLOW, reason: listing, match: {program: ls}}",
        "  - {id: esc-sudo, decision: ESCALATE, reason: privileged, match: {privileged: true}}",
        "  - {id: block-too, decision: BLOCK, reason: also wipes root, match: {program: rm, operands: {classes: [root]}}}",
    ]

    func policy(_ order: [Int]) throws -> Policy {
        try F.policy("version: 1\ndefault: ESCALATE\nrules:\n" + order.map { Self.rules[$0] }.joined(separator: "\n") + "\n")
    }

    @Test func severityWins() throws {
        let p = try policy(Array(0..<Self.rules.count))
        let decision = F.decide(p, [F.simple("ls"), F.rm("/", .root, via: ["bash -c", "sudo"], privileged: true)])
        #expect(decision.verdict == .block)
        #expect(decision.rule == "block-root")
        #expect(decision.reason == "rm -r -f / (via bash -c, via sudo): wipes root")
        #expect(F.decide(p, [F.simple("ls")]).verdict == .allow)
        #expect(F.decide(p, [F.simple("ls"), F.simple("unknown")]).verdict == .escalate)
        #expect(F.decide(p, [F.simple("ls"), F.simple("unknown")]).rule == "default")
        #expect(F.decide(p, [F.rm("/home/dev/project/b", .insideWorkspace)]).rule == "esc-rec")
    }

    @Test func ruleAndCommandOrderDoNotChangeTheVerdict() throws {
        let commands = [F.simple("ls"), F.rm("/", .root), F.simple("unknown"), F.rm("/home/dev/project/x", .insideWorkspace)]
        var generator = SplitMix(seed: 42)
        let reference = F.decide(try policy(Array(0..<Self.rules.count)), commands)
        for _ in 0..<50 {
            let order = Array(0..<Self.rules.count).shuffled(using: &generator)
            let p = try policy(order)
            #expect(F.decide(p, commands) == PolicyDecision(verdict: reference.verdict, rule: reference.rule, reason: reference.reason,
                                                             policyName: p.name, policySHA256: p.sha256))
            #expect(F.decide(p, commands.shuffled(using: &generator)).verdict == .block)
        }
    }

    @Test func pseudoRules() throws {
        let p = try F.policy("version: 1\non_dynamic: BLOCK\nrules:\n  - {id: allow-py, decision: ALLOW, reason: ok, match: {program: python3}}\n")
        let opaque = F.decide(p, [F.simple("python3", ["-c", "x"], opaque: OpaqueReason(kind: .interpreterCode, detail: "python3 -c code"))])
        #expect(opaque.verdict == .block)
        #expect(opaque.rule == "on_dynamic")
        let dynamic = F.decide(p, [F.simple("$X", dynamic: true)])
        #expect(dynamic.rule == "on_dynamic")
        let depth = F.decide(p, [F.simple("sh", opaque: OpaqueReason(kind: .depthLimit, detail: "17 levels"))])
        #expect(depth.verdict == .block)
        #expect(depth.rule == "limits")
        let parse = p.evaluate(analysis: ShellAnalysis(commands: [], parseError: ShellParseError(line: 1, column: 4, message: "unexpected ')'")),
                               request: F.request("ls )"))
        #expect(parse.verdict == .block)
        #expect(parse.rule == "on_parse_error")
        #expect(parse.reason.contains("1:4: unexpected ')'"))
        #expect(F.decide(p, []).rule == "no_command")
        #expect(F.decide(p, []).verdict == .allow)
    }

    @Test func protectedPathsBlockWritesButNotReads() throws {
        let p = try F.policy("version: 1\ndefault: ALLOW\nrules: []\n")
        var command = F.rm("/home/dev/project/.audit", .insideWorkspace)
        let decision = F.decide(p, [command])
        #expect(decision.verdict == .block)
        #expect(decision.rule == "protected_paths")
        command = F.simple("cat")
        command.effects = [PathEffect(kind: .read, path: F.path("/home/dev/project/.audit/ledger.jsonl", .insideWorkspace))]
        #expect(F.decide(p, [command]).verdict == .allow)
        command.effects = [PathEffect(kind: .write, path: F.path("/home/dev/project/.lexecon/private_key.pem", .insideWorkspace))]
        #expect(F.decide(p, [command]).rule == "protected_paths")
        // Classified as protected by the analyzer (e.g. from the request's extra globs).
        command.effects = [PathEffect(kind: .move, path: F.path("/var/lib/ledger", .protected, .system))]
        #expect(F.decide(p, [command]).rule == "protected_paths")
        // Extra globs from the request.
        var request = F.request()
        request.extraProtectedPaths = ["/srv/ledger/**"]
        command.effects = [PathEffect(kind: .delete, path: F.path("/srv/ledger/x.jsonl", .system))]
        #expect(p.evaluate(analysis: ShellAnalysis(commands: [command]), request: request).rule == "protected_paths")
    }

    @Test func deletingAnAncestorOfAProtectedPathIsBlocked() throws {
        let p = try F.policy("version: 1\ndefault: ALLOW\nrules: []\n")
        #expect(F.decide(p, [F.rm("/home/dev/project", .insideWorkspace, .workspaceRoot)]).rule == "protected_paths")
        #expect(F.decide(p, [F.rm("/home/dev", .home)]).rule == "protected_paths")
        #expect(F.decide(p, [F.rm("/home/dev/project/.audit/old", .insideWorkspace)]).rule == "protected_paths")
        #expect(F.decide(p, [F.rm("/home/dev/project/build", .insideWorkspace)]).verdict == .allow)
        #expect(F.decide(p, [F.rm("/home/dev/project2", .outsideWorkspace)]).verdict == .allow)
        #expect(F.decide(p, [F.rm("/x", PathClass(rawValue: "contains_protected"))]).rule == "protected_paths")
    }

    @Test func evaluationIsDeterministic() throws {
        let p = try policy(Array(0..<Self.rules.count))
        let commands = [F.rm("/", .root), F.simple("ls")]
        let first = F.decide(p, commands)
        for _ in 0..<20 { #expect(F.decide(p, commands) == first) }
    }

    @Test func limitsAndBadContextBlock() throws {
        let p = try F.policy("version: 1\ndefault: ALLOW\nrules: []\n")
        let big = String(repeating: "a", count: Policy.maxCommandBytes + 1)
        let decision = p.evaluate(PolicyRequest(command: .shell(big), cwd: "/w"))
        #expect(decision.verdict == .block)
        #expect(decision.rule == "limits")
        let relative = p.evaluate(PolicyRequest(command: .shell("ls"), cwd: "relative"))
        #expect(relative.verdict == .block)
        #expect(relative.rule == "internal_error")
    }
}

/// A small deterministic generator for shuffles and fuzzing.
struct SplitMix: RandomNumberGenerator {
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
