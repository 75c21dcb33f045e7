#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict parser for one JSON text in lexecon's integer-only profile.
///
/// It rejects what a lenient parser would let through and what could make two readers
/// disagree: duplicate keys, numbers with leading zeros, fractions, exponents, `-0` or
/// magnitudes over 2^53−1, lone surrogate escapes, invalid UTF-8, raw control characters
/// in strings, trailing bytes and nesting deeper than ``maxDepth``. Insignificant
/// whitespace is accepted, so a reformatted record is reported as non-canonical rather
/// than as unreadable.
public struct StrictJSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 32
    /// The longest input accepted, in bytes.
    public static let maxLength = 64 * 1024

    /// Parses `bytes` as one JSON text.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        // withUnsafeBytes only rethrows untyped errors, so carry the result out as a Result.
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(JSONParseError) in try parse(buffer) } }
        return try result.get()
    }

    /// Parses `bytes` as one JSON text.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        try parseNotingForm(bytes).value
    }

    /// Parses `bytes` as one JSON text and tells whether the text is its own canonical
    /// (RFC 8785) serialisation — `CanonicalJSON.serialize(value) == bytes` — without
    /// serialising: no whitespace between tokens, members in JCS key order, and only the
    /// escapes JCS writes (`\"`, `\\`, `\b \t \n \f \r`, lowercase `\u00xx` for other
    /// control characters). Integers and literals the parser accepts are always canonical.
    public static func parseNotingForm(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> (value: JSONValue, isCanonical: Bool) {
        var parser = StrictJSONParser(bytes)
        let value = try parser.parseWhole()
        return (value, parser.canonical)
    }

    /// Parses `bytes` as ``parseNotingForm(_:)`` does and also tells where the top-level
    /// object's member `name` is: the byte range from its key's opening quote to the end of
    /// its value (nil when the text is not an object or has no such member). A canonical
    /// record's body is its line with that range, and one comma next to it, cut out.
    public static func parseNotingForm(_ bytes: UnsafeRawBufferPointer, locating name: StaticString) throws(JSONParseError)
        -> (value: JSONValue, isCanonical: Bool, member: Range<Int>?) {
        var parser = StrictJSONParser(bytes)
        parser.locate = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        let value = try parser.parseWhole()
        return (value, parser.canonical, parser.located)
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    /// False once the text is seen to differ from its canonical serialisation.
    private var canonical = true
    /// Set by ``parseString()``: the string just read had no escapes and only ASCII bytes,
    /// so its value is exactly the bytes in ``plainRange``.
    private var plain = false
    private var plainRange = 0..<0
    /// The top-level member to locate (UTF-8 of its key, static storage), and where it was found.
    private var locate: UnsafeRawBufferPointer? = nil
    private var located: Range<Int>? = nil

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private mutating func parseWhole() throws(JSONParseError) -> JSONValue {
        guard bytes.count <= StrictJSONParser.maxLength else {
            throw JSONParseError(.tooLong, at: StrictJSONParser.maxLength, "longer than \(StrictJSONParser.maxLength) bytes")
        }
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else {
            throw JSONParseError(.trailingBytes, at: index, "unexpected bytes after the JSON value")
        }
        return value
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1; canonical = false
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = current else { throw JSONParseError(.unexpectedEnd, at: index, "unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try parseInteger())
        default:
            throw JSONParseError(.unexpectedCharacter, at: index, "unexpected character \(describe(byte))")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        for expected in UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard current == expected else {
                throw JSONParseError(.unexpectedCharacter, at: start, "invalid literal")
            }
            index += 1
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= StrictJSONParser.maxDepth else {
            throw JSONParseError(.tooDeep, at: index, "nesting deeper than \(StrictJSONParser.maxDepth)")
        }
        index += 1  // {
        var members: [JSONMember] = []
        // A record has a dozen or two top-level members: grow its array once, not five times.
        if depth == 1 { members.reserveCapacity(24) }
        // While keys arrive in strictly increasing byte order (always, in canonical
        // records) they are distinct without hashing; the set is built only otherwise.
        var keys: Set<ExactKey>? = nil
        // The previous key's bytes when it was plain ASCII (see `plain`): two such keys
        // compare by memcmp, and for ASCII byte order, UTF-16 order and JCS order agree.
        var previousPlain: Range<Int>? = nil
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw JSONParseError(.unexpectedCharacter, at: index, "expected a string key")
            }
            let keyStart = index
            let key = try parseString()
            let keyPlain = plain ? plainRange : nil
            if let last = members.last {
                let increasing: Bool
                if let previous = previousPlain, let current = keyPlain {
                    increasing = precedes(previous, current)
                    if !increasing { canonical = false }
                } else {
                    increasing = last.key.utf8.lexicographicallyPrecedes(key.utf8)
                    // Canonical members are in JCS order (UTF-16 code units), which agrees with
                    // byte order except for keys with characters from U+E000 up.
                    if canonical, !CanonicalJSON.precedes(last.key, key) { canonical = false }
                }
                if keys == nil, !increasing { keys = Set(members.map { ExactKey($0.key) }) }
            }
            previousPlain = keyPlain
            if keys != nil {
                guard keys!.insert(ExactKey(key)).inserted else {
                    throw JSONParseError(.duplicateKey, at: keyStart, "duplicate key \"\(key)\"")
                }
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw JSONParseError(.unexpectedCharacter, at: index, "expected ':' after a key")
            }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key, try parseValue(depth: depth)))
            if depth == 1, let locate, let keyPlain, isMember(keyPlain, named: locate) {
                located = keyStart..<index
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            case nil: throw JSONParseError(.unexpectedEnd, at: index, "unterminated object")
            default: throw JSONParseError(.unexpectedCharacter, at: index, "expected ',' or '}' in an object")
            }
        }
    }

    /// Whether the bytes at `a` sort strictly before those at `b`.
    private func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, common)
        return order < 0 || (order == 0 && a.count < b.count)
    }

    /// Whether the key bytes at `range` are `name`.
    private func isMember(_ range: Range<Int>, named name: UnsafeRawBufferPointer) -> Bool {
        range.count == name.count && (name.isEmpty || memcmp(name.baseAddress!, bytes.baseAddress! + range.lowerBound, name.count) == 0)
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= StrictJSONParser.maxDepth else {
            throw JSONParseError(.tooDeep, at: index, "nesting deeper than \(StrictJSONParser.maxDepth)")
        }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            case nil: throw JSONParseError(.unexpectedEnd, at: index, "unterminated array")
            default: throw JSONParseError(.unexpectedCharacter, at: index, "expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseInteger() throws(JSONParseError) -> Int64 {
        let start = index
        var negative = false
        if current == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw JSONParseError(.invalidNumber, at: start, "invalid number")
        }
        var value: Int64 = 0
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = current, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                throw JSONParseError(.invalidNumber, at: start, "numbers must not have leading zeros")
            }
        } else {
            while let digit = current, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
                value = value * 10 + Int64(digit - UInt8(ascii: "0"))
                guard value <= JSONValue.maxInteger else {
                    throw JSONParseError(.invalidNumber, at: start, "integer magnitude exceeds 2^53-1")
                }
                index += 1
            }
        }
        if let next = current, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            throw JSONParseError(.invalidNumber, at: start, "only integers are allowed (no fractions or exponents)")
        }
        if negative && value == 0 {
            throw JSONParseError(.invalidNumber, at: start, "-0 is not allowed")
        }
        return negative ? -value : value
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1  // opening quote
        let contentStart = index
        plain = false
        // Fast path: no escapes. `seen` collects the bits of every byte: below 0x80 means ASCII.
        var seen: UInt64 = 0
        let count = bytes.count
        var i = index
        // Eight bytes at a time while none of them is `"`, `\` or a control character
        // (exact word tests: (x − 0x01…) & ~x & 0x80… is non-zero iff some byte of x is 0).
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5c)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { break }
            seen |= word
            i += 8
        }
        while i < count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            seen |= UInt64(byte)
            i += 1
        }
        index = i
        guard index < count else { throw JSONParseError(.unexpectedEnd, at: start, "unterminated string") }
        let stop = bytes[index]
        if stop < 0x20 {
            throw JSONParseError(.controlCharacter, at: index, "raw control character in a string")
        }
        if stop == UInt8(ascii: "\"") {
            let slice = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index])
            index += 1
            if seen & highs == 0 {
                // ASCII is valid UTF-8: no validation pass (and no generic one) needed.
                plain = true
                plainRange = contentStart..<(index - 1)
                return String(decoding: slice.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
            }
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw JSONParseError(.invalidUTF8, at: contentStart, "string is not valid UTF-8")
            }
            return text
        }
        // Slow path: decode escapes into a byte buffer, then validate UTF-8 once.
        var decoded = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index]))
        while true {
            guard let byte = current else { throw JSONParseError(.unexpectedEnd, at: start, "unterminated string") }
            if byte == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if byte < 0x20 {
                throw JSONParseError(.controlCharacter, at: index, "raw control character in a string")
            }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            index += 1
            guard let escape = current else { throw JSONParseError(.unexpectedEnd, at: start, "unterminated string") }
            index += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5c)
            case UInt8(ascii: "/"): decoded.append(0x2f); canonical = false
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0c)
            case UInt8(ascii: "n"): decoded.append(0x0a)
            case UInt8(ascii: "r"): decoded.append(0x0d)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let hexStart = index
                var scalar = try parseHex4()
                if canonical && !Self.isCanonicalEscape(scalar, digits: UnsafeRawBufferPointer(rebasing: bytes[hexStart..<index])) {
                    canonical = false
                }
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw JSONParseError(.loneSurrogate, at: index, "lone high surrogate escape")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw JSONParseError(.loneSurrogate, at: index, "high surrogate not followed by a low surrogate")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw JSONParseError(.loneSurrogate, at: index, "lone low surrogate escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw JSONParseError(.loneSurrogate, at: index, "invalid code point")
                }
                decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw JSONParseError(.invalidEscape, at: index - 2, "invalid escape sequence")
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw JSONParseError(.invalidUTF8, at: contentStart, "string is not valid UTF-8")
        }
        return text
    }

    /// JCS writes `\u` only for control characters without a short escape, as `00` and
    /// two lowercase hex digits.
    private static func isCanonicalEscape(_ scalar: UInt32, digits: UnsafeRawBufferPointer) -> Bool {
        guard scalar < 0x20, ![0x08, 0x09, 0x0a, 0x0c, 0x0d].contains(scalar) else { return false }
        return !digits.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONParseError(.invalidEscape, at: index, "truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw JSONParseError(.invalidEscape, at: index, "invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7f ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
    }
}

