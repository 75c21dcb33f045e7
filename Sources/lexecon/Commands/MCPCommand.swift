import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `lexecon mcp`: a stdio MCP server with one gated tool, `shell_run`.
///
/// The server is the `lexecon-mcp` executable next to this one, which this command execs
/// (same process, same stdio): the MCP SDK links full Foundation and FoundationNetworking,
/// and keeping them out of `lexecon` keeps `lexecon run` and the hook fast to start.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve MCP over stdio: one tool, shell_run, every call decided and recorded before it runs.",
        discussion: """
        BLOCK and ESCALATE (nobody on an MCP channel can approve) return a tool error with the \
        reason; ALLOW runs the command with /bin/sh -c, stdin from /dev/null, and returns its \
        exit code, stdout and stderr (each cut at 64 KiB, marked) and the ledger seqs. Stdout \
        carries only protocol messages; logs go to stderr. When the client closes stdin, calls \
        still running finish and the ledger head (checkpoint) is refreshed. Exit status: 0 at \
        the end of the session, 70 when the key, policy or ledger is unusable.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The policy file (default: .lexecon/policy.yaml if present, else the built-in default).", valueName: "FILE"))
    var policy: String?

    @OptionGroup var ledgerOptions: LedgerOptions

    func run() throws {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let me = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let server = (me.lastIndex(of: "/").map { String(me[...$0]) } ?? "./") + "lexecon-mcp"
        var arguments = ["lexecon-mcp", "--tool-version", LexeconVersion.string,
                         "--ledger", ledgerOptions.ledger, "--keys", ledgerOptions.keys]
        if let policy { arguments += ["--policy", policy] }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(server, argv)
        printError("lexecon mcp: cannot start \(server): \(String(cString: strerror(errno))) (it is built with lexecon; reinstall both)")
        throw ExitCode.internalFailure
    }
}
