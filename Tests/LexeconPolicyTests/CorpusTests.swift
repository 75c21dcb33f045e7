import Foundation
import Testing
@testable import LexeconPolicy

/// The default policy over the corpus: destructive commands must be stopped (BLOCK or
/// ESCALATE) at ≥ 99 %, everyday commands allowed at ≥ 97 %.
@Suite struct CorpusTests {
    struct Entry: Decodable {
        var category: String
        var command: String
        var cwd: String?
    }

    static func load(_ name: String) throws -> [Entry] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "jsonl", subdirectory: "Corpus") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }

    func decide(_ entry: Entry) -> PolicyDecision {
        Policy.builtinDefault().evaluate(PolicyRequest(
            command: .shell(entry.command), cwd: entry.cwd ?? Fixtures.workspace, workspace: Fixtures.workspace, home: Fixtures.home))
    }

    @Test func corpusIsLargeEnoughAndCoversEveryCategory() throws {
        let destructive = try Self.load("destructive")
        let everyday = try Self.load("everyday")
        #expect(destructive.count >= 250)
        #expect(everyday.count >= 150)
        #expect(destructive.count + everyday.count >= 400)
        let categories = Set(destructive.map(\.category))
        for required in ["fs-wipe", "disk", "permissions", "fork-bomb", "rce", "reverse-shell", "secrets", "git-history", "database",
                         "cloud-iac", "container-cluster", "process-power", "system-files", "persistence", "security-logs-history",
                         "packages", "accounts"] {
            #expect(categories.contains(required), "missing category \(required)")
        }
    }

    @Test func defaultPolicyRates() throws {
        let destructive = try Self.load("destructive")
        let everyday = try Self.load("everyday")
        var missed: [String] = []
        var stopped = 0
        for entry in destructive {
            let decision = decide(entry)
            if decision.verdict == .allow {
                missed.append("  ALLOWED [\(entry.category)] \(entry.command.debugDescription) — \(decision.rule): \(decision.reason)")
            } else {
                stopped += 1
            }
        }
        var allowed = 0
        var refused: [String] = []
        for entry in everyday {
            let decision = decide(entry)
            if decision.verdict == .allow {
                allowed += 1
            } else {
                refused.append("  \(decision.verdict.rawValue) \(entry.command.debugDescription) — \(decision.rule): \(decision.reason)")
            }
        }
        let stopRate = Double(stopped) / Double(destructive.count) * 100
        let allowRate = Double(allowed) / Double(everyday.count) * 100
        print("corpus: destructive stopped \(stopped)/\(destructive.count) = \(String(format: "%.1f", stopRate)) %")
        print("corpus: everyday allowed \(allowed)/\(everyday.count) = \(String(format: "%.1f", allowRate)) %")
        if !missed.isEmpty { print("destructive commands allowed:\n" + missed.joined(separator: "\n")) }
        if !refused.isEmpty { print("everyday commands not allowed:\n" + refused.joined(separator: "\n")) }
        #expect(stopRate >= 99.0, "destructive stopped \(stopRate) %")
        #expect(allowRate >= 97.0, "everyday allowed \(allowRate) %")
    }
}
