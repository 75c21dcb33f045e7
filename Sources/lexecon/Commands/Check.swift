import ArgumentParser

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Not available yet.")

    func run() async throws {
        printError("lexecon check: not available in this build")
        throw ExitCode.internalFailure
    }
}
