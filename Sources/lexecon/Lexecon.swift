import ArgumentParser

/// The `lexecon` command line: execution control for AI agents and CI jobs.

struct Lexecon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexecon",
        abstract: "Execution control for AI agents and CI jobs: decide, record, then run.",
        discussion: """
        Every shell command is parsed and decided by a deterministic policy (ALLOW, BLOCK or \
        ESCALATE); the decision is written to an Ed25519-signed, hash-chained ledger and \
        fsynced before anything runs. `lexecon verify` proves the ledger offline.
        """,
        version: LexeconVersion.string,
        subcommands: [
            InitKeys.self,
            Run.self,
            Hook.self,
            MCPCommand.self,
            Check.self,
            PolicyCommand.self,
            LedgerCommand.self,
            Verify.self,
            Demo.self,
        ]
    )
}
