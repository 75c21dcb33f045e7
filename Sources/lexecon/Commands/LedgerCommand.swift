import ArgumentParser

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Not available yet.")

    func run() async throws {
        printError("lexecon ledger: not available in this build")
        throw ExitCode.internalFailure
    }
}
