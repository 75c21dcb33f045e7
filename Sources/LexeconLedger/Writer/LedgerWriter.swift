#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LexeconCrypto
import Synchronization

/// Appends signed, hash-chained records to a ledger file, durably.
///
/// Every append follows the writer protocol of `docs/LEDGER_FORMAT.md`: take
/// `flock(LOCK_EX)` on `LEDGER.lock` (bounded wait), check the tail (a torn last line or a
/// last record that does not verify stops the append), build and sign the record, write
/// it with one `write(2)` to a descriptor opened `O_APPEND`, `fsync`, and only then
/// return. A failed write or fsync is rolled back with `ftruncate` so nothing
/// half-recorded stays behind, and the error is thrown: callers must not act on the
/// decision.
///
/// One writer serialises the appends of all threads of a process; several processes
/// serialise through the lock file. The writer remembers the tail it last wrote, so an
/// append only re-reads the file when another process has appended in between.
public final class LedgerWriter: Sendable {
    /// The ledger file.
    public let path: String
    /// `LEDGER.lock`.
    public var lockPath: String { path + ".lock" }
    /// `LEDGER.head`.
    public var headPath: String { path + ".head" }

    private let key: Ed25519PrivateKey
    private let keyID: String
    private let toolName: String
    private let toolVersion: String
    private let lockTimeoutMilliseconds: Int
    private let system: SystemCalls
    private let state = Mutex(State())

    private struct Tail {
        var fileSize: Int64
        var seq: Int64
        var leafHash: [UInt8]
        var ledgerID: String
        var origin: String
        var timestamp: String
    }

    private struct State {
        var lockFD: Int32 = -1
        var ledgerFD: Int32 = -1
        var tail: Tail?
        /// Merkle frontier over records [0, frontier.size), kept while this process appends.
        var frontier: MerkleFrontier?
    }

    /// Creates a writer for `path` signing with `key`. Nothing is opened until the first append.
    public init(path: String, key: Ed25519PrivateKey, toolName: String = "lexecon", toolVersion: String,
                lockTimeoutMilliseconds: Int = 10_000, systemCalls: SystemCalls = .live) {
        self.path = path
        self.key = key
        self.keyID = key.publicKey.keyID
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
        self.system = systemCalls
    }

    deinit {
        state.withLock { state in
            if state.ledgerFD >= 0 { close(state.ledgerFD) }
            if state.lockFD >= 0 { close(state.lockFD) }
        }
    }

    /// What an append produced.
    public struct Appended: Sendable {
        /// The record's `seq`.
        public var seq: Int64
        /// The record's leaf hash (its successor's `prev`).
        public var leafHash: [UInt8]
        /// The exact line written (without LF).
        public var line: [UInt8]
        /// The ledger id.
        public var ledgerID: String
        /// Set when the periodic checkpoint refresh failed; the record itself is durable.
        public var checkpointError: LedgerError?
    }

    // MARK: - Typed appends

    /// Appends a `decision` record. Callers act on the decision only after this returns.
    @discardableResult
    public func append(decision entry: DecisionEntry) throws(LedgerError) -> Appended {
        try append(kind: .decision, fields: entry.fields)
    }

    /// Appends a `result` record.
    @discardableResult
    public func append(result entry: ResultEntry) throws(LedgerError) -> Appended {
        try append(kind: .result, fields: entry.fields)
    }

    /// Appends an `approval` record.
    @discardableResult
    public func append(approval entry: ApprovalEntry) throws(LedgerError) -> Appended {
        try append(kind: .approval, fields: entry.fields)
    }

    /// Appends a `note` record with free text.
    @discardableResult
    public func append(note text: String) throws(LedgerError) -> Appended {
        try append(kind: .note, fields: [JSONMember("text", .string(text))])
    }

