import ArgumentParser

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Not available yet.")

    func run() async throws {
        printError("lexecon verify: not available in this build")
        throw ExitCode.internalFailure
    }
}
