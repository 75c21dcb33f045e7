/// Literal strings at least one of which occurs in every match of a regular expression.
///
/// Worked out once from the syntax tree (the idea of RE2's prefilter): `\b(curl|wget)\b.*\|\s*sh`
/// needs `curl` or `wget` somewhere in the text. A search first looks for the literals, ASCII
/// case-insensitively, and runs the NFA only when one is present — most policy patterns
/// look for words that ordinary commands do not contain. The literals are a necessary
/// condition only, so skipping a text without them never changes a result; when no useful
/// set can be derived (a pattern that can match the empty string, or starts with `.*`),
/// there is no prefilter.
struct LiteralPrefilter: Sendable {
    /// Most literals in a set (alternations beyond it are not used for filtering).
    static let maxLiterals = 64

    /// Lowercased literals, none empty.
    private let literals: [[UInt8]]
    /// First byte of each literal, for the scan.
    private let firstBytes: ByteSet

    /// The literals, as strings (for tests and diagnostics).
    var strings: [String] { literals.map { String(decoding: $0, as: UTF8.self) } }

    /// The prefilter of `node`, or nil when none is useful.
    init?(_ node: RegexNode) {
        guard let best = Self.best(Self.info(node)) else { return nil }
        literals = best.sorted { $0.lexicographicallyPrecedes($1) }
        var first = ByteSet()
        for literal in literals { first.insert(literal[0]) }
        firstBytes = first
    }

    /// False when no literal occurs in `bytes` (so the pattern cannot match there).
    func mayMatch(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var position = 0
        while position < n {
            let byte = Self.lower(bytes[position])
            if firstBytes.contains(byte) {
                for literal in literals where literal[0] == byte && literal.count <= n - position {
                    var offset = 1
                    while offset < literal.count && Self.lower(bytes[position + offset]) == literal[offset] { offset += 1 }
                    if offset == literal.count { return true }
                }
            }
            position += 1
        }
        return false
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    /// What is known of the strings a node matches.
    private struct Info {
        /// Every string the node can match, lowercased, when the set is small.
        var exact: Set<[UInt8]>?
        /// A set of literals one of which occurs in every match.
        var required: Set<[UInt8]>?

        static let empty = Info(exact: [[]], required: nil)
        static let unknown = Info(exact: nil, required: nil)
    }

    /// The more selective usable set of `info`: longest shortest literal, then fewest.
    private static func best(_ info: Info) -> Set<[UInt8]>? {
        better(usable(info.exact), usable(info.required))
    }

    private static func usable(_ set: Set<[UInt8]>?) -> Set<[UInt8]>? {
        guard let set, !set.isEmpty, set.count <= maxLiterals, !set.contains(where: \.isEmpty) else { return nil }
        return set
    }

    private static func better(_ a: Set<[UInt8]>?, _ b: Set<[UInt8]>?) -> Set<[UInt8]>? {
        guard let a else { return b }
        guard let b else { return a }
        let shortestA = a.map(\.count).min()!
        let shortestB = b.map(\.count).min()!
        if shortestA != shortestB { return shortestA > shortestB ? a : b }
        return a.count <= b.count ? a : b
    }

    private static func info(_ node: RegexNode) -> Info {
        switch node {
        case .empty, .assertion:
            return .empty
        case .bytes(let set):
            var folded = Set<[UInt8]>()
            for byte in 0...255 where set.contains(UInt8(byte)) {
                folded.insert([lower(UInt8(byte))])
                if folded.count > 4 { return .unknown }
            }
            return Info(exact: folded, required: nil)
        case .concat(let items):
            var run: Set<[UInt8]>? = [[]]
            var allExact = true
            var required: Set<[UInt8]>? = nil
            for item in items {
                let part = info(item)
                if let exact = part.exact, let current = run, current.count * exact.count <= maxLiterals {
                    var product = Set<[UInt8]>()
                    for prefix in current { for suffix in exact { product.insert(prefix + suffix) } }
                    run = product
                    continue
                }
                required = better(required, usable(run))
                required = better(required, best(part))
                if let exact = part.exact {
                    run = exact
                } else {
                    run = [[]]
                }
                allExact = false
            }
            return Info(exact: allExact ? run : nil, required: better(required, usable(run)))
        case .alternate(let alternatives):
            var exact: Set<[UInt8]>? = []
            var required: Set<[UInt8]>? = []
            for alternative in alternatives {
                let part = info(alternative)
                if let known = part.exact, exact != nil, exact!.count + known.count <= maxLiterals {
                    exact!.formUnion(known)
                } else {
                    exact = nil
                }
                if let chosen = best(part), required != nil, required!.count + chosen.count <= maxLiterals {
                    required!.formUnion(chosen)
                } else {
                    required = nil
                }
            }
            return Info(exact: exact, required: required)
        case .repetition(let inner, let min, let max):
            let part = info(inner)
            if min == 0 {
                if max == 1, var exact = part.exact { exact.insert([]); return Info(exact: exact, required: nil) }
                return .unknown
            }
            if min == 1 && max == 1 { return part }
            return Info(exact: nil, required: best(part))
        }
    }
}
