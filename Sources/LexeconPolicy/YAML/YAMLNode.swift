/// A YAML node read by ``YAMLReader``: only strings, sequences and mappings, each with its
/// 1-based source position. Scalars stay strings; the schema decoder gives them types.
struct YAMLNode: Sendable, Equatable {
    /// One key of a mapping, with its own position for "duplicate key"/"unknown key" errors.
    struct Entry: Sendable, Equatable {
        var key: String
        var keyLine: Int
        var keyColumn: Int
        var value: YAMLNode
    }

    // Not `indirect`: children live in arrays already, so a node needs no box of its own.
    enum Kind: Sendable, Equatable {
        /// A scalar; `plain` is false when it was quoted or a block scalar (`|`, `>`).
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    var kind: Kind
    var line: Int
    var column: Int

    /// A short name of the node's type for error messages.
    var typeName: String {
        switch kind {
        case .scalar: "a scalar"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}
