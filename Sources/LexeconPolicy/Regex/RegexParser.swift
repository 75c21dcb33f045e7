/// Why a pattern did not compile; `offset` is a 0-based byte offset into the pattern.
struct RegexSyntaxError: Error, Sendable {
    var offset: Int
    var message: String
}

/// Parses the supported regular-expression syntax into a ``RegexNode``.
///
/// Supported: literals, `.`, classes `[...]` (ranges, negation, `\d \w \s`, POSIX
/// `[:alpha:]`-style names), `\d \D \w \W \s \S \b \B`, `\A \z`, `^ $`, groups `( )`,
/// `(?: )`, `(?P<n> )`, `(?<n> )`, alternation `|`, repetition `* + ? {m} {m,} {m,n}` with
/// optional lazy `?` (counts up to ``maxRepeat``), flags `(?i)`, `(?m)`, `(?s)`, `(?i: )`.
/// Rejected with an error: backreferences, lookahead and lookbehind, possessive and atomic
/// forms, conditionals: they cannot be matched in linear time.
struct RegexParser {
    /// Largest repetition count accepted in `{m,n}`.
    static let maxRepeat = 1000

    private let bytes: [UInt8]
    private var index = 0

    private struct Flags {
        var caseInsensitive = false
        var multiline = false
        var dotAll = false
    }

