import Foundation
import LexeconCrypto
import LexeconLedger
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `LEDGER.merkle` lets a new process refresh the head without reading the whole ledger.
/// It is a cache: whatever is wrong with it, the signed checkpoint must still be right.
@Suite("Merkle frontier cache")
struct FrontierCacheTests {
    /// A ledger of `count` records with a checkpoint (and so a cache) at the end.
    func ledger(_ count: Int, in dir: TemporaryDirectory, key: Ed25519PrivateKey) throws -> String {
        let path = dir.file("ledger.jsonl")
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 1..<count { try writer.append(note: "n\(i)") }
        try writer.writeCheckpoint()
        return path
    }

    /// Appends with a fresh writer (no in-memory state), checkpoints, and checks the root
    /// against one computed from every line.
    func appendAndCheck(_ path: String, key: Ed25519PrivateKey, notes: Int) throws -> Checkpoint {
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 0..<notes { try writer.append(note: "later \(i)") }
        let checkpoint = try writer.writeCheckpoint()
        let lines = try checkChain(path, publicKey: key.publicKey).lines
        #expect(checkpoint.size == Int64(lines.count))
        #expect(checkpoint.rootHash == referenceMTH(lines[...]))
        return checkpoint
    }

    @Test func aNewWriterResumesFromTheCache() throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = try ledger(37, in: dir, key: key)
        let cache = readFile(path + ".merkle")
        let text = String(decoding: cache, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(text.first == "lexecon-merkle-cache-v1")
        #expect(text[2] == "37")
        #expect(text.count == 5 + 37.nonzeroBitCount)
        _ = try appendAndCheck(path, key: key, notes: 5)
        #expect(String(decoding: readFile(path + ".merkle"), as: UTF8.self).split(separator: "\n")[2] == "42")
    }

    @Test(arguments: ["garbage", "wrong-root", "wrong-leaf", "wrong-size", "wrong-offset", "other-ledger", "stale-head", "missing-head"])
    func aCorruptedCacheIsIgnored(_ damage: String) throws {
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = try ledger(21, in: dir, key: key)
        let cachePath = path + ".merkle"
        var lines = String(decoding: readFile(cachePath), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let flip: (String) -> String = { hex in
            var chars = Array(hex)
            chars[0] = chars[0] == "0" ? "1" : "0"
            return String(chars)
        }
        switch damage {
        case "garbage": lines = ["\u{1}\u{2}not a cache", ""]
        case "wrong-root": lines[5] = flip(lines[5])
        case "wrong-leaf": lines[4] = flip(lines[4])
        case "wrong-size": lines[2] = "20"
        case "wrong-offset": lines[3] = String(Int(lines[3])! - 7)
        case "other-ledger": lines[1] = String(repeating: "ab", count: 16)
        case "stale-head":
            // A head of another size: the cache cannot be checked against it.
            let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
            try writer.append(note: "x")
            let head = readFile(path + ".head")
            try writer.writeCheckpoint()
            try writeFile(path + ".head", head)
        case "missing-head": try FileManager.default.removeItem(atPath: path + ".head")
        default: Issue.record("unknown damage \(damage)")
        }
        if damage != "stale-head" { try writeFile(cachePath, Array(lines.joined(separator: "\n").utf8)) }
        _ = try appendAndCheck(path, key: key, notes: 3)
    }

    @Test func aCacheWhosePrefixWasRewrittenStillGivesTheTrueRoot() throws {
        // The ledger is rebuilt with other records of the same sizes under the same key:
        // the cache's last leaf no longer matches, so the root comes from the file.
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = try ledger(9, in: dir, key: key)
        let cache = readFile(path + ".merkle")
        let head = readFile(path + ".head")
        try FileManager.default.removeItem(atPath: path)
        let other = LedgerWriter(path: path, key: key, toolVersion: "t")
        for i in 1..<9 { try other.append(note: "m\(i)") }
        try writeFile(path + ".merkle", cache)
        try writeFile(path + ".head", head)
        _ = try appendAndCheck(path, key: key, notes: 2)
    }

    @Test func theCacheIsWhatANewWriterUses() throws {
        // Proof that the prefix is not re-read: edit an early record behind the cache's
        // back (same length). The next checkpoint still commits to the original records,
        // so it disagrees with the edited file — which a verifier reports as DIVERGED.
        let dir = try TemporaryDirectory()
        let key = try makeKey()
        let path = try ledger(10, in: dir, key: key)
        let original = splitLines(readFile(path)).lines
        var bytes = readFile(path)
        let target = try #require(String(decoding: bytes, as: UTF8.self).range(of: "\"n3\""))
        let offset = String(decoding: bytes, as: UTF8.self).utf8.distance(
            from: String(decoding: bytes, as: UTF8.self).startIndex, to: target.lowerBound) + 2
        bytes[offset] = UInt8(ascii: "7")
        try writeFile(path, bytes)
        let writer = LedgerWriter(path: path, key: key, toolVersion: "t")
        try writer.append(note: "after")
        let checkpoint = try writer.writeCheckpoint()
        let edited = splitLines(readFile(path)).lines
        #expect(checkpoint.size == 11)
        #expect(checkpoint.rootHash == referenceMTH((original + [edited[10]])[...]))
        #expect(checkpoint.rootHash != referenceMTH(edited[...]))
    }
}
