import Foundation
import LexeconCrypto
import LexeconLedger
import Testing

/// `lexecon mcp` driven by the real MCP Python client (`mcp` from PyPI,
/// `mcp.client.stdio.stdio_client` + `ClientSession`): Tests/Clients/mcp_shell_run_client.py.
///
/// The client lives in a virtual environment under the build directory, created on first
/// use with `/usr/bin/python3 -m venv` and `pip install mcp==…` (the test says so when it
/// does that); later runs reuse it. `make test` installs python3-venv.
@Suite("MCP client", .serialized)
struct MCPClientTests {
    static let mcpVersion = "2.3.0"

    static let policy = TextRulesPolicy.yaml(name: "mcp-client-test")

    @Test func theRealPythonClientInitialisesListsAndCallsTheGatedTool() throws {
        let python = try Self.clientPython()
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = root + "/workspace"
        let sentinel = root + "/outside/sentinel"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sentinel, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: sentinel + "/keep.txt", contents: Data("keep".utf8))
        try Self.policy.write(toFile: root + "/policy.yaml", atomically: true, encoding: .utf8)
        let binary = try LexeconBinary.path()
        let keys = try Self.run(binary, ["init-keys", "--dir", root + "/keys"], cwd: root)
        #expect(keys.status == 0, "\(keys.stderr)")
        let ledger = root + "/audit/ledger.jsonl"

        let config: [String: Any] = [
            "binary": binary,
            "args": ["mcp", "--policy", root + "/policy.yaml", "--ledger", ledger, "--keys", root + "/keys"],
            "cwd": workspace,
            "calls": [
                ["name": "allowed", "arguments": ["command": "echo hello-from-mcp; echo to-stderr >&2"]],
                ["name": "blocked", "arguments": ["command": "rm -rf " + sentinel]],
                ["name": "escalated", "arguments": ["command": "git push --force origin main"]],
                ["name": "cwd", "arguments": ["command": "pwd", "cwd": root + "/outside", "timeout_seconds": 5]],
                ["name": "invalid", "arguments": ["command": "ls", "timeout_seconds": "soon"]],
            ],
            "concurrent": 8,
        ]
        let configText = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let client = try Self.run(python, [Self.clientScript, configText], cwd: root)
        try #require(client.status == 0, "the Python client failed: \(client.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(client.stdout.utf8)) as? [String: Any])

        // initialize and tools/list
        let initialize = report["initialize"] as? [String: Any]
        #expect((initialize?["serverInfo"] as? [String: Any])?["name"] as? String == "lexecon")
        let tools = try #require(report["tools"] as? [[String: Any]])
        #expect(tools.count == 1)
        let tool = tools[0]
        #expect(tool["name"] as? String == "shell_run")
        let annotations = tool["annotations"] as? [String: Any]
        #expect(annotations?["destructiveHint"] as? Bool == true)
        #expect(annotations?["openWorldHint"] as? Bool == true)
        #expect(annotations?["readOnlyHint"] as? Bool == false)
        #expect(annotations?["idempotentHint"] as? Bool == false)
        let schema = tool["inputSchema"] as? [String: Any]
        let properties = schema?["properties"] as? [String: [String: Any]]
        #expect(properties?["command"]?["type"] as? String == "string")
        #expect(properties?["cwd"]?["type"] as? String == "string")
        #expect(properties?["timeout_seconds"]?["type"] as? String == "integer")
        #expect(schema?["required"] as? [String] == ["command"])

        // the calls
        let calls = try #require(report["calls"] as? [String: [String: Any]])
        let allowed = try #require(calls["allowed"])
        #expect(allowed["isError"] as? Bool == false)
        #expect(Self.text(allowed).contains("hello-from-mcp"))
        let allowedData = allowed["structuredContent"] as? [String: Any]
        #expect(allowedData?["exit_code"] as? Int == 0)
        #expect(allowedData?["stdout"] as? String == "hello-from-mcp\n")
        #expect(allowedData?["stderr"] as? String == "to-stderr\n")
        #expect(allowedData?["decision_seq"] as? Int == 1)

        let blocked = try #require(calls["blocked"])
        #expect(blocked["isError"] as? Bool == true)
        #expect(Self.text(blocked).contains("BLOCK"))
        #expect(FileManager.default.fileExists(atPath: sentinel + "/keep.txt"), "the blocked rm -rf must not have run")

        let escalated = try #require(calls["escalated"])
        #expect(escalated["isError"] as? Bool == true)
        #expect(Self.text(escalated).contains("ESCALATE"))

