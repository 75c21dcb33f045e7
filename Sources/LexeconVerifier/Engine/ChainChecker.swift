import LexeconCrypto
import LexeconLedger

/// The sequential half of verification: places each analysed line in the chain, decides
/// the root cause of every break, and resynchronises so that one cause gives one finding.
///
/// Model: an *anchor* is the last record placed (its seq and leaf hash). The next record
/// fits when its seq is anchor+1 and its `prev` is the anchor's leaf hash and it is
/// signed by the trusted key. Anything else is decided with a bounded lookahead of
/// ``lookahead`` lines (the lines are already analysed and signature-checked):
///
/// - a line that cannot be placed (unreadable, bad or missing signature, foreign ledger,
///   second genesis) is *inserted* when the line after it fits the anchor, and otherwise
///   *takes the anchor's next position* (RECORD_MODIFIED and friends); the anchor then
///   becomes "tainted" so its successor's broken `prev` is not reported again;
/// - a signed record whose seq jumps ahead is *reordered* when the record that should
///   come next is found in the lookahead, *a seq gap* when its `prev` still links, and
///   otherwise *records missing* (count and range);
/// - a record whose line or seq was seen in the recent window is *duplicated*;
/// - a validly signed record by a key that is not trusted joins one UNTRUSTED_KEY run.
///
/// Memory: the lookahead (``lookahead`` analysed lines without their payloads) and the
/// ``RecentWindow``; nothing grows with the ledger.
struct ChainChecker {
    struct Anchor {
        var seq: Int64
        var leaf: Digest
        var line: Int
        /// The anchor cannot vouch for its successor's `prev` (it was damaged, reported,
        /// or signed by an untrusted key): the successor relinks without a new finding.
        var tainted: Bool
    }

    /// Lines held back to decide the root cause of a break. 256 covers insertions,
    /// swaps and moves of a record by up to 256 positions.
    let lookahead: Int
    private let emit: (Finding) -> Void
    private let pinnedKeyID: String?

    private(set) var summary = VerificationReport.Summary()
    /// Every key that was trusted at some point (checkpoints may be signed by any of them).
    private(set) var trustedKeys: [String: Ed25519PublicKey] = [:]
    private(set) var origin: String?
    private(set) var sawGenesisPosition = false

    private var trustedKeyID: String?
    private var ledgerID: String?
    private var anchor: Anchor?
    private var recent = RecentWindow()
    private var pending: [AnalyzedLine?] = []
    private var head = 0

    // Time.
    private var lastTimestamp: String?
    private var lastBoot: String?
    private var lastMono: Int64?

    // Runs: one finding for many adjacent lines with the same cause.
    private struct Run {
        var code: FindingCode
        var key: String
        var firstLine: Int
        var lastLine: Int
        var firstSeq: Int64?
        var lastSeq: Int64?
        var count: Int
        var reason: String
    }
    private var unreadableRun: Run?
    private var crlfRun: Run?
    private var untrustedRun: Run?
    /// Keys named by a key_rotation that was rejected (already reported there).
    private var rejectedRotationKeys: Set<String> = []
    /// Keys that were trusted before a rotation, with the line of the rotation.
    private var retiredKeys: [String: Int] = [:]

    // An open reordering region: lines [firstLine, lastLine] were placed out of file order.
    private var reorder: (firstLine: Int, lastLine: Int, minSeq: Int64, maxSeq: Int64)?

    init(pinnedKey: Ed25519PublicKey?, lookahead: Int = 256, emit: @escaping (Finding) -> Void) {
        self.lookahead = lookahead
        self.emit = emit
        pinnedKeyID = pinnedKey?.keyID
        if let pinnedKey {
            trustedKeyID = pinnedKey.keyID
            trustedKeys[pinnedKey.keyID] = pinnedKey
            summary.keyID = pinnedKey.keyID
            summary.keyPinned = true
        }
    }

    // MARK: - Feeding

    /// Adds the next line (in file order) and places every line that can be decided.
    mutating func feed(_ line: AnalyzedLine) {
        var line = line
        line.signedMessage = []
        pending.append(line)
        drain(finishing: false)
    }

    /// Places every line still held back; call once after the last line.
    mutating func finish() {
        drain(finishing: true)
        flushUnreadable()
        flushCRLF()
        flushUntrusted()
        closeReorder(force: true)
    }

    private var pendingCount: Int { pending.count - head }

