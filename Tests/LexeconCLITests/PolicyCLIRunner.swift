import Foundation

/// `runLexecon` (Support/CLIRunner.swift) with a named result, for the policy and check
/// suites.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, from this file's path.
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    static func run(_ arguments: [String], stdin: String? = nil, cwd: String? = nil) throws -> Result {
        let finished = try runLexecon(arguments, cwd: cwd, stdin: stdin ?? "")
        return Result(status: finished.status, stdout: finished.stdout, stderr: finished.stderr)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lexecon-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
