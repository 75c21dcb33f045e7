import Foundation
import Testing

/// Runs the built `lexecon` binary for end-to-end tests.
///
/// ```swift
/// let result = try runLexecon(["init-keys", "--dir", "keys"], cwd: directory)
/// #expect(result.status == 0)
/// let (status, stdout, stderr) = try runLexecon(["--version"])
/// ```
///
/// - Parameters:
///   - args: arguments after `lexecon`.
///   - cwd: working directory of the child (default: the test process's).
///   - stdin: text fed to the child's standard input (default: `/dev/null`).
///   - environment: variables added to (or replacing) the test process's environment.
///   - timeout: seconds before the child is killed and the call throws.
/// - Returns: the exit status, or 128 + the signal number if the child was killed by a
///   signal (so `status < 128` means "did not crash"), and its complete stdout and stderr.
func runLexecon(_ args: [String], cwd: String? = nil, stdin: String? = nil,
                environment: [String: String] = [:], timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = try LexeconBinary.path()
    let scratch = try LexeconBinary.scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let outPath = scratch + "/stdout"
    let errPath = scratch + "/stderr"
    let inPath = scratch + "/stdin"
    try createFileOrFail(atPath: outPath, contents: nil)
    try createFileOrFail(atPath: errPath, contents: nil)
    try createFileOrFail(atPath: inPath, contents: Data((stdin ?? "").utf8))

    // Files rather than pipes: a chatty child can never block on a full pipe.
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let input = stdin == nil ? FileHandle.nullDevice : try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
    defer {
        try? out.close()
        try? err.close()
        if stdin != nil { try? input.close() }
    }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = args
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { @Sendable _ in finished.signal() }
    try process.run()
    if finished.wait(timeout: .now() + timeout) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
        throw CLIRunnerError("lexecon \(args.joined(separator: " ")) did not finish within \(Int(timeout)) s and was killed")
    }
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    let stdoutText = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    let stderrText = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
    return (status, stdoutText, stderrText)
}

struct CLIRunnerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Finds the `lexecon` executable built alongside the test bundle.
enum LexeconBinary {
    /// The first executable `lexecon` among: `$LEXECON_BINARY`; the directory of the test
    /// bundle (`<scratch>/debug/`, where SwiftPM puts both); the directory of the running
    /// test executable; then `<package>/.build/debug` and `<package>/.build-*/debug`.
    static func path() throws -> String {
        let candidates = candidateDirectories().map { $0 + "/lexecon" }
        let environment = ProcessInfo.processInfo.environment["LEXECON_BINARY"].map { [$0] } ?? []
        for candidate in environment + candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw CLIRunnerError("""
            the lexecon binary was not found next to the test bundle; build it first \
            (`swift build --build-tests`, or `make test`). Looked in: \(candidates.joined(separator: ", "))
            """)
    }

    static func candidateDirectories() -> [String] {
        var directories: [String] = []
        let bundle = Bundle.main.bundleURL.standardizedFileURL
        directories.append(bundle.path)
        directories.append(bundle.deletingLastPathComponent().path)  // macOS: …/debug/X.xctest
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            directories.append(executable.deletingLastPathComponent().path)
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: exe).deletingLastPathComponent().path)
        }
        // <package>/Tests/LexeconCLITests/Support/CLIRunner.swift → <package>
        let package = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        directories.append(package.appendingPathComponent(".build/debug").path)
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: package.path) {
            for entry in entries.sorted() where entry.hasPrefix(".build-") {
                directories.append(package.appendingPathComponent(entry + "/debug").path)
            }
        }
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    /// A fresh private directory for one run's captured output.
    static func scratchDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/lexecon-cli-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CLIRunnerError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}

/// A temporary working directory for a test, removed when the value is released.
final class TemporaryDirectory {
    let path: String
    init() throws { path = try LexeconBinary.scratchDirectory() }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Creates (or truncates) a file with `contents`, throwing instead of returning false.
func createFileOrFail(atPath path: String, contents: Data?) throws {
    guard FileManager.default.createFile(atPath: path, contents: contents) else {
        throw CLIRunnerError("cannot create \(path): \(String(cString: strerror(errno)))")
    }
}
