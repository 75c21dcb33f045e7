#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconInterceptor
import LexeconPolicy

/// The `lexecon-mcp` process (started by `lexecon mcp`): options, policy, interceptor, serve.
///
/// Options: `--policy FILE` (default: `.lexecon/policy.yaml` if present, else the built-in
/// default), `--ledger FILE` (default `.audit/ledger.jsonl`), `--keys DIR` (default
/// `.lexecon`); `--tool-version` (set by `lexecon mcp`) names the writer in the ledger. Exit status: 0 when the client ended the session, 64 for a usage error, 70
/// when the key, policy or ledger is unusable or serving failed. Messages go to stderr only.
public enum MCPServerMain {
    public static let usage = "usage: lexecon mcp [--policy FILE] [--ledger FILE] [--keys DIR]"

    public static func run(_ arguments: [String], version defaultVersion: String) async -> Int32 {
        var version = defaultVersion
        var policyPath: String?
        var ledger = ".audit/ledger.jsonl"
        var keys = ".lexecon"
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var value: String?
            if let equals = name.firstIndex(of: "="), name.hasPrefix("--") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            switch name {
            case "--help", "-h":
                print(usage)
                return 0
            case "--policy", "--ledger", "--keys", "--tool-version":
                if value == nil, index + 1 < arguments.count {
                    index += 1
                    value = arguments[index]
                }
                guard let value, !value.isEmpty else { return fail("\(name) needs a value\n\(usage)", status: 64) }
                switch name {
                case "--policy": policyPath = value
                case "--ledger": ledger = value
                case "--keys": keys = value
                default: version = value
                }
            default:
                return fail("unknown argument '\(arguments[index])'\n\(usage)", status: 64)
            }
            index += 1
        }

        let path = PolicyLocation.file(explicit: policyPath)
        let policy: any CommandPolicy
        if let path {
            do { policy = try LexeconPolicyAdapter(path: path) } catch {
                return fail("cannot load policy \(path): \(error); not serving", status: 70)
            }
        } else {
            policy = LexeconPolicyAdapter.builtinDefault()
        }
        let interceptor: Interceptor
        do {
            interceptor = try Interceptor.open(keyDirectory: keys, ledgerPath: ledger, policy: policy,
                                               approver: RefusingApprover(reason: "an MCP client cannot approve an ESCALATE"),
                                               extraProtectedPaths: path.map { [$0] } ?? [], toolVersion: version)
        } catch {
            return fail("\(error.message); not serving", status: 70)
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return fail("cannot read the current directory; not serving", status: 70) }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var random = SystemRandomNumberGenerator()
        let session = "mcp-" + (0..<2).map { _ in
            let hex = String(random.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()

        let logger = ShellRunServer.standardErrorLogger()
        let server = ShellRunServer(interceptor: interceptor, defaultCwd: cwd, session: session, logger: logger)
        do {
            try await server.serve(transport: BlockingStdioTransport(logger: logger), version: version)
        } catch {
            return fail("\(error)", status: 70)
        }
        return 0
    }

    private static func fail(_ message: String, status: Int32) -> Int32 {
        var line = "lexecon mcp: " + message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        return status
    }
}
