#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import LexeconCrypto
import LexeconLedger

/// Verifies a lexecon ledger offline, as `docs/LEDGER_FORMAT.md` specifies.
///
/// The ledger is streamed in constant memory: lines are read in batches (at most
/// ``VerifierOptions/batchSize`` lines and ``VerifierOptions/batchBytes`` bytes), each
/// batch is parsed, hashed and signature-checked on all cores, and then the chain logic
/// runs over it in order. The verifier never stops at the first error: it resynchronises
/// after every break and reports one finding per root cause.
///
/// ```swift
/// let verifier = LedgerVerifier(options: VerifierOptions(pinnedKey: key, checkpointPaths: ["ledger.ckpt"]))
/// let report = try verifier.verify(ledgerPath: "ledger.jsonl") { finding in print(finding.message) }
/// if report.isValid { … }
/// ```
public struct LedgerVerifier: Sendable {
    /// How this verifier checks.
    public var options: VerifierOptions

    /// Creates a verifier.
    public init(options: VerifierOptions = VerifierOptions()) {
        self.options = options
    }

    /// Verifies the ledger at `ledgerPath`, calling `onFinding` for each finding as soon
    /// as it is known (the report holds them all too).
    ///
    /// - Throws: ``VerifierError`` only when the ledger or a checkpoint file cannot be
    ///   read at all; everything wrong *inside* them is a finding.
    public func verify(ledgerPath: String, onFinding: (Finding) -> Void = { _ in }) throws(VerifierError) -> VerificationReport {
        var checkpoints = try loadCheckpoints(ledgerPath: ledgerPath)
        var reader: LineReader
        do {
            reader = try LineReader(path: ledgerPath)
        } catch {
            throw VerifierError(.ledgerUnreadable, error.message)
        }

        var findings: [Finding] = []
        let record: (Finding) -> Void = { finding in
            findings.append(finding)
            onFinding(finding)
        }
        // withoutActuallyEscaping: the checker lives only for this call.
        return try withoutActuallyEscaping(record) { (emit) throws(VerifierError) -> VerificationReport in
            let run = Run(options: options, checkpoints: checkpoints, emit: emit)
            // On every way out, including a read error half-way: no batch may still be in
            // the chain step, holding `emit`, when this closure returns.
            defer { run.drain() }
            if options.pinnedKey == nil {
                emit(Finding(code: .notPinned, line: nil, message:
                    "no public key was given: records were checked against the key their own genesis declares, which proves internal consistency only (pin the key with --public-key)"))
            }
            do {
                try reader.forEachLine { line in
                    run.add(line)
                    return true
                }
            } catch let error as LedgerError {
                throw VerifierError(.ledgerUnreadable, "\(ledgerPath): \(error.message)")
            } catch {
                throw VerifierError(.ledgerUnreadable, "\(ledgerPath): \(error)")
            }
            run.finish()
            checkpoints = run.checkpoints
            var summary = run.chain.summary
            summary.lines = run.lineCount
            let report = VerificationReport(findings: findings, summary: summary)
            return Self.finalSummary(report, run: run)
        }
    }

    // MARK: - Checkpoints

    private func loadCheckpoints(ledgerPath: String) throws(VerifierError) -> [CheckpointState] {
        var states: [CheckpointState] = []
        for path in options.checkpointPaths {
            guard access(path, R_OK) == 0 else {
                throw VerifierError(.checkpointUnreadable, "cannot read checkpoint \(path): \(String(cString: strerror(errno)))")
            }
            let bytes: [UInt8]
            do { bytes = try FileAccess.readRegularFile(path, limit: 1 << 20).bytes } catch {
                throw VerifierError(.checkpointUnreadable, "cannot read checkpoint: \(error.message)")
            }
            states.append(CheckpointState(path: path, isLocalHead: false, bytes: bytes))
        }
        let head = ledgerPath + ".head"
        if options.checkLocalHead, access(head, F_OK) == 0 {
            let bytes = (try? FileAccess.readRegularFile(head, limit: 1 << 20).bytes) ?? []
            states.append(CheckpointState(path: head, isLocalHead: true, bytes: bytes))
        }
        return states
    }