    private mutating func drain(finishing: Bool) {
        while let first = firstPending() {
            if fastPathFits(first) {
                popFirst()
                accept(first)
            } else if finishing || pendingCount > lookahead {
                slowStep(first)
            } else {
                break
            }
            closeReorder(force: false)
        }
        if head > 4096 {
            pending.removeFirst(head)
            head = 0
        }
    }

    private func firstPending() -> AnalyzedLine? {
        var i = head
        while i < pending.count {
            if let line = pending[i] { return line }
            i += 1
        }
        return nil
    }

    private mutating func popFirst() {
        while head < pending.count {
            let wasLine = pending[head] != nil
            pending[head] = nil
            head += 1
            if wasLine { break }
        }
        while head < pending.count && pending[head] == nil { head += 1 }
    }

    /// The first placeable line after the first pending one.
    private func nextPlaceable() -> AnalyzedLine? {
        var i = head + 1
        while i < pending.count {
            if let line = pending[i], line.isPlaceable { return line }
            i += 1
        }
        return nil
    }

    // MARK: - Fitting

    private func isTrusted(_ line: AnalyzedLine) -> Bool {
        line.signatureState == .valid && line.keyID != nil && line.keyID == trustedKeyID
    }

    private func isForeign(_ line: AnalyzedLine) -> Bool {
        guard let ledgerID, let own = line.ledger else { return false }
        return own != ledgerID
    }

    /// Placeable at the anchor's next position (seq and link).
    private func fits(_ line: AnalyzedLine) -> Bool {
        guard let anchor, line.isPlaceable, !line.isGenesis, !isForeign(line), line.seq == anchor.seq + 1 else { return false }
        return line.prev == anchor.leaf || anchor.tainted
    }

    private func fastPathFits(_ line: AnalyzedLine) -> Bool {
        guard let anchor, isTrusted(line), !line.isGenesis, !isForeign(line), line.seq == anchor.seq + 1 else { return false }
        return line.prev == anchor.leaf || anchor.tainted
    }

    // MARK: - Deciding

    private mutating func slowStep(_ line: AnalyzedLine) {
        guard let anchor else {
            start(line)
            return
        }
        let expected = anchor.seq + 1
        if !line.isPlaceable || isForeign(line) || line.isGenesis {
            let next = nextPlaceable()
            let inserted = next.map(fits) ?? false
            popFirst()
            reportDefect(line, inserted: inserted, expected: expected)
            if !inserted {
                var last = expected
                if line.unreadable != nil, let nextSeq = next?.seq, nextSeq > expected + 1, nextSeq - expected <= Int64(lookahead) {
                    last = nextSeq - 1
                }
                place(line, at: last)
            }
            return
        }
        let seq = line.seq!
        if let original = recent.line(forLeaf: line.leaf) {
            popFirst()
            report(.recordDuplicated, line, "line is an exact copy of line \(original) (seq \(seq)); the chain continues without it")
            return
        }
        if seq == expected {
            if line.prev == anchor.leaf || anchor.tainted {
                if !isTrusted(line), let next = nextPlaceable(), fits(next), isTrusted(next) {
                    popFirst()
                    report(.recordInserted, line, "record is \(untrustedReason(line)) and the next record links to line \(anchor.line): it was added")
                    return
                }
                popFirst()
                accept(line)
                return
            }
            if let next = nextPlaceable(), fits(next), next.seq == expected {
                popFirst()
                report(.recordInserted, line, "record's prev links to no record before it and the next record links to line \(anchor.line): it was added")
                return
            }
            popFirst()
            if let earlier = recent.line(forLeaf: line.prev!) {
                report(.recordDuplicated, line, "record links to line \(earlier) instead of line \(anchor.line): a second record with seq \(seq) (a forked chain)")
            } else {
                report(.recordModified, line, "prev does not match the hash of line \(anchor.line) (seq \(anchor.seq)) although both are signed: the record before it was replaced")
            }
            accept(line, tainted: true)
            return
        }
        if seq > expected {
            if line.prev == anchor.leaf && !anchor.tainted {
                popFirst()
                report(.seqGap, line, "seq jumps from \(anchor.seq) to \(seq) although prev links to line \(anchor.line)")
                accept(line, tainted: true)
                return
            }
            if seq - expected <= Int64(lookahead), let index = indexOfFitting() {
                // The record that belongs here comes later in the file: records are out of order.
                let pulled = pending[index]!
                pending[index] = nil
                extendReorder(first: line.line, last: pulled.line, seq: pulled.seq!, otherSeq: seq)
                accept(pulled)
                return
            }
            popFirst()
            let count = seq - expected
            let range = count == 1 ? "seq \(expected) is" : "seq \(expected)–\(seq - 1) (\(count) records) are"
            report(.recordsMissing, line, "\(range) missing between line \(anchor.line) and line \(line.line): records were deleted")
            accept(line)
            return
        }
        popFirst()
        if let original = recent.line(forSeq: seq) {
            report(.recordDuplicated, line, "seq \(seq) was already used by line \(original) (expected seq \(expected)); the chain continues without this record")
        } else {
            report(.recordsReordered, line, "seq \(seq) belongs far before this place (expected seq \(expected)); the chain continues without it")
        }
    }

