#if canImport(Glibc)
import Glibc
#endif
import LexeconCrypto
import LexeconInterceptor
import LexeconLedger

/// A policy with three fixed answers: `rm -rf` BLOCKs, `git push` ESCALATEs, the rest is ALLOWed.
struct ScriptedPolicy: CommandPolicy {
    let name = "scripted-test-policy"
    let sha256 = String(repeating: "a", count: 64)

    func decide(_ request: ResolvedRequest, protectedPaths: [String]) -> PolicyVerdict {
        let text = request.request.displayText
        if text.contains("rm -rf") { return PolicyVerdict(.block, rule: "no-recursive-rm", reason: "recursive delete") }
        if text.contains("git push") { return PolicyVerdict(.escalate, rule: "push-needs-a-human", reason: "pushes to a remote") }
        return PolicyVerdict(.allow, rule: "default", reason: "everything else is allowed")
    }
}

/// A temporary directory with a key pair, a ledger path and an interceptor over them.
final class Workspace: @unchecked Sendable {
    let root: String
    let keys: String
    let ledgerPath: String
    let key: Ed25519PrivateKey

    init() throws {
        var template = Array("/tmp/lexecon-agents-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        root = String(cString: made)
        keys = root + "/keys"
        ledgerPath = root + "/ledger.jsonl"
        key = try KeyDirectory(path: keys).create(force: false)
    }

    deinit {
        _ = system("rm -rf '\(root)'")
    }

    func interceptor(approver: any Approver = RefusingApprover()) -> Interceptor {
        Interceptor(ledger: LedgerWriter(path: ledgerPath, key: key, toolVersion: "test"), policy: ScriptedPolicy(),
                    approver: approver, keyDirectory: keys)
    }

    /// Every record in the ledger, parsed.
    func records() throws -> [LedgerRecord] {
        guard let file = fopen(ledgerPath, "r") else { return [] }
        defer { fclose(file) }
        var records: [LedgerRecord] = []
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while true {
            let count = getline(&line, &capacity, file)
            if count < 0 { break }
            let bytes = Array(UnsafeRawBufferPointer(start: line, count: count - 1))
            guard case .object(let members) = try StrictJSONParser.parse(bytes) else { throw TestFailure("not an object") }
            records.append(LedgerRecord(object: members))
        }
        free(line)
        return records
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
