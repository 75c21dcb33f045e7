import LexeconCrypto
import LexeconLedger
import Testing

/// RFC 6962 Merkle tree hash: published vectors and frontier/recursive agreement.
@Suite("Merkle tree (RFC 6962)")
struct MerkleTests {
    /// The RFC 6962 test data used by certificate-transparency and by
    /// github.com/transparency-dev/merkle `testonly/constants.go` (LeafInputs, RootHashes).
    struct Vectors: Decodable {
        var leaves: [String]
        var roots: [String]
    }

    @Test func emptyTree() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(Hex.encode(MerkleFrontier().root) == empty)
        #expect(Hex.encode(MerkleFrontier.rootOf(leafHashes: [])) == empty)
        #expect(MerkleFrontier().size == 0)
    }

    @Test func publishedRootsForSizes0To8() throws {
        let vectors = try loadVectors("merkle-rfc6962", as: Vectors.self)
        try #require(vectors.leaves.count == 8 && vectors.roots.count == 9)
        let leaves = try vectors.leaves.map(hexBytes)
        var frontier = MerkleFrontier()
        #expect(Hex.encode(frontier.root) == vectors.roots[0])
        for (index, leaf) in leaves.enumerated() {
            let leafHash = ChainHash.leaf(leaf)
            #expect(leafHash == SHA256.hash([0x00] + leaf))
            frontier.append(leafHash: leafHash)
            let size = index + 1
            #expect(frontier.size == Int64(size))
            #expect(Hex.encode(frontier.root) == vectors.roots[size], "frontier, size \(size)")
            let hashes = leaves[..<size].map(ChainHash.leaf)
            #expect(Hex.encode(MerkleFrontier.rootOf(leafHashes: hashes[...])) == vectors.roots[size], "recursive, size \(size)")
            #expect(Hex.encode(referenceMTH(leaves[..<size])) == vectors.roots[size], "reference, size \(size)")
        }
    }

    @Test func interiorNodeHash() throws {
        // Level-1 node 0 of the published tree is the root of size 2.
        let vectors = try loadVectors("merkle-rfc6962", as: Vectors.self)
        let leaves = try vectors.leaves.map(hexBytes)
        #expect(Hex.encode(ChainHash.node(ChainHash.leaf(leaves[0]), ChainHash.leaf(leaves[1]))) == vectors.roots[2])
    }

    @Test func frontierEqualsRecursiveRootForEverySizeUpTo300() {
        var generator = SplitMix64(seed: 0x6962)
        var frontier = MerkleFrontier()
        var data: [[UInt8]] = []
        var hashes: [[UInt8]] = []
        #expect(frontier.root == MerkleFrontier.rootOf(leafHashes: []))
        for size in 1...300 {
            let item = (0..<Int(generator.next() % 40)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            data.append(item)
            hashes.append(ChainHash.leaf(item))
            frontier.append(leafHash: hashes[size - 1])
            let recursive = MerkleFrontier.rootOf(leafHashes: hashes[...])
            #expect(frontier.root == recursive, "size \(size)")
            if size % 37 == 0 || size < 20 || size.nonzeroBitCount == 1 {
                #expect(recursive == referenceMTH(data[...]), "reference, size \(size)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so every run tests the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
