import ArgumentParser
import LexeconAgents
import LexeconInterceptor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `lexecon hook …`: answer an agent's hook events.
struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Answer an agent's hook events (decide, record, allow or refuse).",
        subcommands: [ClaudeCodeHookCommand.self]
    )
}

/// `lexecon hook claude-code`: one Claude Code hook event on stdin, the answer in the exit
/// code and on stdout/stderr.
///
/// Its own arguments are parsed here, not by ArgumentParser: Claude Code treats every exit
/// code other than 0 and 2 as "proceed", so even a mistyped option in settings.json must
/// end in exit 2 (ArgumentParser would exit 64 and let the tool call through).
struct ClaudeCodeHookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-code",
        abstract: "Claude Code PreToolUse/PostToolUse hook: gate and record Bash tool calls.",
        discussion: """
        Options: --policy FILE (default: .lexecon/policy.yaml if present, else the built-in default), \
        --ledger FILE (default: .audit/ledger.jsonl), --keys DIR (default: .lexecon), --headless \
        (refuse ESCALATE instead of asking in Claude Code's permission prompt).

        Reads one hook event (JSON) on stdin. PreToolUse for Bash: ALLOW → exit 0, no output; \
        BLOCK → exit 2 with the reason on stderr (shown to the model); ESCALATE → exit 0 with \
        permissionDecision "ask" (with --headless: exit 2). PostToolUse/PostToolUseFailure for \
        Bash: a result record. SessionEnd: refresh the ledger head. Other tools and events: \
        exit 0, nothing recorded. Any error — unreadable event, missing field, key, policy or \
        ledger problem, bad option — exits 2, so Claude Code does not run the command.
        """
    )

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("[--policy FILE] [--ledger FILE] [--keys DIR] [--headless]", valueName: "options"))
    var arguments: [String] = []

    struct Options {
        var policy: String?
        var ledger = ".audit/ledger.jsonl"
        var keys = ".lexecon"
        var headless = false
    }

    static func parse(_ arguments: [String]) -> Result<Options, HookUsageError> {
        var options = Options()
        var index = 0
        func value(_ name: String) -> String? {
            index += 1
            guard index < arguments.count, !arguments[index].isEmpty else { return nil }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--policy", "--ledger", "--keys":
                guard let given = inline ?? value(name), !given.isEmpty else { return .failure(HookUsageError("\(name) needs a value")) }
                if name == "--policy" { options.policy = given } else if name == "--ledger" { options.ledger = given } else { options.keys = given }
            case "--headless" where inline == nil:
                options.headless = true
            default:
                return .failure(HookUsageError("unknown argument '\(argument)'"))
            }
            index += 1
        }
        return .success(options)
    }

    func run() throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ClaudeCodeHookCommand.helpMessage())
            return
        }
        let answer: ClaudeCodeHook.Answer
        switch Self.parse(arguments) {
        case .failure(let problem):
            answer = .refuse("lexecon hook claude-code: \(problem.message)")
        case .success(let options):
            answer = Self.answer(options)
        }
        if !answer.stdout.isEmpty { Self.writeAll(1, answer.stdout) }
        if !answer.stderr.isEmpty { printError(answer.stderr) }
        if answer.exitCode != 0 { throw ExitCode(answer.exitCode) }
    }

    private static func answer(_ options: Options) -> ClaudeCodeHook.Answer {
        guard let input = readStandardInput(limit: HookJSON.maxLength) else {
            return .refuse("the hook event on stdin could not be read or is longer than \(HookJSON.maxLength) bytes")
        }
        let pending = PendingDecisions(ledgerPath: options.ledger)
        let hook = ClaudeCodeHook(headless: options.headless, pending: pending) {
            let (policy, policyFile) = RunSupport.loadPolicy(option: options.policy)
            do {
                return try Interceptor.open(
                    keyDirectory: options.keys, ledgerPath: options.ledger, policy: policy,
                    approver: RefusingApprover(reason: "approval is asked in Claude Code's permission prompt"),
                    extraProtectedPaths: (policyFile.map { [$0] } ?? []) + [pending.directory + "/**"],
                    toolVersion: LexeconVersion.string)
            } catch {
                throw HookSetupError(message: "\(error)")
            }
        }
        return hook.handle(input)
    }

    /// Reads stdin to its end; nil on a read error or past `limit` bytes.
    private static func readStandardInput(limit: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return nil }
        }
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

struct HookUsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

struct HookSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