    private static func finalSummary(_ report: VerificationReport, run: Run) -> VerificationReport {
        var report = report
        var summary = report.summary
        summary.checkpoints = run.checkpoints.map { $0.result }
        summary.anchoredRecords = run.anchored
        summary.anchoredByExternalCheckpoint = run.anchoredExternally
        let count = Int64(run.frontier.size)
        let valid = report.isValid
        if valid {
            let key = summary.keyID ?? "?"
            summary.proven.append(summary.keyPinned
                ? "every record is signed by the pinned key \(key)\(summary.rotations.isEmpty ? "" : " or a key it introduced by a valid key rotation")"
                : "every record is signed by the key the genesis declares (\(key))\(summary.rotations.isEmpty ? "" : " or a key it introduced by a valid key rotation")")
            summary.proven.append("the chain links all \(summary.records) records in order: no record was edited, removed, added or moved between the genesis and the last record")
        }
        for checkpoint in summary.checkpoints where checkpoint.outcome == .matched {
            summary.proven.append("the first \(checkpoint.size) records match the checkpoint \(checkpoint.path)\(checkpoint.isLocalHead ? " (kept next to the ledger)" : "")")
        }
        if !summary.keyPinned {
            summary.notProven.append("who signed: the key was taken from the ledger's own genesis, so a ledger re-signed as a whole by anyone would also pass (pin the key with --public-key)")
        }
        if run.anchored < count {
            let first = run.anchored + 1
            summary.notProven.append(run.checkpoints.isEmpty
                ? "truncation: no checkpoint was given, so records cut off the end (\(first == count ? "record \(count)" : "records \(first)–\(count)")) would not be detected"
                : "records \(first)–\(count) are after the last checkpoint: a cut there would not be detected")
        }
        if run.anchoredExternally < run.anchored {
            summary.notProven.append("rollback: \(run.checkpoints.first(where: { $0.isLocalHead })?.path ?? "LEDGER.head") lives on the same host as the ledger, so a rollback of both would not be detected; only checkpoints kept elsewhere (--checkpoint) prove against rollback")
        }
        report.summary = summary
        return report
    }
}

/// One checkpoint file and how it compared.
struct CheckpointState {
    var path: String
    var isLocalHead: Bool
    var note: SignedCheckpoint?
    var parseError: String?
    /// Nil until the ledger reached the checkpoint's size.
    var rootMatched: Bool?
    var reachedLine: Int?
    /// `ts` of the first record after the checkpoint.
    var firstAfterTimestamp: String?
    var result = VerificationReport.CheckpointResult(path: "", isLocalHead: false, size: 0, outcome: .invalid)

    init(path: String, isLocalHead: Bool, bytes: [UInt8]) {
        self.path = path
        self.isLocalHead = isLocalHead
        do { note = try SignedCheckpoint.parse(bytes) } catch { parseError = error.message }
        result = .init(path: path, isLocalHead: isLocalHead, size: note?.checkpoint.size ?? 0, outcome: .invalid)
    }

    var size: Int64 { note?.checkpoint.size ?? -1 }
}

/// The state of one verification run: the current batch, the Merkle frontier, the
/// checkpoints and the chain logic.
///
/// Batches are pipelined: while batch N+1 is read and analysed on all cores, batch N goes
/// through the Merkle frontier and the chain logic on `chainQueue`, so the serial step no
/// longer leaves cores idle. The stages touch disjoint state — the reading and analysis
/// side owns the batch buffers, `candidateKeys` and `lineCount`; the chain side owns
/// `chain`, `frontier`, `checkpoints`, `torn` and emits findings — and the chain side is
/// joined (`chainQueue.sync`) before the next batch is handed over and before anything reads
/// its state, which is what makes the unchecked `Sendable` sound. Batches are fed in order
/// (a serial queue), and the keys a batch may be signed with come from analysis, not from
/// the chain, so the order of evidence is unchanged.
private final class Run: @unchecked Sendable {
    let options: VerifierOptions
    var checkpoints: [CheckpointState]
    let emit: (Finding) -> Void
    var chain: ChainChecker
    var frontier = MerkleFrontier()
    var lineCount = 0
    var anchored: Int64 = 0
    var anchoredExternally: Int64 = 0

    /// Public keys records may name (pinned, genesis-listed, rotation-introduced). Whether
    /// a key is *trusted* is decided in order by the chain logic; this only lets each
    /// signature be checked in parallel. Bounded to 1,024 keys.
    var candidateKeys: [String: Ed25519PublicKey] = [:]

    // The batch: line bytes packed in one buffer.
    var batchBytes: [UInt8] = []
    var batchLines: [(number: Int, start: Int, count: Int, length: Int, terminated: Bool, overlong: Bool)] = []
    var torn: (line: Int, length: Int)?
    /// Runs the chain step of one batch at a time, in batch order.
    private let chainQueue = DispatchQueue(label: "lexecon.verify.chain")

    init(options: VerifierOptions, checkpoints: [CheckpointState], emit: @escaping (Finding) -> Void) {
        self.options = options
        self.checkpoints = checkpoints
        self.emit = emit
        chain = ChainChecker(pinnedKey: options.pinnedKey, emit: emit)
        if let key = options.pinnedKey { candidateKeys[key.keyID] = key }
        batchBytes.reserveCapacity(min(options.batchBytes, 1 << 20))
        for i in self.checkpoints.indices where self.checkpoints[i].size == 0 {
            self.checkpoints[i].rootMatched = self.checkpoints[i].note!.checkpoint.rootHash == frontier.root
        }
    }