        let cwd = try #require(calls["cwd"])
        #expect((cwd["structuredContent"] as? [String: Any])?["stdout"] as? String
                == URL(fileURLWithPath: root + "/outside").resolvingSymlinksInPath().path + "\n")
        #expect(calls["invalid"]?["isError"] as? Bool == true)

        let concurrent = try #require(report["concurrent"] as? [[String: Any]])
        #expect(concurrent.count == 8)
        for (index, result) in concurrent.enumerated() {
            #expect(result["isError"] as? Bool == false)
            #expect(Self.text(result).contains("concurrent-\(index)"))
        }

        // The ledger: one unbroken, signed chain, decisions before results, head refreshed.
        let publicKey = try KeyDirectory(path: root + "/keys").loadPublicKey()
        let records = try Self.verifyChain(ledger, key: publicKey)
        let decisions = records.filter { $0.kind == .decision }
        #expect(decisions.count == 12)
        #expect(decisions.map { $0["decision"]?.stringValue ?? "?" }.sorted()
                == (["BLOCK", "ESCALATE"] + Array(repeating: "ALLOW", count: 10)).sorted())
        #expect(decisions.allSatisfy { $0["actor"]?["agent"]?.stringValue?.hasPrefix("mcp:") == true })
        #expect(FileManager.default.fileExists(atPath: ledger + ".head"))
        // And, where this build has it, the offline verifier agrees.
        let help = try Self.run(binary, ["verify", "--help"], cwd: root)
        if help.stdout.contains("--public-key") {
            let verify = try Self.run(binary, ["verify", ledger, "--public-key", root + "/keys/public_key.pem"], cwd: root)
            #expect(verify.status == 0, "lexecon verify: \(verify.stdout) \(verify.stderr)")
        }
    }

    // MARK: - Helpers

    static let clientScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Clients/mcp_shell_run_client.py").path

    static func text(_ result: [String: Any]) -> String {
        ((result["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
    }

    /// The virtual environment's python, created with the `mcp` client on first use.
    static func clientPython() throws -> String {
        let binary = try LexeconBinary.path()
        let scratch = URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent().path
        let venv = scratch + "/mcp-client-venv-\(mcpVersion)"
        let python = venv + "/bin/python"
        if FileManager.default.isExecutableFile(atPath: python), (try? run(python, ["-c", "import mcp.client.stdio"], cwd: scratch))?.status == 0 {
            return python
        }
        print("MCPClientTests: creating a Python virtual environment at \(venv) and installing the MCP client from PyPI (pip install mcp==\(mcpVersion))")
        let create = try run("/usr/bin/python3", ["-m", "venv", venv], cwd: scratch)
        guard create.status == 0 else {
            throw MCPClientError("python3 -m venv failed (install python3-venv, e.g. with `make test`): \(create.stderr)")
        }
        let install = try run(venv + "/bin/pip", ["install", "--disable-pip-version-check", "--quiet", "mcp==\(mcpVersion)"], cwd: scratch, timeout: 600)
        guard install.status == 0 else { throw MCPClientError("pip install mcp==\(mcpVersion) failed: \(install.stderr)") }
        return python
    }

    /// Checks every record's seq, prev link and signature; returns the records.
    static func verifyChain(_ path: String, key: Ed25519PublicKey) throws -> [LedgerRecord] {
        let data = try #require(FileManager.default.contents(atPath: path))
        #expect(data.last == UInt8(ascii: "\n"))
        var records: [LedgerRecord] = []
        var previousLine: [UInt8]?
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            let bytes = Array(line)
            guard case .object(let members) = try StrictJSONParser.parse(bytes) else { throw MCPClientError("line \(index + 1) is not an object") }
            let record = LedgerRecord(object: members)
            #expect(CanonicalJSON.serialize(.object(members)) == bytes, "line \(index + 1) is not canonical")
            #expect(record.seq == Int64(index))
            let expectedPrev = previousLine.map { Hex.encode(ChainHash.leaf($0)) } ?? ChainHash.genesisPrev(ledgerID: record.ledgerID ?? "")
            #expect(record.prev == expectedPrev, "line \(index + 1) does not chain")
            let signature = try #require(record.signature.flatMap(Base64.decode))
            #expect(key.isValidSignature(signature, for: LedgerRecord.signedMessage(body: record.body)), "line \(index + 1) signature")
            if record.kind == .result, let of = record["of"]?.intValue {
                #expect(of >= 0 && of < Int64(index) && records[Int(of)].kind == .decision)
            }
            records.append(record)
            previousLine = bytes
        }
        return records
    }

    static func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/lexecon-mcp-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { throw MCPClientError("mkdtemp failed") }
        return String(cString: made)
    }

    /// Runs a program with stdin from /dev/null; output through files (no pipe can fill up).
    private static func run(_ program: String, _ arguments: [String], cwd: String, timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        defer { try? output.close(); try? error.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { @Sendable _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            done.wait()
            throw MCPClientError("\(program) did not finish within \(Int(timeout)) s")
        }
        return (process.terminationStatus,
                String(decoding: FileManager.default.contents(atPath: scratch + "/out") ?? Data(), as: UTF8.self),
                String(decoding: FileManager.default.contents(atPath: scratch + "/err") ?? Data(), as: UTF8.self))
    }
}

struct MCPClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
