import Foundation
import Testing
@testable import LexeconPolicy

/// The built-in policy is compiled in as a binary snapshot of its YAML tree: the snapshot
/// must be exactly the tree of `Policies/default.yaml`, and a damaged snapshot must read as
/// nothing (the YAML is then parsed instead), never as a different tree.
@Suite struct SnapshotTests {
    static let generatedFile = Fixtures.packageRoot + "/Sources/LexeconPolicy/DefaultPolicySnapshot.swift"

    /// The Swift source of `DefaultPolicySnapshot.swift` for the current default.yaml.
    static func generatedSource() throws -> String {
        let yaml = Array(DefaultPolicy.yaml.utf8)
        let tree = try YAMLReader(file: "default.yaml").read(yaml)
        let sha256 = try Policy.load(yaml: yaml, name: "default.yaml", checkingExamples: false).sha256
        return """
            // The built-in default policy's YAML tree, compiled. Generated from Policies/default.yaml by
            // Policies/embed-default.sh; SnapshotTests checks that it is exactly that file's tree.
            enum DefaultPolicySnapshot {
                /// SHA-256 of Policies/default.yaml, recorded with every decision of the built-in policy.
                static let sha256 = "\(sha256)"
                /// ``YAMLSnapshot`` bytes, base64.
                static let base64 = \"\"\"
            \(YAMLSnapshot.base64Lines(YAMLSnapshot.encode(tree)))
            \"\"\"
            }

            """
    }

