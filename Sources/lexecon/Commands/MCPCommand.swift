import ArgumentParser
import LexeconAgents
import LexeconInterceptor
import LexeconLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `lexecon mcp`: a stdio MCP server with one gated tool, `shell_run`.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve MCP over stdio: one tool, shell_run, every call decided and recorded before it runs.",
        discussion: """
        BLOCK and ESCALATE (nobody on an MCP channel can approve) return a tool error with the \
        reason; ALLOW runs the command with /bin/sh -c, stdin from /dev/null, and returns its \
        exit code, stdout and stderr (each cut at 64 KiB, marked) and the ledger seqs. Stdout \
        carries only protocol messages; logs go to stderr. When the client closes stdin, calls \
        still running finish and the ledger head (checkpoint) is refreshed.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The policy file (default: .lexecon/policy.yaml if present, else the built-in default).", valueName: "FILE"))
    var policy: String?

    @OptionGroup var ledgerOptions: LedgerOptions

    func run() async throws {
        let logger = ShellRunServer.standardErrorLogger()
        let interceptor: Interceptor
        do {
            let (policy, policyFile) = RunSupport.loadPolicy(option: policy)
            interceptor = try Interceptor.open(
                keyDirectory: ledgerOptions.keys, ledgerPath: ledgerOptions.ledger, policy: policy,
                approver: RefusingApprover(reason: "an MCP client cannot approve an ESCALATE"),
                extraProtectedPaths: policyFile.map { [$0] } ?? [], toolVersion: LexeconVersion.string)
        } catch {
            printError("lexecon mcp: \(error.message); not serving")
            throw ExitCode.internalFailure
        }
        var cwdBuffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&cwdBuffer, cwdBuffer.count) != nil else {
            printError("lexecon mcp: cannot read the current directory; not serving")
            throw ExitCode.internalFailure
        }
        let cwd = String(decoding: cwdBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var random = SystemRandomNumberGenerator()
        let session = "mcp-" + (0..<4).map { _ in String(random.next() as UInt32, radix: 16) }.joined()
        let server = ShellRunServer(interceptor: interceptor, defaultCwd: cwd, session: session, logger: logger)
        do {
            try await server.serve(transport: BlockingStdioTransport(logger: logger), version: LexeconVersion.string)
        } catch {
            printError("lexecon mcp: \(error)")
            throw ExitCode.internalFailure
        }
    }
}
