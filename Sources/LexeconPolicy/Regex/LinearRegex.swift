/// A regular expression matched in linear time by a Thompson NFA simulation.
///
/// The pattern is compiled to a small instruction program; ``matches(_:)`` walks the input
/// once, keeping the set of live NFA states (at most one entry per instruction), so a search
/// costs O(n·m) for n input bytes and m instructions, whatever the pattern or input. There is
/// no backtracking, hence no catastrophic cases; features that need backtracking
/// (backreferences, lookaround) are rejected by ``RegexParser``. Matching is over UTF-8 bytes;
/// `(?i)` folds ASCII letters only.
///
/// `init` parses the pattern and checks the size of its program, so every error is found
/// when a policy loads; the program itself (and the literal prefilter) is built the first
/// time a search needs it, which most patterns of a policy never are in a process that
/// decides one command.
///
/// A class: clauses hand their regexes around per command, and a copy is then one reference.
final class LinearRegex: Sendable {
    /// Largest compiled program accepted, in instructions (bounds memory and time per byte).
    static let maxProgramSize = 20_000

    private enum Op: UInt8 {
        case byteSet, split, jump, assertion, match
    }

    private enum AssertionCode: Int32 {
        case textStart, textEnd, lineStart, lineEnd, wordBoundary, notWordBoundary
    }

    /// The compiled NFA: parallel instruction arrays.
    private final class Program: Sendable {
        let ops: [Op]
        let arg1: [Int32]
        let arg2: [Int32]
        let sets: [ByteSet]
        /// Bytes a match can start with; nil when a match can start anywhere (or be empty).
        /// While no thread is alive, the search skips bytes outside this set.
        let firstBytes: ByteSet?

        init(_ node: RegexNode) {
            var compiler = Compiler()
            compiler.emit(node)
            compiler.append(.match)
            ops = compiler.ops
            arg1 = compiler.arg1
            arg2 = compiler.arg2
            sets = compiler.sets
            firstBytes = compiler.firstBytes()
        }
    }

    /// The pattern as written; nil for a tree built by a ``Glob``.
    let pattern: String?
    /// True when every match must start at offset 0 (the program begins with `\A`/`^`).
    private let anchoredStart: Bool
    private let program: DerivedSlot<Program>
    /// Literals one of which every match contains; a text without any is rejected before
    /// the NFA runs.
    private let prefilterSlot: DerivedSlot<LiteralPrefilter?>?

    /// Parses `pattern`; throws for syntax errors, unsupported features and patterns whose
    /// program would be larger than ``maxProgramSize``.
    convenience init(_ pattern: String) throws(RegexSyntaxError) {
        try self.init(node: RegexParser.parse(pattern), pattern: pattern)
    }

    /// Takes a syntax tree; `prefilter: false` leaves out the literal prefilter.
    init(node: RegexNode, pattern: String? = nil, prefilter usePrefilter: Bool = true) throws(RegexSyntaxError) {
        self.pattern = pattern
        // Checked here, from the tree, so that building the program later cannot fail.
        guard Self.programSize(node) < Self.maxProgramSize else {
            throw RegexSyntaxError(offset: 0, message: "pattern too large (more than \(LinearRegex.maxProgramSize) instructions)")
        }
        program = DerivedSlot(node) { Program($0) }
        prefilterSlot = usePrefilter ? DerivedSlot(node) { LiteralPrefilter($0) } : nil
        if case .concat(let items) = node, case .assertion(.lineStart(multiline: false))? = items.first {
            anchoredStart = true
        } else if case .assertion(.lineStart(multiline: false)) = node {
            anchoredStart = true
        } else {
            anchoredStart = false
        }
    }

    /// The number of instructions ``Compiler`` emits for `node`, the final `match`
    /// included; saturates at ``maxProgramSize`` (nested repetitions multiply).
    static func programSize(_ node: RegexNode) -> Int {
        func size(_ node: RegexNode) -> Int {
            let cap = maxProgramSize
            switch node {
            case .empty: return 0
            case .bytes, .assertion: return 1
            case .concat(let items):
                var total = 0
                for item in items { total = min(cap, total + size(item)) }
                return total
            case .alternate(let alternatives):
                // Every alternative but the last adds a split and a jump.
                var total = 2 * (alternatives.count - 1)
                for alternative in alternatives { total = min(cap, total + size(alternative)) }
                return min(cap, total)
            case .repetition(let inner, let least, let most):
                let body = size(inner)
                let required = body == 0 ? 0 : least >= cap ? cap : min(cap, least * body)
                guard let most else { return min(cap, required + body + 2) }  // split, body, jump
                let optional = most - least
                let extra = optional >= cap ? cap : min(cap, optional * (body + 1))  // split, body
                return min(cap, required + extra)
            }
        }
        return min(maxProgramSize, size(node) + 1)
    }

