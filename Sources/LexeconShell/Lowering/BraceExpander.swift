/// Bash brace expansion (`{a,b}`, `{1..3}`, `{a..e..2}`, nested) over expansion units,
/// with a cap on the number of words and on nesting; past either it gives up (nil) and
/// the word is treated as dynamic.
enum BraceExpander {
    static let maxNesting = 32

    /// Expands `units` into at most `limit` words totalling at most `maxUnits` units.
    static func expand(_ units: [ExpansionUnit], limit: Int, maxUnits: Int) -> [[ExpansionUnit]]? {
        let matches = matchBraces(units)
        guard let out = expand(units[...], matches: matches, limit: limit, depth: 0) else { return nil }
        var total = 0
        for word in out { total += word.count }
        return total <= maxUnits ? out : nil
    }

    /// For each literal `{`, the index of its matching literal `}` (or -1), in one pass.
    private static func matchBraces(_ units: [ExpansionUnit]) -> [Int] {
        var matches = [Int](repeating: -1, count: units.count)
        var stack: [Int] = []
        for (i, unit) in units.enumerated() where unit.kind == .literal {
            if unit.byte == Byte.openBrace {
                stack.append(i)
            } else if unit.byte == Byte.closeBrace, let open = stack.popLast() {
                matches[open] = i
            }
        }
        return matches
    }

    /// Expands `units`, a slice of the original word (indices are the word's).
    private static func expand(
        _ units: ArraySlice<ExpansionUnit>, matches: [Int], limit: Int, depth: Int
    ) -> [[ExpansionUnit]]? {
        guard depth <= maxNesting else { return nil }
        var i = units.startIndex
        while i < units.endIndex {
            let unit = units[i]
            if unit.kind == .literal && unit.byte == Byte.openBrace, matches[i] > i, matches[i] < units.endIndex {
                let close = matches[i]
                let body = units[(i + 1)..<close]
                var alternatives: [[ExpansionUnit]]?
                let commas = topLevelCommas(body, matches: matches)
                if !commas.isEmpty {
                    var alts: [[ExpansionUnit]] = []
                    var start = body.startIndex
                    for comma in commas + [body.endIndex] {
                        guard let sub = expand(body[start..<comma], matches: matches, limit: limit, depth: depth + 1)
                        else { return nil }
                        alts.append(contentsOf: sub)
                        if alts.count > limit { return nil }
                        start = comma + 1
                    }
                    alternatives = alts
                } else {
                    var tooLarge = false
                    alternatives = sequence(body, limit: limit, tooLarge: &tooLarge)
                    if tooLarge { return nil }
                }
                if let alternatives {
                    let prefix = Array(units[units.startIndex..<i])
                    guard let suffixes = expand(units[(close + 1)...], matches: matches, limit: limit, depth: depth + 1)
                    else { return nil }
                    guard alternatives.count * max(suffixes.count, 1) <= limit else { return nil }
                    // Bound the bytes built here too: every word repeats the prefix.
                    guard alternatives.count * max(suffixes.count, 1) * (units.count + 1) <= 4 << 20 else { return nil }
                    var out: [[ExpansionUnit]] = []
                    out.reserveCapacity(alternatives.count * suffixes.count)
                    for alt in alternatives {
                        for suffix in suffixes { out.append(prefix + alt + suffix) }
                    }
                    return out
                }
            }
            i += 1
        }
        return [Array(units)]
    }

    /// Indices of commas directly inside the group (not inside nested groups).
    private static func topLevelCommas(_ body: ArraySlice<ExpansionUnit>, matches: [Int]) -> [Int] {
        var commas: [Int] = []
        var i = body.startIndex
        while i < body.endIndex {
            let unit = body[i]
            if unit.kind == .literal {
                if unit.byte == Byte.openBrace, matches[i] > i, matches[i] < body.endIndex {
                    i = matches[i] + 1
                    continue
                }
                if unit.byte == Byte.comma { commas.append(i) }
            }
            i += 1
        }
        return commas
    }

    /// `x..y` or `x..y..step` over integers or single letters.
    private static func sequence(_ body: ArraySlice<ExpansionUnit>, limit: Int, tooLarge: inout Bool) -> [[ExpansionUnit]]? {
        guard body.allSatisfy({ $0.kind == .literal }) else { return nil }
        let text = body.map(\.byte)
        let pieces = text.split(separator: Byte.dot, omittingEmptySubsequences: false)
        // "1..3" splits into ["1", "", "3"]; with a step, five pieces.
        guard pieces.count == 3 || pieces.count == 5, pieces[1].isEmpty, pieces.count == 3 || pieces[3].isEmpty else { return nil }
        let a = pieces[0]
        let b = pieces[2]
        var step = 1
        if pieces.count == 5 {
            guard let s = integer(pieces[4]) else { return nil }
            step = s == 0 ? 1 : abs(s)
        }
        if let x = integer(a), let y = integer(b) {
            let (distance, overflow) = y.subtractingReportingOverflow(x)
            guard !overflow, distance != Int.min else {
                tooLarge = true
                return nil
            }
            let count = abs(distance) / step + 1
            guard count <= limit else {
                tooLarge = true
                return nil
            }
            let width = (a.first == Byte.zero && a.count > 1) || (b.first == Byte.zero && b.count > 1) ? max(a.count, b.count) : 0
            var out: [[ExpansionUnit]] = []
            var v = x
            for _ in 0..<count {
                var digits = Array(String(abs(v)).utf8)
                while digits.count < width - (v < 0 ? 1 : 0) { digits.insert(Byte.zero, at: 0) }
                if v < 0 { digits.insert(Byte.minus, at: 0) }
                out.append(digits.map { ExpansionUnit(byte: $0, kind: .quoted) })
                v += x <= y ? step : -step
            }
            return out
        }
        if a.count == 1, b.count == 1, let x = a.first, let y = b.first, isLetter(x), isLetter(y) {
            let count = abs(Int(y) - Int(x)) / step + 1
            guard count <= limit else {
                tooLarge = true
                return nil
            }
            var out: [[ExpansionUnit]] = []
            var v = Int(x)
            for _ in 0..<count {
                out.append([ExpansionUnit(byte: UInt8(v), kind: .quoted)])
                v += x <= y ? step : -step
            }
            return out
        }
        return nil
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    private static func integer(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.count <= 18 else { return nil }
        var i = s.startIndex
        var negative = false
        if s[i] == Byte.minus || s[i] == Byte.plus {
            negative = s[i] == Byte.minus
            i += 1
        }
        guard i < s.endIndex else { return nil }
        var value = 0
        while i < s.endIndex {
            guard Byte.isDigit(s[i]) else { return nil }
            value = value * 10 + Int(s[i] - Byte.zero)
            i += 1
        }
        return negative ? -value : value
    }
}