    /// Appends a record of `kind` with the given kind-specific members. The common
    /// members (`v`, `ledger`, `seq`, `kind`, `ts`, `prev`, `key`, `boot`, `mono`, `sig`)
    /// are added here and must not be in `fields`.
    @discardableResult
    public func append(kind: RecordKind, fields: [JSONMember]) throws(LedgerError) -> Appended {
        guard kind != .genesis else { throw LedgerError(.invalidRecord, "genesis records are written by the writer itself") }
        if let clash = fields.first(where: { LedgerWriter.reserved.contains($0.key) }) {
            throw LedgerError(.invalidRecord, "field '\(clash.key)' is set by the writer")
        }
        return try state.withLock { (state: inout State) throws(LedgerError) -> Appended in
            try self.withFileLock(&state) { (state: inout State) throws(LedgerError) -> Appended in
                let tail = try self.currentTail(&state)
                var appended = try self.appendLocked(&state, after: tail, kind: kind, fields: fields)
                if (appended.seq + 1) % LedgerFormat.checkpointInterval == 0 {
                    do throws(LedgerError) { _ = try self.checkpointLocked(&state) } catch { appended.checkpointError = error }
                }
                return appended
            }
        }
    }

    private static let reserved: Set<String> = ["v", "ledger", "seq", "kind", "ts", "prev", "key", "sig", "boot", "mono"]

    /// Writes a signed checkpoint of the whole ledger to `LEDGER.head` (atomically) and
    /// returns it. Creates the ledger with its genesis if it does not exist yet.
    @discardableResult
    public func writeCheckpoint() throws(LedgerError) -> Checkpoint {
        try state.withLock { (state: inout State) throws(LedgerError) -> Checkpoint in
            try self.withFileLock(&state) { (state: inout State) throws(LedgerError) -> Checkpoint in
                _ = try self.currentTail(&state)
                return try self.checkpointLocked(&state)
            }
        }
    }

    /// What `recover` did.
    public struct Recovery: Sendable {
        /// Offset at which the ledger was cut (the start of the torn bytes).
        public var offset: Int64
        /// Number of bytes moved aside.
        public var discardedBytes: Int64
        /// Hex SHA-256 of the bytes moved aside.
        public var discardedSHA256: String
        /// Where the bytes were saved.
        public var savedTo: String
        /// The `recovery` record appended.
        public var record: Appended
    }

    /// Repairs a torn tail: moves the bytes after the last LF to `LEDGER.torn-<offset>`,
    /// truncates the ledger there and appends a signed `recovery` record saying so.
    /// Refuses when the ledger has no torn tail, or when its last complete record does
    /// not verify (that is not a torn write and needs an auditor, not a repair).
    public func recover(reason: String = "torn tail after an interrupted write") throws(LedgerError) -> Recovery {
        guard access(path, F_OK) == 0 else {
            throw LedgerError(.nothingToRecover, "\(path) does not exist; nothing to recover")
        }
        return try state.withLock { (state: inout State) throws(LedgerError) -> Recovery in
            try self.withFileLock(&state) { (state: inout State) throws(LedgerError) -> Recovery in
                let fd = state.ledgerFD
                let size = try self.fileSize(fd)
                let cut = try self.lastLineBreak(fd, size: size).map { $0 + 1 } ?? 0
                guard cut < size else {
                    throw LedgerError(.nothingToRecover, "\(self.path) has no torn tail; nothing to recover")
                }
                // The complete part must verify before it is kept.
                state.tail = nil
                if cut > 0 { _ = try self.readTail(fd, size: cut) }
                var torn = [UInt8](repeating: 0, count: Int(size - cut))
                try self.preadFully(fd, into: &torn, at: cut)
                let saved = "\(self.path).torn-\(cut)"
                do throws(CryptoError) {
                    try FileAccess.writeAtomically(saved, bytes: torn, mode: 0o600, exclusive: false)
                } catch {
                    throw LedgerError(.writeFailed, "cannot save the torn tail to \(saved): \(error.message)")
                }
                guard self.system.ftruncate(fd, cut) == 0, self.system.fsync(fd) == 0 else {
                    throw LedgerError(.writeFailed, "cannot truncate \(self.path) at \(cut): \(FileAccess.errorText())")
                }
                state.tail = nil
                state.frontier = nil
                let tail = try self.currentTail(&state)
                let digest = SHA256.hex(torn)
                var record = try self.appendLocked(&state, after: tail, kind: .recovery, fields: [
                    JSONMember("offset", .int(cut)),
                    JSONMember("discarded_bytes", .int(Int64(torn.count))),
                    JSONMember("discarded_sha256", .string(digest)),
                    JSONMember("reason", .string(reason)),
                ])
                // The recovery record counts like any other for the head refresh.
                if (record.seq + 1) % LedgerFormat.checkpointInterval == 0 {
                    do throws(LedgerError) { _ = try self.checkpointLocked(&state) } catch { record.checkpointError = error }
                }
                return Recovery(offset: cut, discardedBytes: Int64(torn.count), discardedSHA256: digest,
                                savedTo: saved, record: record)
            }
        }
    }

