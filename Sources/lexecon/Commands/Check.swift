import ArgumentParser
import LexeconPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `lexecon check`: decide commands with the policy; nothing is executed.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide a command (or a JSONL stream of them) with the policy; nothing is executed.",
        discussion: """
        Prints the decision (ALLOW, BLOCK or ESCALATE), the deciding rule and a reason naming \
        the sub-command that decided it. Exit status: 0 ALLOW, 77 BLOCK, 75 ESCALATE, 70 when \
        the policy cannot be loaded, 64 for usage errors.

        With --jsonl, reads one JSON object per line from standard input — {"command": "…"} or \
        {"argv": ["…"]}, with optional "cwd", "workspace", "environment", "principal", "agent" — \
        and writes exactly one JSON object per input line, in order, with "decision", "rule", \
        "reason" and "policy_sha256". A line that cannot be read yields BLOCK with an "error" \
        field. The exit status is then 0 unless the policy cannot be loaded.

        The policy is --policy FILE, else .lexecon/policy.yaml when present, else the built-in default.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "Policy file (default: .lexecon/policy.yaml if present, else the built-in default).")
    var policy: String?

    @Option(name: .long, help: "Directory the command would run in (default: the current directory).")
    var cwd: String?

    @Option(name: .long, help: "Workspace root (default: the --cwd directory).")
    var workspace: String?

    @Option(name: .long, help: "Deployment environment the rules may test, e.g. ci or prod.")
    var environment: String = ""

    @Option(name: .long, help: "Principal (who asks) the rules may test.")
    var principal: String = ""

    @Option(name: .long, help: "Agent name the rules may test.")
    var agent: String = ""

    @Option(name: .long, help: "Output format for a single command: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Read JSON requests from standard input, one per line; write one JSON decision per line.")
    var jsonl = false

    @Argument(help: "The shell command to decide (quote it).")
    var command: String?

    func validate() throws {
        if jsonl && command != nil { throw ValidationError("give either a COMMAND or --jsonl, not both") }
        if !jsonl && command == nil { throw ValidationError("missing COMMAND (or use --jsonl)") }
    }

    func run() async throws {
        let loaded: Policy
        do {
            loaded = try PolicySource.load(explicit: policy)
        } catch {
            printError("lexecon check: \(error)")
            throw ExitCode.internalFailure
        }
        let cwd = FileInput.absolute(cwd ?? FileInput.currentDirectory())
        let workspace = workspace.map(FileInput.absolute) ?? cwd
        let home = getenv("HOME").map { String(cString: $0) } ?? "/"
        let defaults = RequestDefaults(cwd: cwd, workspace: workspace, home: home.isEmpty ? "/" : home,
                                       environment: environment, principal: principal, agent: agent)
        if jsonl {
            JSONLStream.run(policy: loaded, defaults: defaults)
            return
        }
        let request = PolicyRequest(command: .shell(command!), cwd: cwd, workspace: workspace, home: defaults.home,
                                    environment: environment, principal: principal, agent: agent)
        let decision = loaded.evaluate(request)
        var out = OutputBuffer(fd: 1)
        switch format {
        case .text:
            out.append("decision: \(decision.verdict.rawValue)\nrule: \(decision.rule)\nreason: \(decision.reason)\n")
            out.append("policy: \(decision.policyName)\npolicy_sha256: \(decision.policySHA256)\n")
        case .json:
            out.append(JSONWriter.object([
                ("decision", decision.verdict.rawValue), ("rule", decision.rule), ("reason", decision.reason),
                ("policy", decision.policyName), ("policy_sha256", decision.policySHA256),
            ]) + "\n")
        }
        out.flush()
        switch decision.verdict {
        case .allow: return
        case .block: throw ExitCode.blocked
        case .escalate: throw ExitCode.escalated
        }
    }
}

/// Loads the policy every command would use (``PolicyLocation``): --policy, else
/// .lexecon/policy.yaml when anything is there, else the built-in default.
enum PolicySource {
    static func load(explicit: String?) throws(PolicyError) -> Policy {
        guard let path = PolicyLocation.file(explicit: explicit) else { return Policy.builtinDefault() }
        return try Policy.load(path: path)
    }
}

/// Request fields that lines of a JSONL stream do not override.
struct RequestDefaults {
    var cwd: String
    var workspace: String
    var home: String
    var environment: String
    var principal: String
    var agent: String
}