    func add(_ line: LineReader.Line) {
        lineCount += 1
        if batchBytes.count + line.bytes.count > options.batchBytes { flush() }
        batchLines.append((line.number, batchBytes.count, line.bytes.count, line.length, line.terminated, line.overlong))
        batchBytes.append(contentsOf: line.bytes)
        if batchLines.count >= options.batchSize { flush() }
    }

    /// Waits until every batch handed over has been through the chain step.
    func drain() {
        chainQueue.sync {}
    }

    func finish() {
        flush()
        drain()
        chain.finish()
        if let torn {
            emit(Finding(code: .tornTail, line: torn.line, message:
                "the last \(torn.length) bytes have no line end: a write was interrupted; they are not part of the ledger (`lexecon ledger recover` moves them aside and records it)"))
        }
        if frontier.size == 0 && !chain.sawGenesisPosition {
            emit(Finding(code: .badGenesis, line: nil, message: lineCount == 0
                ? "the ledger is empty: it has no genesis record"
                : "the ledger has no complete record and no genesis"))
        }
        finishCheckpoints()
    }

    // MARK: Batches

    func flush() {
        guard !batchLines.isEmpty else { return }
        let count = batchLines.count
        var analysed = [AnalyzedLine?](repeating: nil, count: count)
        let lines = batchLines
        let memo = options.memo
        // Records signed by a key already known before this batch (nearly all of them) are
        // checked in the same parallel pass as their analysis; only records naming a key
        // that this very batch introduces wait for the second pass.
        let knownKeys = candidateKeys
        batchBytes.withUnsafeBytes { bytes in
            analysed.withUnsafeMutableBufferPointer { out in
                let shared = SharedBuffer(base: out.baseAddress!)
                let input = SharedBytes(bytes: bytes)
                Parallel.forEach(count: count) { i in
                    let bytes = input.bytes
                    let entry = lines[i]
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[entry.start..<entry.start + entry.count])
                    let analyse = {
                        LineAnalyzer.analyze(raw, line: entry.number, length: entry.length,
                                             terminated: entry.terminated, overlong: entry.overlong)
                    }
                    var line: AnalyzedLine
                    if let memo {
                        line = memo.analysis(VerifierMemo.LineKey(bytes: Array(raw), line: entry.number, terminated: entry.terminated,
                                                                  overlong: entry.overlong), analyse)
                    } else {
                        line = analyse()
                    }
                    if let id = line.keyID, let key = knownKeys[id] {
                        Run.checkSignature(&line, key: key, memo: memo)
                    }
                    shared.base[i] = line
                }
            }
        }
        // Keys declared in this batch can sign later records of the same batch.
        // (By index: reading two members in place rather than copying every line.)
        for index in analysed.indices {
            if let keys = analysed[index]?.genesis?.keys {
                for (id, key) in keys where candidateKeys.count < 1024 { candidateKeys[id] = key }
            }
            if let rotation = analysed[index]?.rotation, let key = rotation.newKey, candidateKeys.count < 1024 {
                candidateKeys[rotation.newKeyID] = key
            }
        }
        let keys = candidateKeys
        analysed.withUnsafeMutableBufferPointer { out in
            let shared = SharedBuffer(base: out.baseAddress!)
            Parallel.forEach(count: count) { i in
                // Most lines were checked in the first pass: test in place before copying.
                guard shared.base[i]?.signatureState == .notChecked, var line = shared.base[i] else { return }
                guard case .present = line.signature, let id = line.keyID, line.coreProblem == nil else { return }
                if let key = keys[id] {
                    Run.checkSignature(&line, key: key, memo: memo)
                } else {
                    line.signatureState = .unknownKey
                    line.signedMessage = []
                }
                shared.base[i] = line
            }
        }
        batchBytes.removeAll(keepingCapacity: true)
        batchLines.removeAll(keepingCapacity: true)
        // At most one batch waits for the chain step (bounded memory), then this one is
        // handed over while the caller goes on reading the next.
        drain()
        let ready = analysed
        chainQueue.async { self.feedChain(ready) }
    }

    /// The serial step of one batch: the Merkle frontier and the chain logic, in order.
    private func feedChain(_ analysed: [AnalyzedLine?]) {
        for case let line? in analysed {
            guard line.terminated else {
                torn = (line.line, line.length)
                continue
            }
            merkle(line)
            chain.feed(line)
        }
    }

    /// Checks a line's signature with `key` (no-op for lines that cannot be checked).
    static func checkSignature(_ line: inout AnalyzedLine, key: Ed25519PublicKey, memo: VerifierMemo?) {
        guard case .present(let signature) = line.signature, line.coreProblem == nil else { return }
        let message = line.signedMessage
        let valid = memo.map { memo in
            memo.signature(VerifierMemo.SignatureKey(key: key.rawRepresentation, signature: signature, message: message)) {
                key.isValidSignature(signature, for: message)
            }
        } ?? key.isValidSignature(signature, for: message)
        line.signatureState = valid ? .valid : .invalid
        line.signedMessage = []
    }

    private func merkle(_ line: AnalyzedLine) {
        let index = frontier.size
        for i in checkpoints.indices where checkpoints[i].size == index {
            checkpoints[i].firstAfterTimestamp = line.timestamp
        }
        frontier.append(leafHash: line.leaf.bytes)
        for i in checkpoints.indices where checkpoints[i].size == frontier.size {
            checkpoints[i].rootMatched = checkpoints[i].note!.checkpoint.rootHash == frontier.root
            checkpoints[i].reachedLine = line.line
        }
    }

    // MARK: Checkpoint verdicts

    private func finishCheckpoints() {
        let count = frontier.size
        for i in checkpoints.indices {
            var state = checkpoints[i]
            defer { checkpoints[i] = state }
            func invalid(_ message: String) {
                emit(Finding(code: .checkpointInvalid, line: nil, checkpointPath: state.path, message: message))
            }
            guard let note = state.note else {
                invalid("cannot use checkpoint: \(TerminalSafe.escape(state.parseError ?? "unreadable"))")
                continue
            }
            let checkpoint = note.checkpoint
            if let origin = chain.origin, checkpoint.origin != origin {
                invalid("checkpoint is for \(TerminalSafe.escape(checkpoint.origin)), but this ledger's origin is \(TerminalSafe.escape(origin)): it belongs to another ledger")
                continue
            }
            guard chain.trustedKeys.values.contains(where: { note.isSigned(by: $0) }) else {
                let keys = chain.trustedKeys.keys.sorted().joined(separator: ", ")
                invalid("checkpoint has no valid signature by the trusted key (\(keys.isEmpty ? "none known" : keys))")
                continue
            }
            if checkpoint.size > count {
                state.result.outcome = .truncated
                emit(Finding(code: .truncated, line: nil, checkpointPath: state.path, message:
                    "the ledger has \(count) records but the checkpoint covers \(checkpoint.size): records \(count + 1)–\(checkpoint.size) (seq \(count)–\(checkpoint.size - 1)) were cut off or the file was rolled back"))
                continue
            }
            if state.rootMatched == false {
                state.result.outcome = .diverged
                emit(Finding(code: .diverged, line: state.reachedLine, checkpointPath: state.path, message:
                    "the Merkle root of the first \(checkpoint.size) records differs from the checkpoint's: the ledger was rewritten after the checkpoint was taken"))
                continue
            }
            state.result.outcome = .matched
            anchored = max(anchored, checkpoint.size)
            if !state.isLocalHead { anchoredExternally = max(anchoredExternally, checkpoint.size) }
        }
        if count > anchored {
            let firstTS = anchored == 0 ? chain.summary.firstTimestamp
                : checkpoints.first(where: { $0.size == anchored && $0.result.outcome == .matched })?.firstAfterTimestamp
            let span = [firstTS, chain.summary.lastTimestamp].compactMap { $0 }
            let times = span.count == 2 ? ", \(TerminalSafe.escape(span[0])) to \(TerminalSafe.escape(span[1]))" : ""
            let unanchored = count - anchored
            let what = checkpoints.isEmpty ? "no checkpoint was given: " : (anchored == 0 ? "no checkpoint matched: " : "")
            emit(Finding(code: .unanchoredTail, line: Int(anchored) + 1, message:
                "\(what)\(unanchored) record\(unanchored == 1 ? "" : "s") (\(anchored + 1)–\(count)\(times)) are after the last checkpoint: a cut there would not be detected"))
        }
    }
}

/// A raw pointer shared by the iterations of one parallel loop; each iteration writes
/// only its own index, so there is no data race.
private struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}

/// Read-only bytes shared by the iterations of one parallel loop.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}

/// Runs work on all cores in chunks (fewer dispatches than one per line).
enum Parallel {
    static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    static func forEach(count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        // Many small chunks: a batch waits for its last chunk, so large ones leave cores idle.
        let chunks = min(count, cores * 32)
        if chunks == 1 || cores == 1 {
            for i in 0..<count { body(i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = count * chunk / chunks
            let upper = count * (chunk + 1) / chunks
            for i in lower..<upper { body(i) }
        }
    }
}
