import Foundation

/// Runs the built `lexecon` binary for end-to-end tests.
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

    /// The `lexecon` binary next to the test bundle (same scratch directory and
    /// configuration), else under the package's `.build`.
    static var binary: String? {
        var candidates: [String] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(runner.appendingPathComponent("lexecon").path)
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("lexecon").path)
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("lexecon").path)
        for buildDirectory in [".build", ".build-policy"] {
            candidates.append(packageRoot + "/\(buildDirectory)/debug/lexecon")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String], stdin: String? = nil, cwd: String? = nil) throws -> Result {
        guard let binary else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        let data = Data((stdin ?? "").utf8)
        let writer = input.fileHandleForWriting
        // Write stdin on another thread so a full stdout pipe cannot deadlock us.
        let thread = Thread {
            writer.write(data)
            try? writer.close()
        }
        thread.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lexecon-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
