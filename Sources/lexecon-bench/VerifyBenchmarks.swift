enum VerifyBenchmarks {
    static func run() throws {
        print("(no verify benchmarks yet)")
    }
}
