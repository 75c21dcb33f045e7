import LexeconCrypto

/// The RFC 6962 Merkle tree hash of a growing list of leaves, kept in O(log n) memory:
/// the roots of the perfect subtrees that make up the tree (one per set bit of the size).
///
/// Appending is amortised O(1); ``root`` folds the subtrees right to left, which is
/// exactly RFC 6962's MTH (the left subtree of a tree of size n is the largest perfect
/// tree smaller than n).
public struct MerkleFrontier: Sendable, Hashable {
    /// Roots of perfect subtrees, largest (leftmost) first.
    private var subtrees: [[UInt8]] = []
    /// Number of leaves appended.
    public private(set) var size: Int64 = 0

    /// An empty tree.
    public init() {}

    /// Restores a frontier from its subtree roots (largest first); nil unless there is
    /// exactly one 32-byte root per set bit of `size`.
    public init?(size: Int64, subtreeRoots: [[UInt8]]) {
        guard size >= 0, subtreeRoots.count == size.nonzeroBitCount,
              subtreeRoots.allSatisfy({ $0.count == 32 }) else { return nil }
        self.size = size
        self.subtrees = subtreeRoots
    }

    /// The roots of the perfect subtrees, largest (leftmost) first: with ``size`` they are
    /// the whole state.
    public var subtreeRoots: [[UInt8]] { subtrees }

    /// Appends a leaf hash (already `SHA-256(0x00 ‖ data)`).
    public mutating func append(leafHash: [UInt8]) {
        var node = leafHash
        var index = size
        // Each trailing 1 bit of the old size is a subtree of the same height to merge with.
        while index & 1 == 1 {
            node = ChainHash.node(subtrees.removeLast(), node)
            index >>= 1
        }
        subtrees.append(node)
        size += 1
    }

    /// MTH of the leaves so far; SHA-256 of the empty string for the empty tree.
    public var root: [UInt8] {
        guard var accumulator = subtrees.last else { return SHA256.hash([]) }
        for subtree in subtrees.dropLast().reversed() {
            accumulator = ChainHash.node(subtree, accumulator)
        }
        return accumulator
    }

    /// MTH of a list of leaf hashes, computed recursively as RFC 6962 §2.1 states it.
    /// Used by tests and tools; the frontier gives the same answer in constant memory.
    public static func rootOf(leafHashes: ArraySlice<[UInt8]>) -> [UInt8] {
        let n = leafHashes.count
        if n == 0 { return SHA256.hash([]) }
        if n == 1 { return leafHashes[leafHashes.startIndex] }
        var k = 1
        while k << 1 < n { k <<= 1 }
        let split = leafHashes.startIndex + k
        return ChainHash.node(rootOf(leafHashes: leafHashes[..<split]), rootOf(leafHashes: leafHashes[split...]))
    }
}
