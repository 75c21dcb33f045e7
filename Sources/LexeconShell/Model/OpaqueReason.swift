/// Why part of a command cannot be seen into.
public struct OpaqueReason: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Code passed to an interpreter (`python -c`, `node -e`, `perl -e`, `ruby -e`).
        case interpreterCode = "interpreter_code"
        /// Data decoded or fetched at run time and fed to a shell or interpreter
        /// (`base64 -d | sh`, `curl … | bash`, `sh <(curl …)`).
        case runtimePayload = "runtime_payload"
        /// A nested script (`bash -c`, `eval`, here-doc to a shell) that does not parse.
        case nestedParseError = "nested_parse_error"
        /// A nested script built from run-time values (`eval "$X"`, `bash -c "$CMD"`).
        case dynamicScript = "dynamic_script"
        /// Unwrapping went deeper than the nesting limit.
        case depthLimit = "depth_limit"
    }
    public var kind: Kind
    /// A short human explanation, e.g. `python3 -c code`.
    public var detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
