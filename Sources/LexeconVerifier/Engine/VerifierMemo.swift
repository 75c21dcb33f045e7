import Synchronization

/// A memo of pure results for tests that verify thousands of near-identical ledgers
/// (every single-bit flip of one ledger): the analysis of a line (a pure function of its
/// bytes, number and termination) and a signature check (a pure function of key,
/// signature and message). Both give exactly what recomputing would; the memo only
/// saves time. Not used by the CLI. Unbounded: create one per test.
package final class VerifierMemo: Sendable {
    struct LineKey: Hashable, Sendable {
        var bytes: [UInt8]
        var line: Int
        var terminated: Bool
        var overlong: Bool
    }

    struct SignatureKey: Hashable, Sendable {
        var key: [UInt8]
        var signature: [UInt8]
        var message: [UInt8]
    }

    private let lines = Mutex<[LineKey: AnalyzedLine]>([:])
    private let signatures = Mutex<[SignatureKey: Bool]>([:])

    package init() {}

    func analysis(_ key: LineKey, _ compute: () -> AnalyzedLine) -> AnalyzedLine {
        if let hit = lines.withLock({ $0[key] }) { return hit }
        let value = compute()
        lines.withLock { $0[key] = value }
        return value
    }

    func signature(_ key: SignatureKey, _ compute: () -> Bool) -> Bool {
        if let hit = signatures.withLock({ $0[key] }) { return hit }
        let value = compute()
        signatures.withLock { $0[key] = value }
        return value
    }
}
