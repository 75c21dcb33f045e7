internal import CLibYAML

/// Reads YAML with libyaml's event API, strictly.
///
/// Accepted: exactly one document of mappings, sequences and scalars. Rejected with a
/// located ``PolicyError``: syntax errors, anchors and aliases (no billion laughs), explicit
/// tags and `%TAG` directives, a stream with zero or several documents, duplicate keys,
/// keys that are not scalars or are empty/null, nesting deeper than ``maxDepth``, and
/// input larger than ``maxBytes``.
struct YAMLReader {
    /// Largest accepted policy, in bytes.
    static let maxBytes = 4 * 1024 * 1024
    /// Deepest accepted nesting of collections.
    static let maxDepth = 64

    let file: String

    func read(_ bytes: [UInt8]) throws(PolicyError) -> YAMLNode {
        guard bytes.count <= Self.maxBytes else {
            throw PolicyError(code: .tooLarge, file: file, line: 1, column: 1,
                              message: "policy is \(bytes.count) bytes; the limit is \(Self.maxBytes)")
        }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        defer { parser.deinitialize(count: 1); parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw PolicyError(code: .yamlSyntax, file: file, line: 1, column: 1, message: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(parser) }
        // libyaml wants a non-null pointer even for empty input.
        let input: [UInt8] = bytes.isEmpty ? [0] : bytes
        let result: Result<YAMLNode, PolicyError> = input.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, bytes.count)
            var state = EventStream(parser: parser, file: file)
            return Result { () throws(PolicyError) -> YAMLNode in try state.readStream() }
        }
        return try result.get()
    }
}

/// Walks libyaml events and builds nodes; owns nothing but a pointer to the parser.
private struct EventStream {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let file: String

    init(parser: UnsafeMutablePointer<yaml_parser_t>, file: String) {
        self.parser = parser
        self.file = file
    }

    /// A parsed event, copied out of libyaml's structure.
    struct Event {
        var type: yaml_event_type_t
        var line: Int
        var column: Int
        var scalar: String
        var plain: Bool
        var hasAnchor: Bool
        var hasTag: Bool
        var hasTagDirectives: Bool
    }

    mutating func next() throws(PolicyError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            let mark = parser.pointee.problem_mark
            let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
            var message = problem
            if let context = parser.pointee.context.map({ String(cString: $0) }) {
                message = "\(problem) \(context)"
            }
            throw PolicyError(code: .yamlSyntax, file: file, line: mark.line + 1, column: mark.column + 1, message: message)
        }
        defer { yaml_event_delete(&event) }
        var result = Event(
            type: event.type, line: event.start_mark.line + 1, column: event.start_mark.column + 1,
            scalar: "", plain: false, hasAnchor: false, hasTag: false, hasTagDirectives: false)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            if let value = data.value {
                result.scalar = String(decoding: UnsafeBufferPointer(start: value, count: data.length), as: UTF8.self)
            }
            result.plain = data.style == YAML_PLAIN_SCALAR_STYLE
            result.hasAnchor = data.anchor != nil
            result.hasTag = data.tag != nil
        case YAML_SEQUENCE_START_EVENT:
            result.hasAnchor = event.data.sequence_start.anchor != nil
            result.hasTag = event.data.sequence_start.tag != nil
        case YAML_MAPPING_START_EVENT:
            result.hasAnchor = event.data.mapping_start.anchor != nil
            result.hasTag = event.data.mapping_start.tag != nil
        case YAML_DOCUMENT_START_EVENT:
            let directives = event.data.document_start.tag_directives
            result.hasTagDirectives = directives.start != directives.end
        default:
            break
        }
        return result
    }

    /// Mappings with fewer entries are checked for duplicate keys by a scan.
    static let smallMapping = 16

    func error(_ code: PolicyError.Code, _ event: Event, _ message: String) -> PolicyError {
        PolicyError(code: code, file: file, line: event.line, column: event.column, message: message)
    }

    mutating func readStream() throws(PolicyError) -> YAMLNode {
        let start = try next()
        guard start.type == YAML_STREAM_START_EVENT else { throw error(.yamlSyntax, start, "expected the start of a YAML stream") }
        let document = try next()
        if document.type == YAML_STREAM_END_EVENT {
            throw error(.documentCount, document, "the policy is empty: expected one YAML document")
        }
        guard document.type == YAML_DOCUMENT_START_EVENT else { throw error(.yamlSyntax, document, "expected a YAML document") }
        if document.hasTagDirectives { throw error(.tag, document, "%TAG directives are not accepted") }
        let first = try next()
        let root = try readNode(first, depth: 0)
        let end = try next()
        guard end.type == YAML_DOCUMENT_END_EVENT else { throw error(.yamlSyntax, end, "expected the end of the document") }
        let after = try next()
        if after.type != YAML_STREAM_END_EVENT {
            throw error(.documentCount, after, "more than one YAML document; a policy is exactly one document")
        }
        return root
    }

    mutating func readNode(_ event: Event, depth: Int) throws(PolicyError) -> YAMLNode {
        if event.type == YAML_ALIAS_EVENT { throw error(.anchorOrAlias, event, "aliases (*name) are not accepted") }
        if event.hasAnchor { throw error(.anchorOrAlias, event, "anchors (&name) are not accepted") }
        if event.hasTag { throw error(.tag, event, "tags (!tag) are not accepted") }
        guard depth < YAMLReader.maxDepth else {
            throw error(.tooLarge, event, "nesting deeper than \(YAMLReader.maxDepth) levels")
        }
        switch event.type {
        case YAML_SCALAR_EVENT:
            return YAMLNode(kind: .scalar(event.scalar, plain: event.plain), line: event.line, column: event.column)
        case YAML_SEQUENCE_START_EVENT:
            var items: [YAMLNode] = []
            while true {
                let item = try next()
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try readNode(item, depth: depth + 1))
            }
            return YAMLNode(kind: .sequence(items), line: event.line, column: event.column)
        case YAML_MAPPING_START_EVENT:
            var entries: [YAMLNode.Entry] = []
            // Duplicate keys: a scan of the entries while the mapping is small (nearly all
            // are), a dictionary once it is large (no quadratic cost on hostile input).
            var seen: [String: Int] = [:]
            while true {
                let keyEvent = try next()
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let keyNode = try readNode(keyEvent, depth: depth + 1)
                guard case .scalar(let key, let plain) = keyNode.kind else {
                    throw error(.nonStringKey, keyEvent, "mapping keys must be strings, not \(keyNode.typeName)")
                }
                if plain && (key.isEmpty || key == "~" || key == "null" || key == "Null" || key == "NULL") {
                    throw error(.nonStringKey, keyEvent, "mapping keys must be strings, not null")
                }
                if entries.count == Self.smallMapping {
                    for entry in entries { seen[entry.key] = entry.keyLine }
                }
                let previous = entries.count < Self.smallMapping ? entries.first { $0.key == key }?.keyLine : seen[key]
                if let previous {
                    throw error(.duplicateKey, keyEvent, "duplicate key '\(key)' (first at line \(previous))")
                }
                if entries.count >= Self.smallMapping { seen[key] = keyEvent.line }
                let valueEvent = try next()
                let value = try readNode(valueEvent, depth: depth + 1)
                entries.append(.init(key: key, keyLine: keyEvent.line, keyColumn: keyEvent.column, value: value))
            }
            return YAMLNode(kind: .mapping(entries), line: event.line, column: event.column)
        default:
            throw error(.yamlSyntax, event, "unexpected YAML event")
        }
    }
}
