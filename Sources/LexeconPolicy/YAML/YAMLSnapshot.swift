internal import LexeconCrypto

/// A compact binary form of a ``YAMLNode`` tree: how the built-in default policy is
/// compiled into the binary.
///
/// libyaml takes longer to read the 75 KB default policy than the rest of a `lexecon run`
/// start-up; the same tree in this form reads in a small fraction of that, and then goes
/// through the same ``PolicyDecoder`` as any policy. It is data lexecon ships, never input:
/// policies users write are always read as YAML. The tests regenerate the snapshot from
/// `Policies/default.yaml` and check that the committed one is byte-for-byte that.
///
/// Layout (integers are unsigned LEB128): the magic `LXY1`, then one node:
/// a kind byte (0 quoted scalar, 1 plain scalar, 2 sequence, 3 mapping), line, column, then
/// for a scalar its UTF-8 length and bytes; for a sequence its count and nodes; for a mapping
/// its count and, per entry, the key's length and bytes, key line, key column and value node.
enum YAMLSnapshot {
    static let magic: [UInt8] = Array("LXY1".utf8)

    static func encode(_ root: YAMLNode) -> [UInt8] {
        var out = magic
        func number(_ value: Int) {
            var rest = UInt64(value)
            repeat {
                let low = UInt8(rest & 0x7F)
                rest >>= 7
                out.append(rest == 0 ? low : low | 0x80)
            } while rest != 0
        }
        func text(_ value: String) {
            number(value.utf8.count)
            out.append(contentsOf: value.utf8)
        }
        func write(_ node: YAMLNode) {
            switch node.kind {
            case .scalar(let value, let plain):
                out.append(plain ? 1 : 0); number(node.line); number(node.column); text(value)
            case .sequence(let items):
                out.append(2); number(node.line); number(node.column); number(items.count)
                for item in items { write(item) }
            case .mapping(let entries):
                out.append(3); number(node.line); number(node.column); number(entries.count)
                for entry in entries {
                    text(entry.key); number(entry.keyLine); number(entry.keyColumn)
                    write(entry.value)
                }
            }
        }
        write(root)
        return out
    }

    /// The tree of a snapshot written as base64 lines (line breaks ignored); nil when it is
    /// not well-formed.
    static func decode(base64 lines: String) -> YAMLNode? {
        var lines = lines
        let text = lines.withUTF8 { utf8 in
            [UInt8](unsafeUninitializedCapacity: utf8.count) { out, count in
                for byte in utf8 where byte != 10 {
                    out[count] = byte
                    count += 1
                }
            }
        }
        guard let bytes = decodeBase64(text) else { return nil }
        return decode(bytes)
    }

    /// Strict standard base64 by table (`Base64.decode`): the snapshot is public data, so
    /// libsodium's constant-time decoder (~8.6M instructions for this snapshot, at every
    /// start; meant for secrets) is not needed.
    static func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBytes { Base64.decode($0) }
    }

    /// `bytes` as base64 in lines of 100 characters, for a generated Swift file.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let text = Array(Base64.encode(bytes).utf8)
        var lines: [String] = []
        var start = 0
        while start < text.count {
            let end = min(start + 100, text.count)
            lines.append(String(decoding: text[start..<end], as: UTF8.self))
            start = end
        }
        return lines.joined(separator: "\n")
    }

    /// The tree, or nil when `bytes` is not a well-formed snapshot (bounds, kinds, nesting
    /// deeper than ``YAMLReader/maxDepth``, trailing bytes).
    static func decode(_ bytes: [UInt8]) -> YAMLNode? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, position: 0)
            guard reader.expect(magic), let root = reader.node(depth: 0), reader.position == buffer.count else { return nil }
            return root
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int

        mutating func expect(_ prefix: [UInt8]) -> Bool {
            guard bytes.count - position >= prefix.count else { return false }
            for byte in prefix {
                guard bytes[position] == byte else { return false }
                position += 1
            }
            return true
        }

        mutating func number() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < bytes.count, shift < 63 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value <= UInt64(Int32.max) ? Int(value) : nil }
                shift += 7
            }
            return nil
        }

        mutating func text() -> String? {
            guard let count = number(), count <= bytes.count - position else { return nil }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<(position + count)]), as: UTF8.self)
            position += count
            return value
        }

        mutating func node(depth: Int) -> YAMLNode? {
            guard depth <= YAMLReader.maxDepth, position < bytes.count else { return nil }
            let kind = bytes[position]
            position += 1
            guard let line = number(), let column = number() else { return nil }
            switch kind {
            case 0, 1:
                guard let value = text() else { return nil }
                return YAMLNode(kind: .scalar(value, plain: kind == 1), line: line, column: column)
            case 2:
                // Every node takes at least three bytes: a count larger than what is left is malformed.
                guard let count = number(), count <= bytes.count - position else { return nil }
                var items: [YAMLNode] = []
                items.reserveCapacity(count)
                for _ in 0..<count {
                    guard let item = node(depth: depth + 1) else { return nil }
                    items.append(item)
                }
                return YAMLNode(kind: .sequence(items), line: line, column: column)
            case 3:
                guard let count = number(), count <= bytes.count - position else { return nil }
                var entries: [YAMLNode.Entry] = []
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    guard let key = text(), let keyLine = number(), let keyColumn = number(),
                          let value = node(depth: depth + 1) else { return nil }
                    entries.append(.init(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
                }
                return YAMLNode(kind: .mapping(entries), line: line, column: column)
            default:
                return nil
            }
        }
    }
}