    /// Builds the instruction arrays (a value, so appending needs no exclusivity checks).
    private struct Compiler {
        var ops: [Op] = []
        var arg1: [Int32] = []
        var arg2: [Int32] = []
        var sets: [ByteSet] = []
        /// Where each distinct set is in `sets` (a linear search made long alternations quadratic).
        var setIndex: [ByteSet: Int32] = [:]

        /// The union of byte sets reachable from the start through epsilon moves (assertions
        /// followed conservatively); nil when `match` is reachable without consuming a byte.
        func firstBytes() -> ByteSet? {
            var seen = Set<Int>()
            var stack = [0]
            var result = ByteSet()
            while let pc = stack.popLast() {
                guard seen.insert(pc).inserted else { continue }
                switch ops[pc] {
                case .byteSet: result.formUnion(sets[Int(arg1[pc])])
                case .match: return nil
                case .jump: stack.append(Int(arg1[pc]))
                case .split: stack.append(Int(arg1[pc])); stack.append(Int(arg2[pc]))
                case .assertion: stack.append(pc + 1)
                }
            }
            return result
        }

        @discardableResult
        mutating func append(_ op: Op, _ a: Int32 = 0, _ b: Int32 = 0) -> Int {
            ops.append(op)
            arg1.append(a)
            arg2.append(b)
            return ops.count - 1
        }

        mutating func emit(_ node: RegexNode) {
            switch node {
            case .empty:
                break
            case .bytes(let set):
                if let index = setIndex[set] {
                    append(.byteSet, index)
                } else {
                    sets.append(set)
                    setIndex[set] = Int32(sets.count - 1)
                    append(.byteSet, Int32(sets.count - 1))
                }
            case .concat(let items):
                for item in items { emit(item) }
            case .alternate(let alternatives):
                // split L1, next; L1: a; jump end; next: split L2, …
                var jumps: [Int] = []
                for (position, alternative) in alternatives.enumerated() {
                    if position < alternatives.count - 1 {
                        let split = append(.split)
                        arg1[split] = Int32(ops.count)
                        emit(alternative)
                        jumps.append(append(.jump))
                        arg2[split] = Int32(ops.count)
                    } else {
                        emit(alternative)
                    }
                }
                for jump in jumps { arg1[jump] = Int32(ops.count) }
            case .repetition(let inner, let min, let max):
                for _ in 0..<min { emit(inner) }
                if let max {
                    // Each optional copy: split body, end.
                    var splits: [Int] = []
                    for _ in min..<max {
                        let split = append(.split)
                        arg1[split] = Int32(ops.count)
                        splits.append(split)
                        emit(inner)
                    }
                    for split in splits { arg2[split] = Int32(ops.count) }
                } else {
                    // loop: split body, end; body; jump loop
                    let split = append(.split)
                    arg1[split] = Int32(ops.count)
                    emit(inner)
                    append(.jump, Int32(split))
                    arg2[split] = Int32(ops.count)
                }
            case .assertion(let assertion):
                let code: AssertionCode = switch assertion {
                case .lineStart(let multiline): multiline ? .lineStart : .textStart
                case .lineEnd(let multiline): multiline ? .lineEnd : .textEnd
                case .wordBoundary: .wordBoundary
                case .notWordBoundary: .notWordBoundary
                }
                append(.assertion, code.rawValue)
            }
        }
    }

    /// The number of instructions of the compiled program (builds it if needed); for tests.
    var compiledSize: Int { program.value.ops.count }

