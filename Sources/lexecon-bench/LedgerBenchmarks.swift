enum LedgerBenchmarks {
    static func run() throws {
        print("(no ledger benchmarks yet)")
    }
}