    init(_ pattern: String) {
        bytes = Array(pattern.utf8)
    }

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        var flags = Flags()
        let node = try parser.parseAlternation(&flags, depth: 0)
        if parser.index < parser.bytes.count {
            throw RegexSyntaxError(offset: parser.index, message: "unmatched ')'")
        }
        return node
    }

    private func fail(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(offset: offset ?? index, message: message)
    }

    private var atEnd: Bool { index >= bytes.count }
    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private mutating func parseAlternation(_ flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode {
        guard depth < 100 else { throw fail("groups nested too deeply") }
        var alternatives: [RegexNode] = [try parseConcat(&flags, depth: depth)]
        while peek() == UInt8(ascii: "|") {
            index += 1
            alternatives.append(try parseConcat(&flags, depth: depth))
        }
        return alternatives.count == 1 ? alternatives[0] : .alternate(alternatives)
    }

    private mutating func parseConcat(_ flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
            let start = index
            guard let atom = try parseAtom(&flags, depth: depth) else { continue }
            items.append(try parseRepeat(atom, atomStart: start))
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseRepeat(_ atom: RegexNode, atomStart: Int) throws(RegexSyntaxError) -> RegexNode {
        var node = atom
        while let byte = peek() {
            var min = 0
            var max: Int? = nil
            let opStart = index
            switch byte {
            case UInt8(ascii: "*"): index += 1
            case UInt8(ascii: "+"): min = 1; index += 1
            case UInt8(ascii: "?"): max = 1; index += 1
            case UInt8(ascii: "{"):
                guard let (lo, hi, length) = scanCounted() else { return node }
                index += length
                min = lo
                max = hi
            default:
                return node
            }
            if case .assertion = atom { throw fail("nothing to repeat", at: opStart) }
            if let max, max < min { throw fail("repeat bounds out of order", at: opStart) }
            if min > Self.maxRepeat || (max ?? 0) > Self.maxRepeat {
                throw fail("repeat count above \(Self.maxRepeat)", at: opStart)
            }
            if peek() == UInt8(ascii: "?") {
                index += 1  // lazy: same language, so the same yes/no answer
            } else if peek() == UInt8(ascii: "+") {
                throw fail("possessive repetition is not supported")
            }
            node = .repetition(node, min: min, max: max)
        }
        return node
    }

    /// Scans `{m}`, `{m,}`, `{m,n}` at `index`; nil when it is not a repeat (then `{` is literal).
    private func scanCounted() -> (Int, Int?, Int)? {
        var i = index + 1
        func number() -> Int? {
            var value: Int? = nil
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                value = min((value ?? 0) * 10 + Int(bytes[i] - 48), 1_000_000)
                i += 1
            }
            return value
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
            i += 1
            hi = number()
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { return nil }
        return (lo, hi, i + 1 - index)
    }

    private func set(_ set: ByteSet, _ flags: Flags) -> RegexNode {
        .bytes(flags.caseInsensitive ? set.caseFolded() : set)
    }

    /// Parses one atom; returns nil for a flag-only group such as `(?i)`.
    private mutating func parseAtom(_ flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode? {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "("):
            return try parseGroup(&flags, depth: depth)
        case UInt8(ascii: "["):
            return set(try parseClass(), flags)
        case UInt8(ascii: "."):
            index += 1
            return .bytes(flags.dotAll ? .all : ByteSet.newline.inverted())
        case UInt8(ascii: "^"):
            index += 1
            return .assertion(.lineStart(multiline: flags.multiline))
        case UInt8(ascii: "$"):
            index += 1
            return .assertion(.lineEnd(multiline: flags.multiline))
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw fail("nothing to repeat")
        case UInt8(ascii: "\\"):
            return try parseEscape(flags)
        default:
            index += 1
            return set(ByteSet(byte), flags)
        }
    }

    private mutating func parseGroup(_ flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode? {
        let open = index
        index += 1
        var inner = flags
        if peek() == UInt8(ascii: "?") {
            index += 1
            guard let kind = peek() else { throw fail("unterminated group", at: open) }
            switch kind {
            case UInt8(ascii: ":"):
                index += 1
            case UInt8(ascii: "="), UInt8(ascii: "!"):
                throw fail("lookahead is not supported (it cannot run in linear time)", at: open)
            case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "=") || peek(1) == UInt8(ascii: "!"):
                throw fail("lookbehind is not supported (it cannot run in linear time)", at: open)
            case UInt8(ascii: "P") where peek(1) == UInt8(ascii: "="):
                throw fail("backreferences are not supported (they cannot run in linear time)", at: open)
            case UInt8(ascii: "P"), UInt8(ascii: "<"):
                if kind == UInt8(ascii: "P") { index += 1 }
                guard peek() == UInt8(ascii: "<") else { throw fail("invalid group name", at: open) }
                while let c = peek(), c != UInt8(ascii: ">") { index += 1 }
                guard peek() == UInt8(ascii: ">") else { throw fail("unterminated group name", at: open) }
                index += 1
            case UInt8(ascii: ">"):
                throw fail("atomic groups are not supported", at: open)
            case UInt8(ascii: "("):
                throw fail("conditionals are not supported", at: open)
            default:
                // Flags: (?i) (?m) (?s) (?-i) (?i:...)
                var on = true
                var scoped = false
                while let c = peek() {
                    index += 1
                    switch c {
                    case UInt8(ascii: "i"): inner.caseInsensitive = on
                    case UInt8(ascii: "m"): inner.multiline = on
                    case UInt8(ascii: "s"): inner.dotAll = on
                    case UInt8(ascii: "-"): on = false
                    case UInt8(ascii: ")"):
                        flags = inner  // applies to the rest of the enclosing group
                        return nil
                    case UInt8(ascii: ":"):
                        scoped = true
                    default:
                        throw fail("unsupported group flag '\(String(UnicodeScalar(c)))'", at: index - 1)
                    }
                    if scoped { break }
                }
                if !scoped { throw fail("unterminated group", at: open) }
            }
        }
        let node = try parseAlternation(&inner, depth: depth + 1)
        guard peek() == UInt8(ascii: ")") else { throw fail("missing ')'", at: open) }
        index += 1
        return node
    }

    private mutating func parseEscape(_ flags: Flags) throws(RegexSyntaxError) -> RegexNode {
        let start = index
        index += 1
        guard let c = peek() else { throw fail("trailing backslash", at: start) }
        index += 1
        switch c {
        case UInt8(ascii: "d"): return .bytes(.digit)
        case UInt8(ascii: "D"): return .bytes(ByteSet.digit.inverted())
        case UInt8(ascii: "w"): return .bytes(.word)
        case UInt8(ascii: "W"): return .bytes(ByteSet.word.inverted())
        case UInt8(ascii: "s"): return .bytes(.space)
        case UInt8(ascii: "S"): return .bytes(ByteSet.space.inverted())
        case UInt8(ascii: "b"): return .assertion(.wordBoundary)
        case UInt8(ascii: "B"): return .assertion(.notWordBoundary)
        case UInt8(ascii: "A"): return .assertion(.lineStart(multiline: false))
        case UInt8(ascii: "z"), UInt8(ascii: "Z"): return .assertion(.lineEnd(multiline: false))
        case UInt8(ascii: "1")...UInt8(ascii: "9"), UInt8(ascii: "k"), UInt8(ascii: "g"):
            throw fail("backreferences are not supported (they cannot run in linear time)", at: start)
        default:
            index = start
            return set(try parseEscapedByte(), flags)
        }
    }

    /// An escape that denotes one byte (or a small set) inside or outside a class.
    private mutating func parseEscapedByte() throws(RegexSyntaxError) -> ByteSet {
        let start = index
        index += 1
        guard let c = peek() else { throw fail("trailing backslash", at: start) }
        index += 1
        switch c {
        case UInt8(ascii: "n"): return ByteSet(10)
        case UInt8(ascii: "t"): return ByteSet(9)
        case UInt8(ascii: "r"): return ByteSet(13)
        case UInt8(ascii: "f"): return ByteSet(12)
        case UInt8(ascii: "v"): return ByteSet(11)
        case UInt8(ascii: "0"): return ByteSet(0)
        case UInt8(ascii: "d"): return .digit
        case UInt8(ascii: "D"): return ByteSet.digit.inverted()
        case UInt8(ascii: "w"): return .word
        case UInt8(ascii: "W"): return ByteSet.word.inverted()
        case UInt8(ascii: "s"): return .space
        case UInt8(ascii: "S"): return ByteSet.space.inverted()
        case UInt8(ascii: "x"):
            guard let h = peek().flatMap(hexValue), let l = peek(1).flatMap(hexValue) else {
                throw fail("\\x needs two hex digits", at: start)
            }
            index += 2
            return ByteSet(h << 4 | l)
        default:
            let isAlnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
            if isAlnum { throw fail("unknown escape '\\\(String(UnicodeScalar(c)))'", at: start) }
            return ByteSet(c)
        }
    }

    private func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }

    private mutating func parseClass() throws(RegexSyntaxError) -> ByteSet {
        let open = index
        index += 1
        var negate = false
        if peek() == UInt8(ascii: "^") { negate = true; index += 1 }
        var result = ByteSet()
        var first = true
        while true {
            guard let c = peek() else { throw fail("missing ']'", at: open) }
            if c == UInt8(ascii: "]") && !first { index += 1; break }
            first = false
            if c == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
                result.formUnion(try parsePOSIXClass())
                continue
            }
            var low: UInt8
            if c == UInt8(ascii: "\\") {
                let escaped = try parseEscapedByte()
                guard let single = escaped.single else { result.formUnion(escaped); continue }
                low = single
            } else {
                low = c
                index += 1
            }
            if peek() == UInt8(ascii: "-"), let next = peek(1), next != UInt8(ascii: "]") {
                index += 1
                var high: UInt8
                if next == UInt8(ascii: "\\") {
                    let escaped = try parseEscapedByte()
                    guard let single = escaped.single else { throw fail("invalid range in class") }
                    high = single
                } else {
                    high = next
                    index += 1
                }
                guard low <= high else { throw fail("range out of order in class") }
                result.insert(range: low...high)
            } else {
                result.insert(low)
            }
            _ = low
        }
        return negate ? result.inverted() : result
    }

    private mutating func parsePOSIXClass() throws(RegexSyntaxError) -> ByteSet {
        let start = index
        index += 2
        var name: [UInt8] = []
        while let c = peek(), c != UInt8(ascii: ":") { name.append(c); index += 1 }
        guard peek() == UInt8(ascii: ":"), peek(1) == UInt8(ascii: "]") else { throw fail("invalid character class name", at: start) }
        index += 2
        var set = ByteSet()
        switch String(decoding: name, as: UTF8.self) {
        case "alpha": set.insert(range: 65...90); set.insert(range: 97...122)
        case "digit": set = .digit
        case "alnum": set.insert(range: 65...90); set.insert(range: 97...122); set.formUnion(.digit)
        case "space": set = .space
        case "upper": set.insert(range: 65...90)
        case "lower": set.insert(range: 97...122)
        case "word": set = .word
        case "xdigit": set = .digit; set.insert(range: 65...70); set.insert(range: 97...102)
        case "punct":
            set.insert(range: 33...47); set.insert(range: 58...64); set.insert(range: 91...96); set.insert(range: 123...126)
        default: throw fail("unknown character class name", at: start)
        }
        return set
    }
}

extension ByteSet {
    /// The only byte in the set, if it has exactly one.
    var single: UInt8? {
        var found: UInt8? = nil
        for byte in 0...255 where contains(UInt8(byte)) {
            if found != nil { return nil }
            found = UInt8(byte)
        }
        return found
    }
}