    private func indexOfFitting() -> Int? {
        var i = head + 1
        while i < pending.count {
            if let line = pending[i], fits(line), line.prev == anchor!.leaf || isTrusted(line) { return i }
            i += 1
        }
        return nil
    }

    /// The first line where the genesis should be.
    private mutating func start(_ line: AnalyzedLine) {
        sawGenesisPosition = true
        if line.isPlaceable && line.isGenesis {
            popFirst()
            acceptGenesis(line)
            return
        }
        if !line.isPlaceable {
            let next = nextPlaceable()
            popFirst()
            if let next, next.isGenesis {
                sawGenesisPosition = false
                reportDefect(line, inserted: true, expected: 0, before: "before the genesis")
                return
            }
            // The genesis itself is damaged: keep what it declares (best effort, not trusted).
            adoptGenesis(line)
            reportDefect(line, inserted: false, expected: 0, before: "where the genesis should be")
            place(line, at: 0)
            return
        }
        popFirst()
        report(.badGenesis, line, "the first record is seq \(line.seq!) (\(TerminalSafe.escape(line.kind ?? "?"))), not a genesis: the start of the ledger is missing")
        ledgerID = line.ledger
        if trustedKeyID == nil { trustedKeyID = line.keyID }
        noteTrustedKey(line)
        accept(line, tainted: true)
    }

    private mutating func adoptGenesis(_ line: AnalyzedLine) {
        guard line.isGenesis else { return }
        ledgerID = line.ledger
        summary.ledgerID = line.ledger
        origin = line.genesis?.origin
        if trustedKeyID == nil, let key = line.keyID, line.genesis?.keys.contains(where: { $0.id == key }) == true {
            trustedKeyID = key
            summary.keyID = key
            noteTrustedKey(line)
        }
    }

    private mutating func noteTrustedKey(_ line: AnalyzedLine) {
        guard let id = trustedKeyID, trustedKeys[id] == nil,
              let key = line.genesis?.keys.first(where: { $0.id == id })?.key else { return }
        trustedKeys[id] = key
    }

    private mutating func acceptGenesis(_ line: AnalyzedLine) {
        let genesis = line.genesis ?? AnalyzedLine.Genesis()
        ledgerID = line.ledger
        summary.ledgerID = line.ledger
        origin = genesis.origin
        var problems: [FindingCode: String] = [:]
        if line.seq != 0 { problems[.badGenesis] = "genesis has seq \(line.seq!), not 0" }
        if let signer = line.keyID, !genesis.listedIDs.contains(signer) {
            problems[.badGenesis] = (problems[.badGenesis].map { $0 + "; " } ?? "") + "the signing key \(signer) is not listed in its 'keys'"
        }
        if let id = line.ledger, line.prev != Digest(hex: ChainHash.genesisPrev(ledgerID: id)) {
            problems[.foreignLedger] = "genesis prev is not SHA-256(\"lexecon/v1 genesis\\n\" ‖ ledger id): it was seeded for another ledger"
        }
        if trustedKeyID == nil {
            trustedKeyID = line.keyID
            summary.keyID = line.keyID
            noteTrustedKey(line)
        }
        for code in [FindingCode.badGenesis, .foreignLedger] {
            if let message = problems[code] { report(code, line, message) }
        }
        accept(line, tainted: !problems.isEmpty)
    }

    // MARK: - Placing

    /// A damaged line takes the chain position `seq`: its successor relinks to it.
    private mutating func place(_ line: AnalyzedLine, at seq: Int64) {
        anchor = Anchor(seq: seq, leaf: line.leaf, line: line.line, tainted: true)
    }

