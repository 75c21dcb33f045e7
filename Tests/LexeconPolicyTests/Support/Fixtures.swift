@testable import LexeconPolicy
import LexeconShell

/// Helpers shared by the policy tests.
enum Fixtures {
    static let workspace = "/home/dev/project"
    static let home = "/home/dev"

    /// The package root, found from this file's path (Tests/LexeconPolicyTests/Support/…).
    static var packageRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Loads YAML that must be valid (examples are not run).
    static func policy(_ yaml: String, name: String = "test.yaml") throws -> Policy {
        try Policy.loadUnchecked(yaml: bytes(yaml), name: name)
    }

    /// The error loading `yaml` gives, or nil.
    static func loadError(_ yaml: String) -> PolicyError? {
        do {
            _ = try Policy.loadUnchecked(yaml: bytes(yaml), name: "bad.yaml")
            return nil
        } catch {
            return error
        }
    }

    static func path(_ absolute: String, _ classes: PathClass...) -> ResolvedPath {
        ResolvedPath(absolute: absolute, classes: Set(classes))
    }

    static func word(_ text: String, path: ResolvedPath? = nil, dynamic: Bool = false) -> Word {
        Word(text: text, isDynamic: dynamic, path: path)
    }

    /// A request around hand-built commands.
    static func request(_ text: String = "(hand-built)", environment: String = "") -> PolicyRequest {
        PolicyRequest(command: .shell(text), cwd: workspace, workspace: workspace, home: home, environment: environment)
    }

    static func decide(_ policy: Policy, _ commands: [EffectiveCommand], text: String = "(hand-built)", environment: String = "") -> PolicyDecision {
        policy.evaluate(analysis: ShellAnalysis(commands: commands), request: request(text, environment: environment))
    }

    /// `rm -r -f PATH` as the lowering would produce it.
    static func rm(_ target: String, _ classes: PathClass..., via: [String] = [], privileged: Bool = false) -> EffectiveCommand {
        let resolved = ResolvedPath(absolute: target, classes: Set(classes))
        return EffectiveCommand(
            program: "rm", programWord: "rm", arguments: [word("-rf"), word(target, path: resolved)],
            flags: ["-r", "-f"], positionals: [word(target, path: resolved)],
            effects: [PathEffect(kind: .delete, path: resolved, recursive: true)], via: via, privileged: privileged)
    }

    static func simple(_ program: String, _ args: [String] = [], flags: Set<String> = [], positionals: [String]? = nil,
                       upstream: [String] = [], opaque: OpaqueReason? = nil, dynamic: Bool = false) -> EffectiveCommand {
        EffectiveCommand(
            program: program, programWord: program, programIsDynamic: dynamic, arguments: args.map { word($0) },
            flags: flags, positionals: (positionals ?? args.filter { !$0.hasPrefix("-") }).map { word($0) },
            upstream: upstream, opaque: opaque)
    }
}
