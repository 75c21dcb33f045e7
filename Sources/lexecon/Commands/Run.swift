import ArgumentParser
import LexeconInterceptor
import LexeconLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `lexecon run -- COMMAND…`: decide, record durably, then (only if allowed) run and record the result.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Decide a command by policy, record the decision durably, run it only if allowed, record the result.",
        discussion: """
        One argument after `--` is a shell string run with /bin/sh -c; several are an argv run \
        directly (PATH lookup). The command's output streams live and is hashed into the result \
        record; SIGINT, SIGTERM and SIGHUP are forwarded to its process group.

        Exit status: the command's own (128+N when signal N ended it); 77 when the policy \
        BLOCKs; 75 when it ESCALATEs and nobody approves; 70 when lexecon itself failed before \
        anything ran (key, policy, ledger); 126/127 when the command cannot be started.
        """
    )

    enum EscalationMode: String, ExpressibleByArgument, CaseIterable {
        case ask, block
    }

    @Option(name: .long, help: ArgumentHelp("The policy file (default: .lexecon/policy.yaml if present, else the built-in default).", valueName: "FILE"))
    var policy: String?

    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("Run the command in this directory (default: the current one).", valueName: "DIR"))
    var cwd: String?

    @Option(name: .long, help: ArgumentHelp("Kill the command (SIGTERM, then SIGKILL after 2 s) after this many seconds.", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .customLong("on-escalate"), help: "ask: ask on the terminal (no terminal: do not run); block: never run an ESCALATE.")
    var onEscalate: EscalationMode = .ask

    @Option(name: .long, help: ArgumentHelp("Deployment context for the policy, e.g. ci, dev, prod.", valueName: "ENV"))
    var environment: String?

    @Option(name: .long, help: ArgumentHelp("The agent proposing the command, recorded and matched by policy.", valueName: "NAME"))
    var agent: String?

    @Option(name: .long, help: ArgumentHelp("The agent's session id, recorded.", valueName: "ID"))
    var session: String?

    @Option(name: .customLong("protect"), help: ArgumentHelp(
        "Also protect PATH and everything under it: the command may not write, delete, move or chmod it (repeatable; the ledger, its lock and head, the key directory and the policy file are always protected).",
        valueName: "PATH"))
    var protect: [String] = []

    @Flag(name: .customLong("no-checkpoint"), help: ArgumentHelp(
        "Do not refresh LEDGER.head when the run ends (for wrappers that run many commands and call `lexecon ledger checkpoint` once at the end; the refresh rereads the whole ledger)."))
    var noCheckpoint = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command, after `--`.", valueName: "COMMAND"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command after `--`, e.g. lexecon run -- make test") }
        if let timeout, !(timeout > 0 && timeout.isFinite && timeout < 1e9) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    func run() throws {
        RunSupport.prepareProcess()
        defer { RunSupport.restoreProcess() }
        let interceptor: Interceptor
        do {
            let (policy, policyFile) = RunSupport.loadPolicy(option: policy)
            interceptor = try Interceptor.open(
                keyDirectory: ledgerOptions.keys, ledgerPath: ledgerOptions.ledger, policy: policy,
                approver: onEscalate == .ask ? TerminalApprover() : RefusingApprover(reason: "--on-escalate block"),
                extraProtectedPaths: (policyFile.map { [$0] } ?? []) + protect.flatMap { [$0, $0 + "/**"] },
                toolVersion: LexeconVersion.string)
        } catch {
            printError("lexecon: \(error.message); nothing was executed")
            throw ExitCode.internalFailure
        }
        let request = InterceptRequest(command.count == 1 ? .shell(command[0]) : .argv(command),
                                       cwd: cwd ?? "", environment: environment, agent: agent, session: session)
        let options = ExecutionOptions(timeout: timeout, relaySignals: true, foregroundTerminal: true)
        let outcome = interceptor.run(request, options: options, checkpoint: !noCheckpoint)
        let status = RunSupport.report(outcome, timeout: timeout)
        if status != 0 { throw ExitCode(status) }
    }
}
