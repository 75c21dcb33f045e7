import ArgumentParser

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Not available yet.")

    func run() async throws {
        printError("lexecon demo: not available in this build")
        throw ExitCode.internalFailure
    }
}
