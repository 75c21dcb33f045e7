#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconMCP

// lexecon-mcp: the stdio MCP server behind `lexecon mcp` (which execs this binary, found
// next to itself). A separate executable because the MCP SDK links full Foundation and
// FoundationNetworking, which would slow down the start of every other lexecon command.

// A closed stdout must surface as EPIPE, not kill the server between a command and its
// result record; a size-limited ledger must fail with EFBIG, not SIGXFSZ.
signal(SIGPIPE, SIG_IGN)
signal(SIGXFSZ, SIG_IGN)
let version = "0.1.0"
exit(await MCPServerMain.run(Array(CommandLine.arguments.dropFirst()), version: version))
