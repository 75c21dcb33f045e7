/// Everything that happened to one request: the authorization, the execution if any,
/// and the records written.
public struct InterceptOutcome: Sendable {
    /// The decision and approval.
    public var authorization: Authorization
    /// How the command ended, when it ran.
    public var execution: ExecutionResult?
    /// Seq of the `result` record, when it was written.
    public var resultSeq: Int64?
    /// A failure that stopped the command: the authorization's, or the spawn's, or an
    /// interruption before the start.
    public var failure: InterceptorError?
    /// Problems after the command ran that did not change what happened (the result
    /// record or the checkpoint could not be written). Report them loudly.
    public var warnings: [String]

    /// True when the command was started.
    public var executed: Bool { execution != nil }
}
