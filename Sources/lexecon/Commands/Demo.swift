import ArgumentParser

/// `lexecon demo`: the Lexecon scenario through the full interceptor path, in a fresh
/// temporary workspace with its own keys.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show the gate at work: a destructive command is blocked and recorded, the ledger verifies.",
        discussion: """
        In a fresh temporary workspace (keys created there), an agent's `rm -rf ./important_data` \
        goes through the policy, the signed ledger and the executor: it is BLOCKed and does not \
        run. Then one command the policy ALLOWs runs, and one it ESCALATEs does not (nobody is \
        asked in the demo). Finally the ledger is verified offline. The workspace is kept so \
        the ledger can be inspected.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Run in this new directory instead of a temporary one (must not exist).", valueName: "DIR"))
    var workspace: String?

    func run() throws {
        RunSupport.prepareProcess()
        let succeeded = DemoScenario.run(workspace: workspace)
        if !succeeded { throw ExitCode.failure }
    }
}