    // MARK: - Protocol steps

    /// Opens the files if needed, takes the exclusive lock, runs `body`, releases the lock.
    private func withFileLock<R>(_ state: inout State, _ body: (inout State) throws(LedgerError) -> R) throws(LedgerError) -> R {
        if state.ledgerFD >= 0 && !descriptorStillNamesPath(state.ledgerFD) {
            // The file at `path` was replaced or removed since we opened it: appending to
            // the old inode would write records no verifier of `path` would ever see.
            close(state.ledgerFD)
            state.ledgerFD = -1
            state.tail = nil
            state.frontier = nil
        }
        if state.lockFD < 0 || state.ledgerFD < 0 { try open(&state) }
        let deadline = Timestamp.monotonicNanoseconds() + Int64(lockTimeoutMilliseconds) * 1_000_000
        var pause: UInt32 = 200
        while system.flock(state.lockFD, SystemCalls.lockExclusiveNonBlocking) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw LedgerError(.openFailed, "cannot lock \(lockPath): \(FileAccess.errorText(code))")
            }
            guard Timestamp.monotonicNanoseconds() < deadline else {
                throw LedgerError(.lockTimeout, "\(lockPath) stayed locked by another process for \(lockTimeoutMilliseconds) ms")
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        defer { _ = system.flock(state.lockFD, SystemCalls.unlock) }
        return try body(&state)
    }

