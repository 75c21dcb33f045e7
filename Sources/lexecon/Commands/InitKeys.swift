import ArgumentParser

struct InitKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init-keys", abstract: "Not available yet.")

    func run() async throws {
        printError("lexecon init-keys: not available in this build")
        throw ExitCode.internalFailure
    }
}
