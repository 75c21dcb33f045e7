import Foundation
import Testing

/// Runs `/usr/bin/openssl` for cross-checks. A missing binary is a test failure that says
/// how to get it, never a silent skip.
enum OpenSSL {
    static let path = "/usr/bin/openssl"

    struct Output {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static func requireInstalled(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "openssl is missing at \(path): run `make test` (it installs openssl with apt-get), or `apt-get install openssl`",
            sourceLocation: sourceLocation)
    }

    /// Runs openssl with `arguments` in `directory`; fails the test if it exits non-zero
    /// unless `allowFailure`.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, stdin: [UInt8]? = nil, allowFailure: Bool = false,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        try requireInstalled(sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let id = UUID().uuidString
        let outPath = directory + "/.openssl-out-\(id)"
        let errPath = directory + "/.openssl-err-\(id)"
        let inPath = directory + "/.openssl-in-\(id)"
        try createFileOrFail(atPath: outPath, contents: nil)
        try createFileOrFail(atPath: errPath, contents: nil)
        try createFileOrFail(atPath: inPath, contents: Data(stdin ?? []))
        defer { for p in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: p) } }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        defer { try? out.close(); try? err.close(); try? input.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        let result = Output(
            status: process.terminationStatus,
            stdout: [UInt8](FileManager.default.contents(atPath: outPath) ?? Data()),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
        if !allowFailure {
            #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        return result
    }
}