    private mutating func accept(_ line: AnalyzedLine, tainted alreadyTainted: Bool = false) {
        let seq = line.seq!
        flushUnreadable()
        var tainted = alreadyTainted
        if isTrusted(line) {
            flushUntrusted()
        } else {
            extendUntrusted(line)
            tainted = true
        }
        if line.bom {
            report(.malformedRecord, line, "the file starts with a UTF-8 byte order mark (EF BB BF); ledgers have none")
            tainted = true
        }
        if line.crlf {
            extendCRLF(line)
            tainted = true
        } else {
            flushCRLF()
        }
        for issue in line.issues {
            report(issue.code, line, issue.message)
            tainted = true
        }
        checkTime(line)
        if line.kind == RecordKind.recovery.rawValue {
            report(.writerRecovery, line, "writer recovery: \(line.recovery ?? "a torn tail was moved aside") (see the recovery record; nothing was discarded silently)")
        }
        if line.kind == RecordKind.keyRotation.rawValue, let rotation = line.rotation {
            if isTrusted(line), rotation.proofValid, let key = rotation.newKey {
                if let old = trustedKeyID { retiredKeys[old] = line.line }
                trustedKeyID = rotation.newKeyID
                trustedKeys[rotation.newKeyID] = key
                summary.rotations.append((line.line, rotation.newKeyID))
            } else if isTrusted(line) {
                rejectedRotationKeys.insert(rotation.newKeyID)
                report(.untrustedKey, line, "key_rotation to \(TerminalSafe.escape(rotation.newKeyID)) is rejected: \(rotation.problem ?? "invalid"); records signed by that key are not trusted")
                tainted = true
            }
        }
        if summary.firstTimestamp == nil { summary.firstTimestamp = line.timestamp }
        if let ts = line.timestamp { summary.lastTimestamp = ts }
        summary.records += 1
        recent.insert(leaf: line.leaf, seq: seq, line: line.line)
        anchor = Anchor(seq: seq, leaf: line.leaf, line: line.line, tainted: tainted)
    }

    private mutating func checkTime(_ line: AnalyzedLine) {
        guard let ts = line.timestamp else { return }
        defer {
            lastTimestamp = ts
            lastBoot = line.boot
            lastMono = line.mono
        }
        guard let previous = lastTimestamp, ts < previous else { return }
        let why: String
        if let boot = line.boot, let lastBoot, let mono = line.mono, let lastMono {
            if boot != lastBoot {
                why = "across a reboot (boot id changed): the wall clock was stepped or wrong at boot"
            } else if mono > lastMono {
                why = "while the monotonic clock advanced on the same boot: a wall-clock step (NTP or manual), not reordering"
            } else {
                why = "and the monotonic clock went back too on the same boot: the records' order or times are suspect"
            }
        } else {
            why = "and the records carry no boot/mono members to tell a clock step from tampering"
        }
        report(.timeRegression, line, "ts \(TerminalSafe.escape(ts)) is earlier than the previous record's \(TerminalSafe.escape(previous)) \(why)")
    }

    // MARK: - Reporting

    private mutating func report(_ code: FindingCode, _ line: AnalyzedLine, _ message: String) {
        if code != .malformedRecord || line.unreadable == nil { flushUnreadable() }
        emit(Finding(code: code, line: line.line, seq: line.seq, message: message))
    }

    private func untrustedReason(_ line: AnalyzedLine) -> String {
        let key = TerminalSafe.escape(line.keyID ?? "?")
        if line.signatureState == .unknownKey {
            return "signed by key \(key), which is neither pinned nor listed in the genesis or a valid key rotation (its signature cannot be checked)"
        }
        if let retiredAt = retiredKeys[line.keyID ?? ""] {
            return "signed by key \(key), which was replaced by a key rotation at line \(retiredAt)"
        }
        if let pinnedKeyID, trustedKeyID == pinnedKeyID {
            return "signed by key \(key), not the pinned key \(pinnedKeyID)"
        }
        return "signed by key \(key), not the trusted key \(trustedKeyID ?? "(none)")"
    }

