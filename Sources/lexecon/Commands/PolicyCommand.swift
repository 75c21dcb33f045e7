import ArgumentParser

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Not available yet.")

    func run() async throws {
        printError("lexecon policy: not available in this build")
        throw ExitCode.internalFailure
    }
}