    /// `LEXECON_WRITE_SNAPSHOT=1` rewrites the file (what `Policies/embed-default.sh` does).
    @Test func committedSnapshotIsTheDefaultYAMLTree() throws {
        let source = try Self.generatedSource()
        if ProcessInfo.processInfo.environment["LEXECON_WRITE_SNAPSHOT"] == "1" {
            try source.write(toFile: Self.generatedFile, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.generatedFile, encoding: .utf8)
        #expect(committed == source, "run Policies/embed-default.sh after editing Policies/default.yaml")

        let yaml = Array(DefaultPolicy.yaml.utf8)
        let tree = try YAMLReader(file: "default.yaml").read(yaml)
        let readBack = YAMLSnapshot.decode(base64: DefaultPolicySnapshot.base64)
        #expect(readBack != nil && readBack == tree, "the compiled snapshot is not default.yaml's tree")
        #expect(DefaultPolicySnapshot.sha256 == (try Policy.load(yaml: yaml, name: "d", checkingExamples: false)).sha256)
    }

    /// The built-in policy (read from the snapshot) decides like default.yaml read as YAML.
    @Test func builtinDecidesLikeTheYAML() throws {
        let fromYAML = try Policy.load(yaml: Array(DefaultPolicy.yaml.utf8), name: "builtin:default", checkingExamples: false)
        let builtin = Policy.builtinDefault()
        #expect(builtin.name == "builtin:default")
        #expect(builtin.sha256 == fromYAML.sha256)
        #expect(builtin.ruleCount == fromYAML.ruleCount)
        var commands: [String] = []
        for name in ["destructive", "everyday"] { commands += try CorpusTests.load(name).map(\.command) }
        for rule in fromYAML.evaluator.document.rules { commands += (rule.mustMatch + rule.mustNotMatch).map(\.command) }
        #expect(commands.count > 800)
        for command in commands {
            let request = PolicyRequest(command: .shell(command), cwd: "/home/dev/project", home: "/home/dev")
            let (a, b) = (builtin.evaluate(request), fromYAML.evaluate(request))
            #expect(a.verdict == b.verdict && a.rule == b.rule && a.reason == b.reason, "\(command)")
        }
        let failing = builtin.exampleResults().filter { !$0.passed }
        #expect(failing.isEmpty, "\(failing.prefix(3))")
    }

    /// Every shipped policy's tree survives encoding; so do trees of mutated policies.
    @Test func encodingRoundTrips() throws {
        for file in ["default", "ci-strict", "lexecon-compat"] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.packageRoot + "/Policies/\(file).yaml")))
            let tree = try YAMLReader(file: file).read(bytes)
            let same = YAMLSnapshot.decode(YAMLSnapshot.encode(tree)) == tree
            #expect(same, "\(file)")
        }
        let odd = "version: 1\nrules: []\n\"ключ\": ['', \"\\u0000x\", '\(String(repeating: "z", count: 300))']\ne: {}\nf: []\n"
        let tree = try YAMLReader(file: "odd").read(Array(odd.utf8))
        #expect(YAMLSnapshot.decode(YAMLSnapshot.encode(tree)) == tree)
    }

    /// The snapshot's base64 decoding agrees with Foundation's on what Foundation writes,
    /// and is stricter where Foundation is lenient.
    @Test func base64DecodingAgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Data(bytes).base64EncodedString()
            #expect(YAMLSnapshot.decodeBase64(Array(text.utf8)) == bytes, "length \(length)")
            let lines = YAMLSnapshot.base64Lines(bytes)
            #expect(lines.split(separator: "\n").joined() == text)
            #expect(lines.split(separator: "\n").allSatisfy { $0.utf8.count <= 100 })
        }
        for text in ["A", "AB", "ABC", "A===", "=AAA", "AAAA=AAA", "AA==AAAA", "AB-_", "AB\u{0}A", "AAA~", "AA=="] {
            let ours = YAMLSnapshot.decodeBase64(Array(text.utf8))
            let foundation = Data(base64Encoded: text).map { Array($0) }
            #expect(ours == foundation, "\(text)")
        }
        // Stricter than Foundation, which reads "AB=C" as [0, 2] and "ABC=" and "AB==" (non-zero
        // leftover bits) as [0, 16] and [0]: padding only at the end, one encoding per byte string.
        for text in ["AB=C", "ABC=", "AB=="] {
            #expect(Data(base64Encoded: text) != nil)
            #expect(YAMLSnapshot.decodeBase64(Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// Truncations, trailing bytes, bad magic, unknown kinds, oversized counts and lengths,
    /// and nesting past the reader's limit all read as nil.
    @Test func damagedSnapshotsReadAsNothing() throws {
        let tree = try YAMLReader(file: "t").read(Array("version: 1\nrules: [{id: a, match: {program: [ls, cat]}}]\n".utf8))
        let good = YAMLSnapshot.encode(tree)
        #expect(YAMLSnapshot.decode(good) == tree)
        for cut in 0..<good.count { #expect(YAMLSnapshot.decode(Array(good[0..<cut])) == nil, "cut at \(cut)") }
        #expect(YAMLSnapshot.decode(good + [0]) == nil)
        var badMagic = good
        badMagic[0] ^= 1
        #expect(YAMLSnapshot.decode(badMagic) == nil)
        var badKind = good
        badKind[4] = 7
        #expect(YAMLSnapshot.decode(badKind) == nil)
        // A mapping claiming a billion entries, a scalar claiming more bytes than there are.
        #expect(YAMLSnapshot.decode(YAMLSnapshot.magic + [3, 1, 1, 0x80, 0x80, 0x80, 0x80, 0x04]) == nil)
        #expect(YAMLSnapshot.decode(YAMLSnapshot.magic + [0, 1, 1, 5, 65]) == nil)
        // Over-long varints.
        #expect(YAMLSnapshot.decode(YAMLSnapshot.magic + [0] + [UInt8](repeating: 0xFF, count: 12) + [1, 0]) == nil)
        // Sequences nested deeper than the YAML reader accepts.
        var deep = YAMLSnapshot.magic
        for _ in 0..<(YAMLReader.maxDepth + 2) { deep += [2, 1, 1, 1] }
        deep += [1, 1, 1, 1, 65]
        #expect(YAMLSnapshot.decode(deep) == nil)
        // Random single-byte changes never crash; those that still read give some tree.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var mutated = good
            mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = YAMLSnapshot.decode(mutated)
        }
        #expect(YAMLSnapshot.decode(base64: "not base64!") == nil)
    }
}
