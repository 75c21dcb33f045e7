#if canImport(Glibc)
import Glibc
#endif

// lexecon-bench: prints the figures the README quotes, each as a ratio to a baseline
// measured in the same run where one exists. Run with `make bench` (release build).
//
//   lexecon-bench            all suites
//   lexecon-bench ledger     one suite: crypto, ledger, verify, policy

let arguments = Array(CommandLine.arguments.dropFirst())
let suites: [(name: String, run: () throws -> Void)] = [
    ("ledger", LedgerBenchmarks.run),
    ("verify", VerifyBenchmarks.run),
    ("policy", PolicyBenchmarks.run),
    ("run", RunBenchmarks.run),
    ("mcp", MCPBenchmarks.run),
]
do {
    for suite in suites where arguments.isEmpty || arguments.contains(suite.name) {
        print("== \(suite.name) ==")
        try suite.run()
    }
} catch {
    print("lexecon-bench: \(error)")
    exit(1)
}
