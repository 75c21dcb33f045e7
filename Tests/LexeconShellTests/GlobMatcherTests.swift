import Testing
@testable import LexeconShell

/// The segment glob matcher behind `protected` and `contains_protected`: its one-word
/// bitmask form agrees with the array form (used for paths of 64 segments or more) and
/// its splitting with the standard library's.
@Suite struct GlobMatcherTests {
    static let segmentPool = ["a", "b", "ws", ".audit", ".lexecon", "*", "**", "?", "[ab]", "x*", "*.pem", ".*", "[!a]"]

    private func path(_ parts: [String]) -> [UInt8] { Array(("/" + parts.joined(separator: "/")).utf8) }

    @Test func bitmaskMatchAgreesWithTheArrayForm() {
        var generator = SplitMix64(seed: 0x5EED)
        var matched = 0
        for _ in 0..<20_000 {
            let pattern = (0..<Int.random(in: 0...5, using: &generator)).map { _ in Self.segmentPool.randomElement(using: &generator)! }
            let literalPool = ["a", "b", "ws", ".audit", ".lexecon", "key.pem", "xy", ".hidden"]
            let pathHasGlobs = Bool.random(using: &generator)
            let pool = pathHasGlobs ? literalPool + ["*", "x*", "?"] : literalPool
            let target = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let p = GlobMatcher.segments(path(pattern))
            let s = GlobMatcher.segments(path(target))
            let fast = GlobMatcher.matchSegments(p, s, pathHasGlobs: pathHasGlobs)
            #expect(fast == GlobMatcher.matchSegmentsLong(p, s, pathHasGlobs: pathHasGlobs), "\(pattern) \(target)")
            if fast { matched += 1 }
        }
        #expect(matched > 500)
    }

    @Test func deepPathsTakeTheArrayForm() {
        let deep = Array(repeating: "d", count: 80)
        let s = GlobMatcher.segments(path(deep + ["key.pem"]))
        #expect(s.count == 81)
        #expect(GlobMatcher.matchSegments(GlobMatcher.segments(path(["**", "*.pem"])), s))
        #expect(GlobMatcher.matchSegments(GlobMatcher.segments(path(["d", "**"])), s))
        #expect(!GlobMatcher.matchSegments(GlobMatcher.segments(path(["d", "*"])), s))
        let sixtyThree = GlobMatcher.segments(path(Array(repeating: "d", count: 63)))
        #expect(GlobMatcher.matchSegments(GlobMatcher.segments(path(["**", "d"])), sixtyThree))
        #expect(GlobMatcher.matchSegments(GlobMatcher.segments(path(Array(repeating: "?", count: 63))), sixtyThree))
        #expect(!GlobMatcher.matchSegments(GlobMatcher.segments(path(Array(repeating: "?", count: 62))), sixtyThree))
    }

    @Test(arguments: ["", "/", "//", "/a", "a", "a/", "/a//b/", "///x///y", "/ws/.audit/ledger.jsonl", "relative/path/"])
    func splittingAgreesWithTheStandardLibrary(_ text: String) {
        let bytes = Array(text.utf8)
        let expected = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init)
        #expect(GlobMatcher.segments(bytes).map(Array.init) == expected)
    }
}
