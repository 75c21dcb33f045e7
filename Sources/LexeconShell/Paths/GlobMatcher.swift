/// Glob matching over absolute paths: `*` and `?` stay within a segment, `**` spans any
/// number of segments (zero included), `[…]` is a class (`!`/`^` negate, ranges).
/// Matching is iterative with bounded backtracking, so hostile paths stay linear-ish.
enum GlobMatcher {
    /// Splits a path into its segments (empty segments dropped).
    static func segments(_ path: [UInt8]) -> [ArraySlice<UInt8>] {
        // Counted first so the array is allocated once (`split` grows it step by step).
        var count = 0
        var previous = Byte.slash
        for byte in path {
            if byte != Byte.slash && previous == Byte.slash { count += 1 }
            previous = byte
        }
        var result: [ArraySlice<UInt8>] = []
        guard count > 0 else { return result }
        result.reserveCapacity(count)
        var start = -1
        for (index, byte) in path.enumerated() {
            if byte == Byte.slash {
                if start >= 0 { result.append(path[start..<index]); start = -1 }
            } else if start < 0 {
                start = index
            }
        }
        if start >= 0 { result.append(path[start...]) }
        return result
    }

    /// True when `path` matches `pattern` (both absolute, already normalised).
    static func match(pattern: [UInt8], path: [UInt8]) -> Bool {
        matchSegments(segments(pattern), segments(path))
    }

    /// Segment-wise match with `**`; dynamic programming over (pattern, path) positions.
    static func matchSegments(_ p: [ArraySlice<UInt8>], _ s: [ArraySlice<UInt8>], pathHasGlobs: Bool = false) -> Bool {
        // Bit j of `reachable`: the pattern prefix consumed so far can align with the path
        // prefix of length j. Paths of up to 63 segments (all real ones) fit one word, so
        // the match allocates nothing; deeper paths take the array form below.
        guard s.count < 64 else { return matchSegmentsLong(p, s, pathHasGlobs: pathHasGlobs) }
        let all = UInt64.max >> UInt64(63 - s.count)  // bits 0...s.count
        var reachable: UInt64 = 1
        for segment in p {
            if isDoubleStar(segment) {
                // Every length from the shortest reachable one on.
                reachable = all & ~((reachable & (0 &- reachable)) &- 1)
            } else {
                var next: UInt64 = 0
                var bits = reachable & (all >> 1)
                while bits != 0 {
                    let j = bits.trailingZeroBitCount
                    bits &= bits &- 1
                    if segmentMatches(pattern: segment, segment: s[j], segmentIsGlob: pathHasGlobs) { next |= 1 << UInt64(j + 1) }
                }
                reachable = next
            }
            if reachable == 0 { return false }
        }
        return reachable & (1 << UInt64(s.count)) != 0
    }

    /// ``matchSegments(_:_:pathHasGlobs:)`` for paths of 64 segments or more.
    static func matchSegmentsLong(_ p: [ArraySlice<UInt8>], _ s: [ArraySlice<UInt8>], pathHasGlobs: Bool) -> Bool {
        var reachable = [Bool](repeating: false, count: s.count + 1)
        reachable[0] = true
        for segment in p {
            var next = [Bool](repeating: false, count: s.count + 1)
            if isDoubleStar(segment) {
                var any = false
                for j in 0...s.count {
                    any = any || reachable[j]
                    next[j] = any
                }
            } else {
                for j in 0..<s.count where reachable[j] {
                    if segmentMatches(pattern: segment, segment: s[j], segmentIsGlob: pathHasGlobs) { next[j + 1] = true }
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[s.count]
    }

    @inline(__always)
    private static func isDoubleStar(_ segment: ArraySlice<UInt8>) -> Bool {
        segment.count == 2 && segment[segment.startIndex] == Byte.star && segment[segment.startIndex + 1] == Byte.star
    }

    /// True when some path under `path` (a directory, possibly a glob) could match
    /// `pattern`: the path is an ancestor of protected entries.
    static func mayContainMatch(pattern: [UInt8], path: [UInt8]) -> Bool {
        mayContainMatch(patternSegments: segments(pattern), pathSegments: segments(path))
    }

    /// ``mayContainMatch(pattern:path:)`` over segments split beforehand.
    static func mayContainMatch(patternSegments p: [ArraySlice<UInt8>], pathSegments s: [ArraySlice<UInt8>]) -> Bool {
        for (i, seg) in s.enumerated() {
            guard i < p.count else { return false }
            if isDoubleStar(p[i]) { return true }
            if !segmentsMayMatch(pathSegment: seg, patternSegment: p[i]) { return false }
        }
        return p.count > s.count
    }

    /// A path segment (possibly itself a shell glob) against a pattern segment.
    static func segmentsMayMatch(pathSegment: ArraySlice<UInt8>, patternSegment: ArraySlice<UInt8>) -> Bool {
        let pathIsGlob = pathSegment.contains(where: Byte.isGlobMeta)
        if !pathIsGlob { return segmentMatches(pattern: patternSegment, segment: pathSegment) }
        if patternSegment.contains(where: Byte.isGlobMeta) { return true }
        // The shell glob in the path is matched against the literal pattern segment; like
        // the shell, a leading `.` must be matched explicitly.
        if patternSegment.first == Byte.dot && pathSegment.first != Byte.dot { return false }
        return wildcard(pathSegment, patternSegment)
    }

    static func segmentMatches(pattern: ArraySlice<UInt8>, segment: ArraySlice<UInt8>, segmentIsGlob: Bool = false) -> Bool {
        if segmentIsGlob && segment.contains(where: Byte.isGlobMeta) {
            return segmentsMayMatch(pathSegment: segment, patternSegment: pattern)
        }
        return wildcard(pattern, segment)
    }

    /// `*`, `?` and `[…]` within one segment (works on the slices in place).
    static func wildcard(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        var pi = p.startIndex
        var ti = t.startIndex
        var starP = -1
        var starT = t.startIndex
        while ti < t.endIndex {
            if pi < p.endIndex {
                let c = p[pi]
                if c == Byte.star {
                    starP = pi
                    starT = ti
                    pi += 1
                    continue
                }
                if c == Byte.question {
                    pi += 1
                    ti += 1
                    continue
                }
                if c == Byte.openBracket, let (matched, next) = matchClass(p, pi, t[ti]) {
                    if matched {
                        pi = next
                        ti += 1
                        continue
                    }
                } else if c == Byte.backslash && pi + 1 < p.endIndex {
                    if p[pi + 1] == t[ti] {
                        pi += 2
                        ti += 1
                        continue
                    }
                } else if c == t[ti] {
                    pi += 1
                    ti += 1
                    continue
                }
            }
            guard starP >= 0 else { return false }
            pi = starP + 1
            starT += 1
            ti = starT
        }
        while pi < p.endIndex && p[pi] == Byte.star { pi += 1 }
        return pi == p.endIndex
    }

    /// Matches `[…]` at `p[start]` against `c`; nil when the bracket is not closed
    /// (then it is a literal `[`).
    private static func matchClass(_ p: ArraySlice<UInt8>, _ start: Int, _ c: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.endIndex && (p[i] == Byte.bang || p[i] == Byte.caret) {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < p.endIndex {
            if p[i] == Byte.closeBracket && !first { return (matched != negate, i + 1) }
            first = false
            let lo = p[i]
            if i + 2 < p.endIndex && p[i + 1] == Byte.minus && p[i + 2] != Byte.closeBracket {
                if c >= lo && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if c == lo { matched = true }
                i += 1
            }
        }
        return nil
    }
}
