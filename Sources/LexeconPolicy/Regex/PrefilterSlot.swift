import Synchronization

/// A regex's ``LiteralPrefilter``, derived the first time the regex searches a text.
///
/// Deriving prefilters for every pattern of a policy at load time would cost a process that
/// decides a single command (`lexecon run`, the hook) more than the searches they save.
/// Double-checked: once derived, readers see the value through an acquiring load and never
/// take the lock; the lock only serialises the first derivation.
final class PrefilterSlot: @unchecked Sendable {
    private let node: RegexNode
    private let ready = Atomic<Bool>(false)
    private let lock = Mutex<Void>(())
    // Written once under `lock` before `ready` is released; read only after `ready`.
    nonisolated(unsafe) private var value: LiteralPrefilter? = nil

    init(_ node: RegexNode) {
        self.node = node
    }

    /// The prefilter, or nil when the pattern has none.
    var prefilter: LiteralPrefilter? {
        if ready.load(ordering: .acquiring) { return value }
        return lock.withLock { _ in
            if !ready.load(ordering: .acquiring) {
                value = LiteralPrefilter(node)
                ready.store(true, ordering: .releasing)
            }
            return value
        }
    }
}
