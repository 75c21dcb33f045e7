import Foundation
import Testing
@testable import LexeconPolicy

/// Random and mutated inputs never crash and always give a decision or a located error.
@Suite struct FuzzTests {
    static let tokens = [
        "rm", "-rf", "/", "~", "ls", "|", "||", "&&", ";", "&", "\n", "(", ")", "{", "}", "$(", "`", "'", "\"", "\\", "$X", "${X}",
        "X=1", "<", ">", ">>", "<<EOF", "EOF", "<<<", "2>&1", "sudo", "bash", "-c", "eval", "echo", "curl", "sh", "if", "then", "fi",
        "for", "in", "do", "done", "case", "esac", "[[", "]]", "!", "*", "?", "[a]", "{a,b}", "$'\\x41'", "#", "find", "-exec", "{}", "\\;",
        "xargs", "env", "-S", "base64", "-d", "dd", "of=/dev/sda", "git", "push", "--force", "while", "true", "function", "f()", "<(", ">(",
    ]

    @Test func randomScriptsAlwaysGetADecision() {
        var generator = SplitMix(seed: 7)
        let policy = Policy.builtinDefault()
        for _ in 0..<600 {
            let count = Int.random(in: 1...24, using: &generator)
            var script = ""
            for _ in 0..<count {
                script += Self.tokens.randomElement(using: &generator)!
                if Bool.random(using: &generator) { script += " " }
            }
            let decision = policy.evaluate(PolicyRequest(command: .shell(script), cwd: Fixtures.workspace, home: Fixtures.home))
            #expect(!decision.rule.isEmpty)
            #expect(!decision.reason.isEmpty)
            #expect(decision.policySHA256 == policy.sha256)
        }
    }

    @Test func randomBytesAlwaysGetADecision() {
        var generator = SplitMix(seed: 11)
        let policy = Policy.builtinDefault()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let script = String(decoding: bytes, as: UTF8.self)
            let decision = policy.evaluate(PolicyRequest(command: .argv([script, script]), cwd: Fixtures.workspace))
            #expect(!decision.rule.isEmpty)
            _ = policy.evaluate(PolicyRequest(command: .shell(script), cwd: Fixtures.workspace))
        }
    }

    @Test func hostileInputsFinishWithADecision() {
        let policy = Policy.builtinDefault()
        let inputs = [
            String(repeating: "a", count: 64 * 1024),
            String(repeating: "(", count: 32 * 1024) + String(repeating: ")", count: 32 * 1024),
            String(repeating: "$(", count: 20000),
            String(repeating: "echo a | ", count: 7000) + "cat",
            String(repeating: "bash -c '", count: 100) + "rm -rf /",
            "echo " + String(repeating: "'a'\"b\"\\c", count: 7000),
            String(repeating: "{a,b}", count: 10000),
            String(repeating: ":(){ :|:& };:", count: 5000),
        ]
        for input in inputs {
            let decision = policy.evaluate(PolicyRequest(command: .shell(input), cwd: Fixtures.workspace))
            #expect(!decision.rule.isEmpty)
        }
    }

    @Test func mutatedPoliciesFailWithALocatedErrorOrLoad() throws {
        let original = Array(DefaultPolicy.yaml.utf8)
        var generator = SplitMix(seed: 3)
        var failures = 0
        let lineCount = original.filter { $0 == 10 }.count + 1
        for round in 0..<160 {
            var bytes = original
            switch round % 4 {
            case 0:
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            case 2:
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.insert(contentsOf: Array(["&a ", "*a", "!!str ", ": x", "\n---\n", "\t", "- ", "{", "]"].randomElement(using: &generator)!.utf8), at: index)
            default:
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.remove(at: index)
            }
            do {
                _ = try Policy.load(yaml: bytes, name: "mutant.yaml", checkingExamples: false)
            } catch {
                failures += 1
                #expect(error.file == "mutant.yaml")
                #expect(error.line >= 1 && error.line <= lineCount + 1, "\(error)")
                #expect(error.column >= 1, "\(error)")
                #expect(error.description.hasPrefix("mutant.yaml:\(error.line):\(error.column): "))
            }
        }
        #expect(failures > 50)
    }
}