    /// True when the pattern matches somewhere in `text` (an unanchored search).
    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches(bytes: $0) }
    }

    /// ``matches(_:)`` for a text whose bytes, ASCII letters lowercased, are `present`
    /// (``ByteSet/lowercasedContents(of:)``): a text without the bytes of any literal the
    /// pattern needs is rejected without being read.
    func matches(_ text: String, present: ByteSet) -> Bool {
        if let prefilter = prefilterSlot?.value, !prefilter.mayOccur(in: present) { return false }
        return matches(text)
    }

    /// True when the pattern matches somewhere in `bytes`.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let prefilter = prefilterSlot?.value, !prefilter.mayMatch(bytes) { return false }
        return simulate(bytes)
    }

    /// The literals a match needs (nil without a prefilter); for tests.
    var requiredLiterals: [String]? { prefilterSlot?.value?.strings }

    /// True when the pattern matches somewhere in `bytes`, by the NFA alone (no prefilter).
    func simulate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let program = program.value
        // The instruction arrays are read through buffer pointers: no reference counting
        // or bounds checks per step.
        return program.ops.withUnsafeBufferPointer { ops in
            program.arg1.withUnsafeBufferPointer { arg1 in
                program.arg2.withUnsafeBufferPointer { arg2 in
                    program.sets.withUnsafeBufferPointer { sets in
                        Self.run(Borrowed(ops: ops, arg1: arg1, arg2: arg2, sets: sets), bytes: bytes,
                                 anchoredStart: anchoredStart, firstBytes: program.firstBytes)
                    }
                }
            }
        }
    }

    /// The compiled program, borrowed for one search.
    private struct Borrowed {
        let ops: UnsafeBufferPointer<Op>
        let arg1: UnsafeBufferPointer<Int32>
        let arg2: UnsafeBufferPointer<Int32>
        let sets: UnsafeBufferPointer<ByteSet>
    }

    private static func run(_ program: Borrowed, bytes: UnsafeBufferPointer<UInt8>, anchoredStart: Bool, firstBytes: ByteSet?) -> Bool {
        let count = program.ops.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: count * 4 + 2) { scratch in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { marks in
                marks.initialize(repeating: 0)
                var current = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
                var next = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
                let stack = UnsafeMutableBufferPointer(rebasing: scratch[(2 * count)..<(4 * count + 2)])
                var currentCount = 0
                let n = bytes.count
                var position = 0
                while true {
                    if currentCount == 0, let firstBytes, !anchoredStart {
                        // No thread alive: jump to the next byte a match can start with.
                        while position < n && !firstBytes.contains(bytes[position]) { position += 1 }
                        if position == n { return false }
                    }
                    if !anchoredStart || position == 0 {
                        if addThread(program, 0, position: position, bytes: bytes, list: current, listCount: &currentCount, marks: marks, stack: stack) {
                            return true
                        }
                    } else if currentCount == 0 {
                        return false
                    }
                    if position == n { return false }
                    let byte = bytes[position]
                    var nextCount = 0
                    for slot in 0..<currentCount {
                        let pc = Int(current[slot])
                        if program.sets[Int(program.arg1[pc])].contains(byte) {
                            if addThread(program, pc + 1, position: position + 1, bytes: bytes, list: next, listCount: &nextCount, marks: marks, stack: stack) {
                                return true
                            }
                        }
                    }
                    swap(&current, &next)
                    currentCount = nextCount
                    position += 1
                }
            }
        }
    }

    /// Adds `pc` and its epsilon closure at `position` to `list`; true when `match` is reached.
    @inline(__always)
    private static func addThread(
        _ program: Borrowed, _ start: Int, position: Int, bytes: UnsafeBufferPointer<UInt8>,
        list: UnsafeMutableBufferPointer<Int32>, listCount: inout Int,
        marks: UnsafeMutableBufferPointer<UInt32>, stack: UnsafeMutableBufferPointer<Int32>
    ) -> Bool {
        let stamp = UInt32(truncatingIfNeeded: position + 1)
        var depth = 0
        stack[0] = Int32(start)
        depth = 1
        while depth > 0 {
            depth -= 1
            let pc = Int(stack[depth])
            if marks[pc] == stamp { continue }
            marks[pc] = stamp
            switch program.ops[pc] {
            case .byteSet:
                list[listCount] = Int32(pc)
                listCount += 1
            case .match:
                return true
            case .jump:
                stack[depth] = program.arg1[pc]
                depth += 1
            case .split:
                stack[depth] = program.arg2[pc]
                stack[depth + 1] = program.arg1[pc]
                depth += 2
            case .assertion:
                if holds(AssertionCode(rawValue: program.arg1[pc])!, at: position, bytes) {
                    stack[depth] = Int32(pc + 1)
                    depth += 1
                }
            }
        }
        return false
    }

    private static func holds(_ code: AssertionCode, at position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let previous: UInt8? = position > 0 ? bytes[position - 1] : nil
        let next: UInt8? = position < bytes.count ? bytes[position] : nil
        switch code {
        case .textStart: return position == 0
        case .textEnd: return position == bytes.count
        case .lineStart: return previous == nil || previous == 10
        case .lineEnd: return next == nil || next == 10
        case .wordBoundary, .notWordBoundary:
            let before = previous.map { ByteSet.word.contains($0) } ?? false
            let after = next.map { ByteSet.word.contains($0) } ?? false
            return (before != after) == (code == .wordBoundary)
        }
    }
}
