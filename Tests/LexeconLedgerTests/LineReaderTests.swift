import LexeconLedger
import Testing

/// The constant-memory line reader that the head refresh (and the verifier) stream ledgers with.
@Suite("Line reader")
struct LineReaderTests {
    struct Seen: Equatable {
        var number: Int
        var offset: Int64
        var bytes: [UInt8]
        var terminated: Bool
        var overlong: Bool
        var length: Int
    }

    static func lines(of content: [UInt8], limit: Int = 64 * 1024) throws -> [Seen] {
        let dir = try TemporaryDirectory()
        try writeFile(dir.file("f"), content)
        var reader = try LineReader(path: dir.file("f"), limit: limit)
        var seen: [Seen] = []
        try reader.forEachLine { line in
            seen.append(Seen(number: line.number, offset: line.offset, bytes: Array(line.bytes), terminated: line.terminated,
                             overlong: line.overlong, length: line.length))
            return true
        }
        return seen
    }

    @Test func linesOffsetsAndATornTail() throws {
        let seen = try Self.lines(of: Array("ab\n\ncde\nfg".utf8))
        #expect(seen == [
            Seen(number: 1, offset: 0, bytes: Array("ab".utf8), terminated: true, overlong: false, length: 2),
            Seen(number: 2, offset: 3, bytes: [], terminated: true, overlong: false, length: 0),
            Seen(number: 3, offset: 4, bytes: Array("cde".utf8), terminated: true, overlong: false, length: 3),
            Seen(number: 4, offset: 8, bytes: Array("fg".utf8), terminated: false, overlong: false, length: 2),
        ])
        #expect(try Self.lines(of: []).isEmpty)
        #expect(try Self.lines(of: [0x0a]).map(\.length) == [0])
    }

    @Test func linesAcrossBufferRefills() throws {
        // Lines of varied lengths crossing the 1 MiB buffer boundary many times.
        var generator = SplitMix64(seed: 42)
        var content: [UInt8] = []
        var expected: [(Int64, Int)] = []
        while content.count < 3 << 20 {
            let length = Int(generator.next() % 60_000)
            expected.append((Int64(content.count), length))
            content += Array(repeating: UInt8(ascii: "a") + UInt8(expected.count % 26), count: length) + [0x0a]
        }
        let seen = try Self.lines(of: content)
        #expect(seen.count == expected.count)
        for (index, line) in seen.enumerated() where index < expected.count {
            #expect(line.offset == expected[index].0 && line.length == expected[index].1 && line.bytes.count == line.length,
                    "line \(index + 1)")
            #expect(line.bytes.allSatisfy { $0 == UInt8(ascii: "a") + UInt8((index + 1) % 26) })
        }
    }

    @Test func overlongLinesAreFlaggedWithTheirTrueLength() throws {
        // Longer than the read buffer: delivered as overlong with the first `limit` bytes.
        let huge = 3 << 20
        let seen = try Self.lines(of: Array(repeating: UInt8(ascii: "x"), count: huge) + [0x0a] + Array("ok\n".utf8)
                                  + Array(repeating: UInt8(ascii: "y"), count: huge))
        try #require(seen.count == 3)
        #expect(seen[0].overlong && seen[0].terminated && seen[0].length == huge && seen[0].bytes.count == 64 * 1024)
        #expect(seen[1] == Seen(number: 2, offset: Int64(huge + 1), bytes: Array("ok".utf8), terminated: true, overlong: false, length: 2))
        #expect(seen[2].overlong && !seen[2].terminated && seen[2].length == huge && seen[2].offset == Int64(huge + 4))
        // Over the limit but inside one buffer: flagged the same way, prefix only.
        let medium = try Self.lines(of: Array(repeating: UInt8(ascii: "z"), count: 100_000) + [0x0a]
                                    + Array(repeating: UInt8(ascii: "w"), count: 70_000))
        try #require(medium.count == 2)
        #expect(medium[0].overlong && medium[0].terminated && medium[0].length == 100_000 && medium[0].bytes.count == 64 * 1024)
        #expect(medium[1].overlong && !medium[1].terminated && medium[1].length == 70_000 && medium[1].bytes.count == 64 * 1024)
        // Exactly at the limit is not overlong.
        let edge = try Self.lines(of: Array(repeating: UInt8(ascii: "e"), count: 64 * 1024) + [0x0a])
        #expect(edge.count == 1 && !edge[0].overlong && edge[0].bytes.count == 64 * 1024)
    }

    @Test func refusesWhatIsNotARegularFile() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: LedgerError.self) { _ = try LineReader(path: dir.path) }
        #expect(throws: LedgerError.self) { _ = try LineReader(path: dir.file("missing")) }
    }
}
