import Synchronization

/// A value derived from a pattern's syntax tree the first time a search needs it: a regex's
/// compiled NFA program or its ``LiteralPrefilter``.
///
/// Deriving them for every pattern of a policy at load time would cost a process that
/// decides a single command (`lexecon run`, the hook) more than it ever uses: most patterns
/// of a policy are never searched for a given command. Double-checked: once derived, readers
/// see the value through an acquiring load and never take the lock; the lock only
/// serialises the first derivation.
final class DerivedSlot<Value: Sendable>: @unchecked Sendable {
    private let node: RegexNode
    private let derive: @Sendable (RegexNode) -> Value
    private let ready = Atomic<Bool>(false)
    private let lock = Mutex<Void>(())
    // Written once under `lock` before `ready` is released; read only after `ready`.
    nonisolated(unsafe) private var stored: Value? = nil

    init(_ node: RegexNode, derive: @escaping @Sendable (RegexNode) -> Value) {
        self.node = node
        self.derive = derive
    }

    /// The derived value, computed by the first caller.
    var value: Value {
        if ready.load(ordering: .acquiring) { return stored.unsafelyUnwrapped }
        return lock.withLock { _ in
            if !ready.load(ordering: .acquiring) {
                stored = derive(node)
                ready.store(true, ordering: .releasing)
            }
            return stored.unsafelyUnwrapped
        }
    }
}
