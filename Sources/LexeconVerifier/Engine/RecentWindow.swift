/// The last ``capacity`` records placed in the chain, by leaf hash and by seq: enough to
/// recognise a duplicated line or a reused seq nearby without keeping every record.
///
/// Memory bound: `capacity` entries (default 4,096: about 4096 × (32 + 8 + 8) bytes plus
/// two dictionaries, well under 1 MB). A duplicate of a record more than `capacity`
/// records back is still caught (its seq is behind the chain), but reported without the
/// line of the original.
struct RecentWindow {
    private struct Entry {
        var leaf: Digest
        var seq: Int64
        var line: Int
    }

    let capacity: Int
    private var ring: [Entry] = []
    private var next = 0
    private var byLeaf: [Digest: Int] = [:]
    private var bySeq: [Int64: Int] = [:]

    init(capacity: Int = 4096) {
        self.capacity = capacity
        ring.reserveCapacity(capacity)
        byLeaf.reserveCapacity(capacity)
        bySeq.reserveCapacity(capacity)
    }

    mutating func insert(leaf: Digest, seq: Int64, line: Int) {
        let entry = Entry(leaf: leaf, seq: seq, line: line)
        if ring.count < capacity {
            ring.append(entry)
        } else {
            let old = ring[next]
            if byLeaf[old.leaf] == old.line { byLeaf[old.leaf] = nil }
            if bySeq[old.seq] == old.line { bySeq[old.seq] = nil }
            ring[next] = entry
            next = (next + 1) % capacity
        }
        byLeaf[leaf] = line
        bySeq[seq] = line
    }

    /// The line of a recent record with this leaf hash (an identical line).
    func line(forLeaf leaf: Digest) -> Int? { byLeaf[leaf] }
    /// The line of a recent record with this seq.
    func line(forSeq seq: Int64) -> Int? { bySeq[seq] }
}
