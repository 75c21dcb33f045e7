import LexeconPolicy

/// The built-in default policy, fetched when first needed rather than when the interceptor
/// is opened.
///
/// `lexecon run` opens its keys and ledger while the built-in policy may still be loading on
/// another thread (see `Policy.prepareBuiltinDefault()`): holding this instead of the loaded
/// policy lets the two overlap. It decides and names itself exactly as
/// `LexeconPolicyAdapter.builtinDefault()` does.
public struct BuiltinDefaultPolicy: CommandPolicy {
    /// The stand-in; nothing is loaded until the first question.
    public init() {}

    public var name: String { Policy.builtinDefault().name }
    public var sha256: String { Policy.builtinDefault().sha256 }

    public func decide(_ request: ResolvedRequest, protectedPaths: [String]) -> PolicyVerdict {
        LexeconPolicyAdapter.builtinDefault().decide(request, protectedPaths: protectedPaths)
    }
}
