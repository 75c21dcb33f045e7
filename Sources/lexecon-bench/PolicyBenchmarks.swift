enum PolicyBenchmarks {
    static func run() throws {
        print("(no policy benchmarks yet)")
    }
}
