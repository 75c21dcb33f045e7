/// A set of bytes as a 256-bit bitmap.
struct ByteSet: Sendable, Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}

    init(_ byte: UInt8) { insert(byte) }

    static let all: ByteSet = {
        var set = ByteSet()
        set.insert(range: 0...255)
        return set
    }()

    static func == (lhs: ByteSet, rhs: ByteSet) -> Bool { lhs.words == rhs.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    /// Number of bytes in the set.
    var count: Int {
        words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
    }

    /// The bytes in the set, in increasing order (walks the set bits only).
    var elements: [UInt8] {
        var result: [UInt8] = []
        for (index, word) in [words.0, words.1, words.2, words.3].enumerated() {
            var rest = word
            while rest != 0 {
                result.append(UInt8(index * 64 + rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
        return result
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func insert(range: ClosedRange<UInt8>) {
        for byte in range { insert(byte) }
    }

    /// True when every byte of this set is in `other`.
    @inline(__always)
    func isSubset(of other: ByteSet) -> Bool {
        words.0 & ~other.words.0 == 0 && words.1 & ~other.words.1 == 0
            && words.2 & ~other.words.2 == 0 && words.3 & ~other.words.3 == 0
    }

    /// The bytes that occur in `text`, ASCII letters lowercased (what a ``LiteralPrefilter``
    /// compares its literals' bytes with).
    static func lowercasedContents(of text: String) -> ByteSet {
        var set = ByteSet()
        for byte in text.utf8 { set.insert(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        return set
    }

    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0; words.1 |= other.words.1; words.2 |= other.words.2; words.3 |= other.words.3
    }

    func inverted() -> ByteSet {
        var set = ByteSet()
        set.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return set
    }

    /// The set's byte when it holds one, or one ASCII letter in both cases (either case);
    /// nil otherwise.
    var singleByteIgnoringCase: UInt8? {
        switch count {
        case 1:
            return elements[0]
        case 2:
            // Both cases of a letter are bits n and n + 32 of the second word (A-Z: 1-26).
            let letters: UInt64 = 0x7FF_FFFE
            let upper = words.1 & letters
            guard words.0 == 0, words.2 == 0, words.3 == 0, upper.nonzeroBitCount == 1, words.1 == upper | upper << 32 else {
                return nil
            }
            return UInt8(64 + upper.trailingZeroBitCount)
        default:
            return nil
        }
    }

    /// Adds the other ASCII case of every letter in the set.
    func caseFolded() -> ByteSet {
        // Both cases live in the second word: `A`-`Z` are its bits 1-26, `a`-`z` bits 33-58.
        let letters: UInt64 = 0x7FF_FFFE
        var set = self
        set.words.1 |= (words.1 >> 32) & letters | (words.1 & letters) << 32
        return set
    }

    static let digit: ByteSet = { var s = ByteSet(); s.insert(range: 48...57); return s }()
    static let word: ByteSet = {
        var s = ByteSet()
        s.insert(range: 48...57); s.insert(range: 65...90); s.insert(range: 97...122); s.insert(95)
        return s
    }()
    static let space: ByteSet = {
        var s = ByteSet()
        for b: UInt8 in [9, 10, 11, 12, 13, 32] { s.insert(b) }
        return s
    }()
    static let newline = ByteSet(10)
}
