#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconInterceptor
import LexeconLedger
import Synchronization

/// A policy that decides by substring, and remembers what it was asked.
final class FakePolicy: CommandPolicy, Sendable {
    let name = "fake"
    let sha256 = String(repeating: "ab", count: 32)
    let rules: [(String, PolicyVerdict)]
    let fallback: PolicyVerdict
    let seen = Mutex<[(ResolvedRequest, [String])]>([])

    init(_ rules: [(String, PolicyVerdict)] = [], fallback: PolicyVerdict = PolicyVerdict(.allow, rule: "fake-allow", reason: "allowed")) {
        self.rules = rules
        self.fallback = fallback
    }

    func decide(_ request: ResolvedRequest, protectedPaths: [String]) -> PolicyVerdict {
        seen.withLock { $0.append((request, protectedPaths)) }
        for (needle, verdict) in rules where request.request.displayText.contains(needle) { return verdict }
        return fallback
    }
}

/// An approver that answers as told and counts calls.
final class FakeApprover: Approver, Sendable {
    let outcome: ApprovalOutcome
    let calls = Mutex<[ApprovalRequest]>([])

    init(_ outcome: ApprovalOutcome) { self.outcome = outcome }

    func approve(_ request: ApprovalRequest) -> ApprovalOutcome {
        calls.withLock { $0.append(request) }
        return outcome
    }
}

/// A temporary directory with a key and a ledger path, removed at deinit.
final class Workspace {
    let path: String
    let key: Ed25519PrivateKey
    var ledgerPath: String { path + "/.audit/ledger.jsonl" }
    var keyDirectory: String { path + "/.lexecon" }

    init() throws {
        var template = Array("/tmp/lexecon-icp-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CryptoError(.fileError, "mkdtemp failed") }
        path = String(cString: made)
        key = try KeyDirectory(path: path + "/.lexecon").create(force: false)
    }

    deinit { _ = system("rm -rf '\(path)'") }

    func interceptor(_ policy: any CommandPolicy, approver: any Approver = RefusingApprover(reason: "test")) -> Interceptor {
        Interceptor(ledger: LedgerWriter(path: ledgerPath, key: key, toolVersion: "test"), policy: policy,
                    approver: approver, keyDirectory: keyDirectory)
    }

    func request(_ line: String) -> InterceptRequest {
        InterceptRequest(.shell(line), cwd: path, agent: "test-agent", session: "s-1", toolUseID: "tu-1")
    }

    /// Options that capture both streams.
    static let capture = ExecutionOptions(stdout: .capture(limit: 1 << 20), stderr: .capture(limit: 1 << 20), stdin: .null)

    /// The ledger's records, parsed strictly.
    func records() throws -> [LedgerRecord] {
        try readFile(ledgerPath).split(separator: 0x0a).map { line in
            guard case .object(let members) = try StrictJSONParser.parse(Array(line)) else { fatalError("not an object") }
            return LedgerRecord(object: members)
        }
    }

    func exists(_ relative: String) -> Bool { access(path + "/" + relative, F_OK) == 0 }

    func write(_ relative: String, _ text: String) {
        let fd = open(path + "/" + relative, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw CryptoError(.fileError, "cannot open \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return bytes
}

func monotonicSeconds() -> Double {
    Double(Timestamp.monotonicNanoseconds()) / 1e9
}