    private mutating func reportDefect(_ line: AnalyzedLine, inserted: Bool, expected: Int64, before: String? = nil) {
        let place = before.map { " (\($0))" } ?? ""
        let fate = inserted ? "; the next record links to the one before it, so this line was added" : ""
        if let why = line.unreadable {
            flushCRLF()
            if var run = unreadableRun, run.lastLine + 1 == line.line {
                run.lastLine = line.line
                run.count += 1
                unreadableRun = run
            } else {
                flushUnreadable()
                let excerpt = line.excerpt.isEmpty ? "" : ": \(line.excerpt)"
                unreadableRun = Run(code: .malformedRecord, key: "", firstLine: line.line, lastLine: line.line,
                                    count: 1, reason: "\(why)\(place)\(excerpt)")
            }
            return
        }
        if let problem = line.coreProblem {
            report(.malformedRecord, line, "record cannot be placed in the chain: \(problem)\(place)\(fate)")
            return
        }
        if line.isGenesis, line.signatureState == .valid || line.signatureState == .unknownKey {
            report(.badGenesis, line, "a second genesis record (seq \(line.seq.map(String.init) ?? "?"))\(fate)")
            return
        }
        if isForeign(line), line.signatureState == .valid || line.signatureState == .unknownKey {
            report(.foreignLedger, line, "record belongs to ledger \(TerminalSafe.escape(line.ledger ?? "?")), not \(ledgerID ?? "?")\(fate)")
            return
        }
        switch line.signature {
        case .missing:
            report(.unsignedRecord, line, "record has no 'sig' member\(place)\(fate)")
            return
        case .malformed(let why):
            report(.badSignature, line, "\(why)\(place)\(fate)")
            return
        case .present:
            break
        }
        if inserted {
            let reason = line.signatureState == .invalid ? "its signature does not verify" : untrustedReason(line)
            report(.recordInserted, line, "record fits nowhere: \(reason); the next record links to the one before it, so this record was added")
        } else {
            report(.recordModified, line, "signature does not verify over the record's body: the record was altered after signing\(place) (its successor's broken prev is the same cause)")
        }
    }

    private mutating func flushUnreadable() {
        guard let run = unreadableRun else { return }
        unreadableRun = nil
        let lines = run.count == 1 ? "" : " (lines \(run.firstLine)–\(run.lastLine), \(run.count) lines)"
        emit(Finding(code: .malformedRecord, line: run.firstLine, message: "\(run.reason)\(lines)"))
    }

    private mutating func extendCRLF(_ line: AnalyzedLine) {
        if var run = crlfRun {
            run.lastLine = line.line
            run.count += 1
            crlfRun = run
        } else {
            crlfRun = Run(code: .malformedRecord, key: "", firstLine: line.line, lastLine: line.line, count: 1, reason: "")
        }
    }

    private mutating func flushCRLF() {
        guard let run = crlfRun else { return }
        crlfRun = nil
        let lines = run.count == 1 ? "line ends" : "lines \(run.firstLine)–\(run.lastLine) (\(run.count) lines) end"
        emit(Finding(code: .malformedRecord, line: run.firstLine,
                     message: "\(lines) in CR LF; ledger lines end in LF only (was the file converted to Windows line ends?)"))
    }

    private mutating func extendUntrusted(_ line: AnalyzedLine) {
        let key = line.keyID ?? "?"
        if var run = untrustedRun, run.key == key {
            run.lastLine = line.line
            run.lastSeq = line.seq
            run.count += 1
            untrustedRun = run
            return
        }
        flushUntrusted()
        untrustedRun = Run(code: .untrustedKey, key: key, firstLine: line.line, lastLine: line.line,
                           firstSeq: line.seq, lastSeq: line.seq, count: 1, reason: untrustedReason(line))
    }

    private mutating func flushUntrusted() {
        guard let run = untrustedRun else { return }
        untrustedRun = nil
        if rejectedRotationKeys.contains(run.key) { return }  // reported at the rejected rotation
        let what = run.count == 1
            ? "record seq \(run.firstSeq.map(String.init) ?? "?") is"
            : "\(run.count) records (lines \(run.firstLine)–\(run.lastLine), seq \(run.firstSeq.map(String.init) ?? "?")–\(run.lastSeq.map(String.init) ?? "?")) are"
        emit(Finding(code: .untrustedKey, line: run.firstLine, seq: run.firstSeq, message: "\(what) \(run.reason)"))
    }

    private mutating func extendReorder(first: Int, last: Int, seq: Int64, otherSeq: Int64) {
        if var region = reorder {
            region.firstLine = min(region.firstLine, first)
            region.lastLine = max(region.lastLine, last)
            region.minSeq = min(region.minSeq, seq, otherSeq)
            region.maxSeq = max(region.maxSeq, seq, otherSeq)
            reorder = region
        } else {
            reorder = (first, last, min(seq, otherSeq), max(seq, otherSeq))
        }
    }

    private mutating func closeReorder(force: Bool) {
        guard let region = reorder else { return }
        if !force, let next = firstPending(), next.line <= region.lastLine { return }
        reorder = nil
        emit(Finding(code: .recordsReordered, line: region.firstLine, seq: region.minSeq,
                     message: "lines \(region.firstLine)–\(region.lastLine) hold seq \(region.minSeq)–\(region.maxSeq) out of order (links crossed); each record's signature is valid, so records were moved"))
    }
}
