#if canImport(Glibc)
import Glibc
#endif
import Testing

/// `lexecon demo`, run as a real process.
@Suite("lexecon demo (end to end)")
struct DemoCLITests {
    @Test func demoBlocksTheDestructiveCommandAndTheLedgerVerifies() throws {
        let base = try demoTemporaryDirectory()
        defer { _ = system("rm -rf '\(base)'") }
        let workspace = base + "/demo"
        let result = try runDemoBinary(["demo", "--workspace", workspace])
        let stdout = result.stdout
        #expect(stdout.contains("[1] An agent attempts: rm -rf ./important_data\n    Decision: BLOCK\n"))
        #expect(stdout.contains("    Executed: false\n    important_data: still there"))
        #expect(stdout.contains("Ledger verification: valid\n"))
        #expect(stdout.contains("lexecon verify \(workspace)/.audit/ledger.jsonl --public-key \(workspace)/.lexecon/public_key.pem"))
        #expect(access(workspace + "/important_data/customers.csv", F_OK) == 0)
        // Genesis + three decisions + three results.
        #expect(stdout.contains("(7 records"))

        // The auditor's command, as printed, says VALID.
        let verify = try runDemoBinary(["verify", workspace + "/.audit/ledger.jsonl", "--public-key",
                                        workspace + "/.lexecon/public_key.pem", "--checkpoint", workspace + "/.audit/ledger.jsonl.head"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("Status: VALID"))
    }

    @Test func demoShowsOneAllowThatRunsAndOneEscalateThatDoesNot() throws {
        let base = try demoTemporaryDirectory()
        defer { _ = system("rm -rf '\(base)'") }
        let result = try runDemoBinary(["demo", "--workspace", base + "/demo"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("[2] An agent runs: ls important_data\n    Decision: ALLOW\n"))
        #expect(result.stdout.contains("    | customers.csv\n    | orders.csv\n"))
        #expect(result.stdout.contains("    Decision: ESCALATE\n"))
        #expect(result.stdout.contains("Executed: false (not approved: "))
    }

    @Test func demoRefusesAnExistingWorkspace() throws {
        let base = try demoTemporaryDirectory()
        defer { _ = system("rm -rf '\(base)'") }
        let result = try runDemoBinary(["demo", "--workspace", base])
        #expect(result.status != 0)
        #expect(result.stderr.contains("must not exist"))
    }
}

// MARK: - A private runner for this file

private struct DemoRunnerError: Error, CustomStringConvertible {
    let description: String
}

private func demoTemporaryDirectory() throws -> String {
    var template = Array("/tmp/lexecon-demo-test-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw DemoRunnerError(description: "mkdtemp failed") }
    return String(cString: made)
}

/// Runs the lexecon binary built next to the tests (or `$LEXECON_BINARY`), output to files.
private func runDemoBinary(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = try demoLexeconBinary()
    let scratch = try demoTemporaryDirectory()
    defer { _ = system("rm -rf '\(scratch)'") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, scratch + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, scratch + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, binary, &actions, nil, &argv, environ) == 0 else { throw DemoRunnerError(description: "spawn failed") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, readText(scratch + "/out"), readText(scratch + "/err"))
}

private func readText(_ path: String) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func demoLexeconBinary() throws -> String {
    if let override = getenv("LEXECON_BINARY") { return String(cString: override) }
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { throw DemoRunnerError(description: "cannot read /proc/self/exe") }
    var directory = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    while !directory.isEmpty {
        directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)])
        let candidate = directory + "/lexecon"
        var info = stat()
        if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
    }
    throw DemoRunnerError(description: "cannot find the lexecon binary next to the tests; set LEXECON_BINARY")
}
