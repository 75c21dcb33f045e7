/// A shell-style glob, matched against a whole string in linear time.
///
/// Syntax: `*` (any run of characters; in path mode, not `/`), `**` (any run, `/` included;
/// `dir/**` also matches `dir` itself and `**/` also matches nothing), `?` (one character; in
/// path mode, not `/`), `[abc]`, `[a-z]`, `[!x]` / `[^x]`, `{a,b,c}` (alternatives, may
/// nest), and `\` to escape. Plain text and the common `prefix*`, `*suffix`, `*infix*` shapes
/// take fast paths; everything else compiles to a ``LinearRegex``.
///
/// A class: rules hold many globs and evaluation passes them around per command, so a copy
/// is one reference rather than a copy of the pattern and its compiled form.
final class Glob: Sendable, CustomStringConvertible {
    private enum Shape: Sendable {
        /// Plain text, kept as the pattern string (most globs of a policy are plain names:
        /// no copy of their bytes at load).
        case exact(String)
        case prefix([UInt8])
        case suffix([UInt8])
        case infix([UInt8])
        case any
        /// `DIR/**` in path mode: `DIR` itself or anything below it (`DIR`, `DIR/`).
        case tree([UInt8])
        /// `**/NAME` in path mode: a path whose last components are `NAME` (`NAME`, `/NAME`).
        case endsWithPath([UInt8])
        /// Anything else; the bytes before the first glob character must open the text.
        case regex(LinearRegex, prefix: [UInt8])
    }

    /// The pattern as written.
    let pattern: String
    private let shape: Shape

    var description: String { pattern }

    /// True when the pattern contains no glob syntax.
    var isLiteral: Bool {
        if case .exact = shape { return true }
        return false
    }

    /// Compiles `pattern`; `pathMode` makes `*` and `?` stop at `/`.
    init(_ pattern: String, pathMode: Bool = false) throws(RegexSyntaxError) {
        self.pattern = pattern
        // Most globs of a policy are plain names: no copy of their bytes for those.
        var metaCount = 0
        for byte in pattern.utf8 where Self.isMeta(byte) { metaCount += 1 }
        if metaCount == 0 {
            shape = .exact(pattern)
            return
        }
        let bytes = Array(pattern.utf8)
        let stars = bytes.filter { $0 == 42 }.count
        if !pathMode && stars == metaCount {
            if pattern == "*" || pattern == "**" { shape = .any; return }
            if stars == 1 && bytes.last == 42 { shape = .prefix(Array(bytes.dropLast())); return }
            if stars == 1 && bytes.first == 42 { shape = .suffix(Array(bytes.dropFirst())); return }
            if stars == 2 && bytes.first == 42 && bytes.last == 42 && bytes.count > 2 {
                shape = .infix(Array(bytes.dropFirst().dropLast())); return
            }
        }
        if pathMode {
            let body = Array(bytes)
            if body.count > 3, Array(body.suffix(3)) == Array("/**".utf8), !body.dropLast(3).contains(where: Self.isMeta) {
                shape = .tree(Array(body.dropLast(3)))
                return
            }
            if body.count > 3, Array(body.prefix(3)) == Array("**/".utf8), !body.dropFirst(3).contains(where: Self.isMeta) {
                shape = .endsWithPath(Array(body.dropFirst(3)))
                return
            }
        }
        var parser = GlobParser(bytes: bytes, pathMode: pathMode)
        let node = try parser.parseSequence(inBraces: false)
        if parser.index < bytes.count { throw RegexSyntaxError(offset: parser.index, message: "unmatched '}'") }
        let prefix = Array(bytes.prefix { !Self.isMeta($0) })
        shape = .regex(try LinearRegex(node: .concat([.assertion(.lineStart(multiline: false)), node, .assertion(.lineEnd(multiline: false))])),
                       prefix: prefix)
    }

    /// `*`, `?`, `[`, `{` and `\`.
    private static func isMeta(_ byte: UInt8) -> Bool {
        byte == 42 || byte == 63 || byte == 91 || byte == 123 || byte == 92
    }

    /// True when the whole of `text` matches. Texts are compared as UTF-8 bytes, like the
    /// regex engine globs compile to (no Unicode normalisation: file names are bytes).
    func matches(_ text: String) -> Bool {
        if case .any = shape { return true }
        var text = text
        return text.withUTF8(matches(bytes:))
    }

