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
    /// The bytes of each literal: a literal can only occur in a text that has all of them.
    private let literalBytes: [ByteSet]

    /// The literals, as strings (for tests and diagnostics).
    var strings: [String] { literals.map { String(decoding: $0, as: UTF8.self) } }

    /// The prefilter of `node`, or nil when none is useful.
    init?(_ node: RegexNode) {
        guard let best = Self.best(Self.info(node)) else { return nil }
        var unique: [[UInt8]] = []
        for literal in best.sorted(by: { $0.lexicographicallyPrecedes($1) }) where unique.last != literal { unique.append(literal) }
        literals = unique
        var first = ByteSet()
        for literal in literals { first.insert(literal[0]) }
        firstBytes = first
        literalBytes = literals.map { literal in
            var set = ByteSet()
            for byte in literal { set.insert(byte) }
            return set
        }
    }

    /// False when no literal can occur in a text whose bytes (ASCII letters lowercased)
    /// are `present`: each literal needs all of its bytes. A request's bytes are collected
    /// once and every pattern checked against them without reading the text again.
    func mayOccur(in present: ByteSet) -> Bool {
        literalBytes.contains { $0.isSubset(of: present) }
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
        var exact: [[UInt8]]?
        /// A set of literals one of which occurs in every match.
        var required: [[UInt8]]?

        static let empty = Info(exact: [[]], required: nil)
        // Lists may repeat a literal; only the final set is deduplicated.
        static let unknown = Info(exact: nil, required: nil)
    }

    /// The more selective usable set of `info`: longest shortest literal, then fewest.
    private static func best(_ info: Info) -> [[UInt8]]? {
        better(usable(info.exact), usable(info.required))
    }

    private static func usable(_ set: [[UInt8]]?) -> [[UInt8]]? {
        guard let set, !set.isEmpty, set.count <= maxLiterals, !set.contains(where: { $0.isEmpty }) else { return nil }
        return set
    }

    private static func better(_ a: [[UInt8]]?, _ b: [[UInt8]]?) -> [[UInt8]]? {
        guard let a else { return b }
        guard let b else { return a }
        let shortestA = a.reduce(Int.max) { min($0, $1.count) }
        let shortestB = b.reduce(Int.max) { min($0, $1.count) }
        if shortestA != shortestB { return shortestA > shortestB ? a : b }
        return a.count <= b.count ? a : b
    }

    private static func info(_ node: RegexNode) -> Info {
        switch node {
        case .empty, .assertion:
            return .empty
        case .bytes(let set):
            // Up to four bytes once case is folded (eight before): `a`, `[Aa]`, `[ab]`.
            guard set.count <= 8 else { return .unknown }
            var folded: [[UInt8]] = []
            for byte in set.elements {
                let lowered = [lower(byte)]
                if !folded.contains(lowered) { folded.append(lowered) }
            }
            return folded.count > 4 ? .unknown : Info(exact: folded, required: nil)
        case .concat(let items):
            var run: [[UInt8]]? = [[]]
            var allExact = true
            var required: [[UInt8]]? = nil
            for item in items {
                // Most items of a literal run are one byte (or one letter in both cases):
                // append it without building an Info for it.
                if case .bytes(let set) = item, let byte = set.singleByteIgnoringCase, run != nil {
                    for index in run!.indices { run![index].append(lower(byte)) }
                    continue
                }
                let part = info(item)
                if let exact = part.exact, exact.count == 1, run != nil {
                    // The common case, a literal run: extend every string in place.
                    for index in run!.indices { run![index].append(contentsOf: exact[0]) }
                    continue
                }
                if let exact = part.exact, let current = run, current.count * exact.count <= maxLiterals {
                    var product: [[UInt8]] = []
                    product.reserveCapacity(current.count * exact.count)
                    for prefix in current { for suffix in exact { product.append(prefix + suffix) } }
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
            var exact: [[UInt8]]? = []
            var required: [[UInt8]]? = []
            for alternative in alternatives {
                let part = info(alternative)
                if let known = part.exact, exact != nil, exact!.count + known.count <= maxLiterals {
                    exact!.append(contentsOf: known)
                } else {
                    exact = nil
                }
                if let chosen = best(part), required != nil, required!.count + chosen.count <= maxLiterals {
                    required!.append(contentsOf: chosen)
                } else {
                    required = nil
                }
            }
            return Info(exact: exact, required: required)
        case .repetition(let inner, let min, let max):
            let part = info(inner)
            if min == 0 {
                if max == 1, var exact = part.exact { exact.append([]); return Info(exact: exact, required: nil) }
                return .unknown
            }
            if min == 1 && max == 1 { return part }
            return Info(exact: nil, required: best(part))
        }
    }
}