    private func open(_ state: inout State) throws(LedgerError) {
        let directory = FileAccess.parentDirectory(of: path)
        do {
            try FileAccess.makeDirectories(directory, mode: 0o700)
        } catch {
            throw LedgerError(.openFailed, "cannot use ledger directory: \(error.message)")
        }
        if state.lockFD < 0 {
            let fd = system.open(lockPath, SystemCalls.lockFlags, 0o600)
            guard fd >= 0 else { throw LedgerError(.openFailed, "cannot open \(lockPath): \(FileAccess.errorText())") }
            state.lockFD = fd
        }
        if state.ledgerFD < 0 {
            let fd = system.open(path, SystemCalls.ledgerFlags, 0o600)
            guard fd >= 0 else { throw LedgerError(.openFailed, "cannot open \(path): \(FileAccess.errorText())") }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw LedgerError(.openFailed, "\(path) is not a regular file")
            }
            state.ledgerFD = fd
        }
    }

    /// True when `path` still names the file open on `fd` (same device and inode).
    private func descriptorStillNamesPath(_ fd: Int32) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private func fileSize(_ fd: Int32) throws(LedgerError) -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LedgerError(.readFailed, "cannot stat \(path): \(FileAccess.errorText())") }
        return Int64(info.st_size)
    }

    /// The tail to append after; writes the genesis record into an empty ledger.
    private func currentTail(_ state: inout State) throws(LedgerError) -> Tail {
        let size = try fileSize(state.ledgerFD)
        if let tail = state.tail, tail.fileSize == size { return tail }
        if size == 0 {
            state.frontier = MerkleFrontier()
            let tail = try writeGenesis(&state)
            do { try FileAccess.fsyncDirectory(FileAccess.parentDirectory(of: path)) } catch {
                throw LedgerError(.syncFailed, "cannot fsync the ledger directory: \(error.message)")
            }
            return tail
        }
        state.frontier = nil
        let tail = try readTail(state.ledgerFD, size: size)
        state.tail = tail
        return tail
    }

    private func writeGenesis(_ state: inout State) throws(LedgerError) -> Tail {
        var random = [UInt8](repeating: 0, count: 16)
        do { random = try Random.bytes(16) } catch {
            throw LedgerError(.invalidRecord, "cannot draw a ledger id: \(error.message)")
        }
        let ledgerID = Hex.encode(random)
        let origin = LedgerFormat.origin(ledgerID: ledgerID)
        let spki = key.publicKey.spki
        let fields: [JSONMember] = [
            JSONMember("origin", .string(origin)),
            JSONMember("keys", .array([.object([JSONMember("id", .string(keyID)),
                                                JSONMember("spki", .string(Base64.encode(spki)))])])),
            JSONMember("tool", .object([JSONMember("name", .string(toolName)), JSONMember("version", .string(toolVersion))])),
            JSONMember("algs", LedgerFormat.algorithms),
        ]
        let seed = Tail(fileSize: 0, seq: -1, leafHash: [], ledgerID: ledgerID, origin: origin, timestamp: "")
        _ = try appendLocked(&state, after: seed, kind: .genesis, fields: fields)
        return state.tail!
    }

    /// Builds, signs and durably writes one record after `tail`.
    private func appendLocked(_ state: inout State, after tail: Tail, kind: RecordKind, fields: [JSONMember]) throws(LedgerError) -> Appended {
        let seq = tail.seq + 1
        let prev = seq == 0 ? ChainHash.genesisPrev(ledgerID: tail.ledgerID) : Hex.encode(tail.leafHash)
        var object: [JSONMember] = [
            JSONMember("v", .int(LedgerFormat.version)),
            JSONMember("ledger", .string(tail.ledgerID)),
            JSONMember("seq", .int(seq)),
            JSONMember("kind", .string(kind.rawValue)),
            JSONMember("ts", .string(Timestamp.now())),
            JSONMember("prev", .string(prev)),
            JSONMember("key", .string(keyID)),
        ]
        // Optional: after 2^53 ns (104 days of uptime) it no longer fits a JSON integer of
        // the format, and a record holding it could not be read back.
        // Microseconds: nanoseconds would pass 2^53 after 104 days of uptime.
        object.append(JSONMember("mono", .int(Timestamp.monotonicNanoseconds() / 1000)))
        if let boot = Timestamp.bootID { object.append(JSONMember("boot", .string(boot))) }
        object += fields
        // Never write a line that a strict reader (this writer's own tail check included)
        // would refuse: duplicate keys, integers beyond ±(2^53−1), nesting deeper than 32.
        // Such a record would make the ledger unappendable until an auditor intervened.
        if let problem = CanonicalJSON.profileViolation(.object(object)) {
            throw LedgerError(.invalidRecord, "record would not be strict JSON (\(problem)); nothing was recorded")
        }
        var line = LedgerRecord.signedLine(object: object, key: key)
        guard line.count <= LedgerFormat.maxLineLength else {
            throw LedgerError(.invalidRecord, "record is \(line.count) bytes, over the \(LedgerFormat.maxLineLength)-byte line limit")
        }
        let leaf = ChainHash.leaf(line)
        line.append(0x0a)
        try writeDurably(state.ledgerFD, line, rollbackTo: tail.fileSize)
        line.removeLast()
        if var frontier = state.frontier, frontier.size == seq {
            frontier.append(leafHash: leaf)
            state.frontier = frontier
        } else {
            state.frontier = nil
        }
        state.tail = Tail(fileSize: tail.fileSize + Int64(line.count + 1), seq: seq, leafHash: leaf,
                          ledgerID: tail.ledgerID, origin: tail.origin, timestamp: "")
        return Appended(seq: seq, leafHash: leaf, line: line, ledgerID: tail.ledgerID, checkpointError: nil)
    }

    /// One write(2), then fsync; any failure truncates back to `rollbackTo`.
    private func writeDurably(_ fd: Int32, _ bytes: [UInt8], rollbackTo size: Int64) throws(LedgerError) {
        var written = -1
        var code: Int32 = 0
        repeat {
            written = bytes.withUnsafeBytes { system.write(fd, $0) }
            code = errno
        } while written < 0 && code == EINTR
        if written != bytes.count {
            let why = written < 0 ? FileAccess.errorText(code) : "short write (\(written) of \(bytes.count) bytes)"
            rollBack(fd, to: size)
            throw LedgerError(.writeFailed, "cannot append to \(path): \(why); nothing was recorded")
        }
        if system.fsync(fd) != 0 {
            let why = FileAccess.errorText()
            rollBack(fd, to: size)
            throw LedgerError(.syncFailed, "cannot fsync \(path): \(why); the record was withdrawn")
        }
    }

    private func rollBack(_ fd: Int32, to size: Int64) {
        if system.ftruncate(fd, size) == 0 { _ = system.fsync(fd) }
    }

    // MARK: - Reading the tail

    /// Reads the genesis and the last record, checks both, returns the tail.
    private func readTail(_ fd: Int32, size: Int64) throws(LedgerError) -> Tail {
        let window = Int64(LedgerFormat.maxLineLength + 2)
        let start = max(0, size - window)
        var chunk = [UInt8](repeating: 0, count: Int(size - start))
        try preadFully(fd, into: &chunk, at: start)
        guard chunk.last == 0x0a else {
            throw LedgerError(.needsRecovery, "\(path) ends in a partial record (a torn write); run `lexecon ledger recover --ledger \(path)` before appending")
        }
        var lineStart = chunk.count - 1
        while lineStart > 0 && chunk[lineStart - 1] != 0x0a { lineStart -= 1 }
        guard lineStart > 0 || start == 0 else {
            throw LedgerError(.corruptTail, "the last line of \(path) is longer than \(LedgerFormat.maxLineLength) bytes")
        }
        let last = Array(chunk[lineStart..<(chunk.count - 1)])
        let lastRecord = try checkedRecord(last, what: "last record")

        let genesisLine: [UInt8]
        if start == 0 && lineStart == 0 {
            genesisLine = last
        } else {
            var head = [UInt8](repeating: 0, count: Int(min(size, window)))
            try preadFully(fd, into: &head, at: 0)
            guard let end = head.firstIndex(of: 0x0a) else {
                throw LedgerError(.corruptTail, "the first line of \(path) is longer than \(LedgerFormat.maxLineLength) bytes")
            }
            genesisLine = Array(head[..<end])
        }
        let genesis = try checkedRecord(genesisLine, what: "genesis record")
        guard genesis.kind == .genesis, genesis.seq == 0, let ledgerID = genesis.ledgerID,
              let origin = genesis["origin"]?.stringValue else {
            throw LedgerError(.corruptTail, "the first record of \(path) is not a valid genesis record")
        }
        guard lastRecord.ledgerID == ledgerID, let seq = lastRecord.seq else {
            throw LedgerError(.corruptTail, "the last record of \(path) belongs to another ledger")
        }
        return Tail(fileSize: size, seq: seq, leafHash: ChainHash.leaf(last), ledgerID: ledgerID, origin: origin,
                    timestamp: lastRecord.timestamp ?? "")
    }

    /// Parses a line strictly, checks it is canonical and signed by this writer's key.
    private func checkedRecord(_ line: [UInt8], what: String) throws(LedgerError) -> LedgerRecord {
        let value: JSONValue
        do { value = try StrictJSONParser.parse(line) } catch {
            throw LedgerError(.corruptTail, "the \(what) of \(path) is not valid JSON (\(error)); run `lexecon verify \(path)`")
        }
        guard case .object(let members) = value, CanonicalJSON.serialize(value) == line else {
            throw LedgerError(.corruptTail, "the \(what) of \(path) is not canonical; run `lexecon verify \(path)`")
        }
        let record = LedgerRecord(object: members)
        guard let recordKey = record.keyID, recordKey == keyID else {
            throw LedgerError(.foreignKey, "the \(what) of \(path) is signed by \(record.keyID ?? "no key"), not by this key (\(keyID)); use the ledger's own key or a new ledger file")
        }
        guard let sigText = record.signature, let signature = Base64.decode(sigText),
              key.publicKey.isValidSignature(signature, for: LedgerRecord.signedMessage(body: record.body)) else {
            throw LedgerError(.corruptTail, "the \(what) of \(path) does not verify; run `lexecon verify \(path)`")
        }
        return record
    }

    private func preadFully(_ fd: Int32, into buffer: inout [UInt8], at offset: Int64) throws(LedgerError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { raw in
                system.pread(fd, UnsafeMutableRawBufferPointer(rebasing: raw[done...]), offset + Int64(done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw LedgerError(.readFailed, "cannot read \(path): \(n == 0 ? "unexpected end of file" : FileAccess.errorText())") }
            done += n
        }
    }

    /// Offset of the last LF in the file, or nil when there is none.
    private func lastLineBreak(_ fd: Int32, size: Int64) throws(LedgerError) -> Int64? {
        var end = size
        let step: Int64 = 1 << 20
        while end > 0 {
            let start = max(0, end - step)
            var chunk = [UInt8](repeating: 0, count: Int(end - start))
            try preadFully(fd, into: &chunk, at: start)
            if let index = chunk.lastIndex(of: 0x0a) { return start + Int64(index) }
            end = start
        }
        return nil
    }

    // MARK: - Checkpoints

    private func checkpointLocked(_ state: inout State) throws(LedgerError) -> Checkpoint {
        guard let tail = state.tail else { throw LedgerError(.checkpointFailed, "no ledger tail") }
        let count = tail.seq + 1
        var frontier: MerkleFrontier
        if let cached = state.frontier, cached.size == count {
            frontier = cached
        } else {
            // Resume from the cache file when it still matches this ledger; otherwise
            // read every line. Either way the result must cover exactly `count` records.
            let resumed = loadFrontierCache(tail: tail)
            frontier = try scanFrontier(from: resumed?.offset ?? 0, upTo: tail.fileSize,
                                        start: resumed?.frontier ?? MerkleFrontier())
            guard frontier.size == count else {
                throw LedgerError(.checkpointFailed, "\(path) holds \(frontier.size) lines but its last record has seq \(tail.seq); run `lexecon verify \(path)`")
            }
            state.frontier = frontier
        }
        let checkpoint = Checkpoint(origin: tail.origin, size: count, rootHash: frontier.root)
        do {
            try FileAccess.writeAtomically(headPath, bytes: Array(checkpoint.signedNote(key: key).utf8), mode: 0o644, exclusive: false)
        } catch {
            throw LedgerError(.checkpointFailed, "cannot write \(headPath): \(error.message)")
        }
        storeFrontierCache(frontier, tail: tail)
        return checkpoint
    }

    // MARK: - Merkle frontier cache

    /// `LEDGER.merkle`: the Merkle frontier at the last checkpoint, so a short-lived process
    /// refreshing the head reads only the records appended since, not the whole ledger.
    /// It is a cache, not evidence: it is checked against the ledger before use (the
    /// ledger id, and the leaf hash of the line that ends at the cached offset), and
    /// anything that does not match is ignored in favour of a full scan.
    public var frontierCachePath: String { path + ".merkle" }

    private static let cacheMagic = "lexecon-merkle-cache-v1"

    private func loadFrontierCache(tail: Tail) -> (frontier: MerkleFrontier, offset: Int64)? {
        guard let (bytes, _) = try? FileAccess.readRegularFile(frontierCachePath, limit: 16 * 1024),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 6, lines[0] == Self.cacheMagic, lines[1] == tail.ledgerID,
              let size = Int64(lines[2]), let offset = Int64(lines[3]),
              size >= 1, size <= tail.seq + 1, offset >= 1, offset <= tail.fileSize,
              let lastLeaf = Hex.decode(lines[4]), lastLeaf.count == 32, lines.last == "" else { return nil }
        var roots: [[UInt8]] = []
        for line in lines[5..<(lines.count - 1)] {
            guard let root = Hex.decode(line) else { return nil }
            roots.append(root)
        }
        guard let frontier = MerkleFrontier(size: size, subtreeRoots: roots) else { return nil }
        // The cached subtrees must reproduce the root this key signed in the head of the
        // same size: a corrupted cache must never end up in a signed checkpoint.
        guard let (headBytes, _) = try? FileAccess.readRegularFile(headPath, limit: 16 * 1024),
              let head = try? SignedCheckpoint.parse(headBytes),
              head.checkpoint.origin == tail.origin, head.checkpoint.size == size,
              head.checkpoint.rootHash == frontier.root, head.isSigned(by: key.publicKey) else { return nil }
        // The line that ends just before `offset` must be the one the cache saw last.
        let window = min(offset, Int64(LedgerFormat.maxLineLength + 1))
        var chunk = [UInt8](repeating: 0, count: Int(window))
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let n = chunk.withUnsafeMutableBytes { Glibc.pread(fd, $0.baseAddress, $0.count, off_t(offset - window)) }
        guard n == chunk.count, chunk.last == 0x0a else { return nil }
        var start = chunk.count - 1
        while start > 0 && chunk[start - 1] != 0x0a { start -= 1 }
        guard start > 0 || offset == window else { return nil }
        guard ChainHash.leaf(Array(chunk[start..<(chunk.count - 1)])) == lastLeaf else { return nil }
        return (frontier, offset)
    }

    private func storeFrontierCache(_ frontier: MerkleFrontier, tail: Tail) {
        guard frontier.size > 0 else { return }
        var text = "\(Self.cacheMagic)\n\(tail.ledgerID)\n\(frontier.size)\n\(tail.fileSize)\n\(Hex.encode(tail.leafHash))\n"
        for root in frontier.subtreeRoots { text += Hex.encode(root) + "\n" }
        // No fsync: a lost or stale cache only costs a full scan, and it is validated on use.
        let temporary = frontierCachePath + ".tmp"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == bytes.count { rename(temporary, frontierCachePath) } else { unlink(temporary) }
    }

    /// Leaf hashes of the lines in [offset, size), streamed onto `start`.
    private func scanFrontier(from offset: Int64, upTo size: Int64, start: MerkleFrontier) throws(LedgerError) -> MerkleFrontier {
        var frontier = start
        var reader = try LineReader(path: path, from: offset)
        var failure: LedgerError?
        do {
            try reader.forEachLine { line in
                if line.offset >= size { return false }
                guard line.terminated, !line.overlong else {
                    failure = LedgerError(.corruptTail, "\(path) line \(line.number) is torn or too long")
                    return false
                }
                frontier.append(leafHash: ChainHash.leaf(line.bytes))
                return true
            }
        } catch {
            throw LedgerError(.readFailed, "cannot read \(path): \(error)")
        }
        if let failure { throw failure }
        return frontier
    }
}