    /// True when the whole of `text` (UTF-8) matches.
    func matches(bytes text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .exact(let literal):
            let utf8 = literal.utf8
            guard utf8.count == text.count else { return false }
            return utf8.withContiguousStorageIfAvailable { Self.same(text, at: 0, $0) } ?? utf8.elementsEqual(text)
        case .prefix(let prefix): return Self.hasPrefix(text, prefix)
        case .suffix(let suffix): return Self.hasSuffix(text, suffix)
        case .infix(let infix): return Self.contains(text, infix)
        case .any: return true
        case .tree(let directory):
            // `DIR` itself, or `DIR/` followed by anything.
            return Self.hasPrefix(text, directory) && (text.count == directory.count || text[directory.count] == 47)
        case .endsWithPath(let tail):
            // `NAME` itself, or anything ending in `/NAME`.
            return Self.hasSuffix(text, tail) && (text.count == tail.count || text[text.count - tail.count - 1] == 47)
        case .regex(let regex, let prefix):
            // Most such globs open with a literal directory (`/tmp/?*/**`): a text that does
            // not start with it cannot match. The rest (`**/.ssh/authorized_keys*`) need a
            // literal somewhere, which the regex's prefilter looks for before the NFA runs.
            return Self.hasPrefix(text, prefix) && regex.matches(bytes: text)
        }
    }

    private static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= text.count else { return false }
        return prefix.withUnsafeBufferPointer { same(text, at: 0, $0) }
    }

    private static func hasSuffix(_ text: UnsafeBufferPointer<UInt8>, _ suffix: [UInt8]) -> Bool {
        guard suffix.count <= text.count else { return false }
        return suffix.withUnsafeBufferPointer { same(text, at: text.count - suffix.count, $0) }
    }

    /// `literal` occurs in `text` at `offset` (which leaves room for it).
    @inline(__always)
    private static func same(_ text: UnsafeBufferPointer<UInt8>, at offset: Int, _ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < literal.count {
            if text[offset + index] != literal[index] { return false }
            index += 1
        }
        return true
    }

    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ pin: [UInt8]) -> Bool {
        guard !pin.isEmpty else { return true }
        guard pin.count <= hay.count else { return false }
        var start = 0
        while start + pin.count <= hay.count {
            if hay[start] == pin[0] {
                var k = 1
                while k < pin.count && hay[start + k] == pin[k] { k += 1 }
                if k == pin.count { return true }
            }
            start += 1
        }
        return false
    }
}

/// Turns glob text into a ``RegexNode``.
private struct GlobParser {
    let bytes: [UInt8]
    let pathMode: Bool
    var index = 0

    init(bytes: [UInt8], pathMode: Bool) {
        self.bytes = bytes
        self.pathMode = pathMode
    }

    private var notSlash: ByteSet { pathMode ? ByteSet(47).inverted() : .all }

    mutating func parseSequence(inBraces: Bool) throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while index < bytes.count {
            let c = bytes[index]
            if inBraces && (c == UInt8(ascii: ",") || c == UInt8(ascii: "}")) { break }
            if !inBraces && c == UInt8(ascii: "}") { break }
            switch c {
            case UInt8(ascii: "*"):
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*") {
                    index += 2
                    let atStart = index == 2 || (index >= 3 && bytes[index - 3] == UInt8(ascii: "/"))
                    if pathMode && index < bytes.count && bytes[index] == UInt8(ascii: "/") && atStart {
                        // `**/` matches zero or more whole directories.
                        index += 1
                        items.append(.repetition(.concat([.repetition(.bytes(.all), min: 0, max: nil), .bytes(ByteSet(47))]), min: 0, max: 1))
                    } else if pathMode && index == bytes.count && items.last.map(isSlash) == true {
                        // `dir/**` also matches `dir` itself.
                        items.removeLast()
                        items.append(.repetition(.concat([.bytes(ByteSet(47)), .repetition(.bytes(.all), min: 0, max: nil)]), min: 0, max: 1))
                    } else {
                        items.append(.repetition(.bytes(.all), min: 0, max: nil))
                    }
                    while index < bytes.count && bytes[index] == UInt8(ascii: "*") { index += 1 }
                } else {
                    index += 1
                    items.append(.repetition(.bytes(notSlash), min: 0, max: nil))
                }
            case UInt8(ascii: "?"):
                index += 1
                items.append(.bytes(notSlash))
            case UInt8(ascii: "["):
                items.append(.bytes(try parseClass()))
            case UInt8(ascii: "{"):
                let open = index
                index += 1
                var alternatives: [RegexNode] = []
                while true {
                    alternatives.append(try parseSequence(inBraces: true))
                    guard index < bytes.count else { throw RegexSyntaxError(offset: open, message: "missing '}'") }
                    let separator = bytes[index]
                    index += 1
                    if separator == UInt8(ascii: "}") { break }
                }
                items.append(.alternate(alternatives))
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { throw RegexSyntaxError(offset: index, message: "trailing backslash") }
                items.append(.bytes(ByteSet(bytes[index + 1])))
                index += 2
            default:
                items.append(.bytes(ByteSet(c)))
                index += 1
            }
        }
        return .concat(items)
    }

    private func isSlash(_ node: RegexNode) -> Bool {
        if case .bytes(let set) = node { return set == ByteSet(47) }
        return false
    }

    private mutating func parseClass() throws(RegexSyntaxError) -> ByteSet {
        let open = index
        index += 1
        var negate = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "^")) {
            negate = true
            index += 1
        }
        var set = ByteSet()
        var first = true
        while true {
            guard index < bytes.count else { throw RegexSyntaxError(offset: open, message: "missing ']'") }
            var c = bytes[index]
            if c == UInt8(ascii: "]") && !first { index += 1; break }
            first = false
            if c == UInt8(ascii: "\\") && index + 1 < bytes.count { index += 1; c = bytes[index] }
            index += 1
            if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "-") && bytes[index + 1] != UInt8(ascii: "]") {
                let high = bytes[index + 1]
                index += 2
                guard c <= high else { throw RegexSyntaxError(offset: open, message: "range out of order") }
                set.insert(range: c...high)
            } else {
                set.insert(c)
            }
        }
        if negate {
            set = set.inverted()
            if pathMode { set = set.intersection(notSlash) }
        }
        return set
    }
}

extension ByteSet {
    func intersection(_ other: ByteSet) -> ByteSet {
        var result = ByteSet()
        for byte in 0...255 where contains(UInt8(byte)) && other.contains(UInt8(byte)) { result.insert(UInt8(byte)) }
        return result
    }
}