/// An object key compared by its exact UTF-8 bytes. Swift's `String` equality is Unicode
/// canonical equivalence ("\u{e9}" == "e\u{301}"), but JSON keys are distinct sequences
/// of code units: a `Set<String>` would reject valid objects as having duplicate keys.
struct ExactKey: Hashable {
    let text: String
    init(_ text: String) { self.text = text }
    static func == (a: ExactKey, b: ExactKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Why a JSON text was rejected, and where (byte offset).
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// A stable code to match on.
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let unexpectedEnd = Code("unexpectedEnd")
        public static let unexpectedCharacter = Code("unexpectedCharacter")
        public static let duplicateKey = Code("duplicateKey")
        public static let invalidNumber = Code("invalidNumber")
        public static let invalidEscape = Code("invalidEscape")
        public static let loneSurrogate = Code("loneSurrogate")
        public static let invalidUTF8 = Code("invalidUTF8")
        public static let controlCharacter = Code("controlCharacter")
        public static let trailingBytes = Code("trailingBytes")
        public static let tooDeep = Code("tooDeep")
        public static let tooLong = Code("tooLong")
    }
    /// What was wrong.
    public let code: Code
    /// Byte offset in the input.
    public let offset: Int
    /// A readable explanation.
    public let message: String

    init(_ code: Code, at offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset + 1): \(message)" }
}
