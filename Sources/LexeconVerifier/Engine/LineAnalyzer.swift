#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconCrypto
import LexeconLedger

/// Analyses one ledger line on its own: file-level rules (BOM, CR LF, blank, length),
/// strict JSON, canonical form, the common and kind-specific members, the leaf hash and
/// the message its signature covers. Pure and thread-safe: batches run it on all cores.
enum LineAnalyzer {
    static func analyze(_ raw: UnsafeRawBufferPointer, line: Int, length: Int, terminated: Bool, overlong: Bool) -> AnalyzedLine {
        var result = AnalyzedLine(line: line, leaf: Digest(ChainHash.leaf(raw)), length: length, terminated: terminated)
        // LineReader flags a line as overlong only when it does not fit its buffer; a longer
        // line that does fit arrives whole, so the length is checked here too.
        if overlong || length > LedgerFormat.maxLineLength {
            result.unreadable = "line is \(length) bytes, over the \(LedgerFormat.maxLineLength)-byte limit"
            result.excerpt = TerminalSafe.escape(bytes: raw, limit: 60)
            return result
        }
        var bytes = raw
        // A UTF-8 byte order mark on the first line: reported, then the record is read without it.
        if line == 1, bytes.count >= 3, bytes[0] == 0xef, bytes[1] == 0xbb, bytes[2] == 0xbf {
            result.bom = true
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
        }
        // A CR before the LF: reported (once per run of lines), then the record is read without it.
        if let last = bytes.last, last == 0x0d {
            result.crlf = true
            bytes = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
        }
        if bytes.isEmpty {
            result.unreadable = "blank line (records are one JSON object per line, with no blank lines)"
            return result
        }
        let value: JSONValue
        let canonical: Bool
        let signatureMember: Range<Int>?
        do {
            (value, canonical, signatureMember) = try StrictJSONParser.parseNotingForm(bytes, locating: "sig")
        } catch {
            result.unreadable = "not a strict JSON record (\(error.description))"
            result.excerpt = TerminalSafe.escape(bytes: bytes, limit: 60)
            return result
        }
        guard case .object(let members) = value else {
            result.unreadable = "not a JSON object"
            result.excerpt = TerminalSafe.escape(bytes: bytes, limit: 60)
            return result
        }
        let record = LedgerRecord(object: members)
        readCommon(record, into: &result)
        if !canonical {
            result.issues.append(.init(code: .nonCanonical,
                                       message: "line is not its own RFC 8785 (JCS) serialisation (whitespace, key order or escapes differ)"))
        }
        // For a canonical line the body is the line with its `sig` member cut out: the
        // same bytes as serialising the record without it, at a fraction of the cost.
        if canonical, let signatureMember {
            result.signedMessage = LedgerRecord.signedMessage(canonicalLine: bytes, cutting: signatureMember)
        } else {
            result.signedMessage = LedgerRecord.signedMessage(body: record.body)
        }
        if let kind = result.kind { checkKind(kind, record, into: &result) }
        return result
    }

    // MARK: - Common members

    private static func readCommon(_ record: LedgerRecord, into result: inout AnalyzedLine) {
        func issue(_ text: String) { result.issues.append(.init(code: .malformedRecord, message: text)) }

        // One pass over the members picks out the common ones (keys are distinct: the
        // parser rejects duplicates), comparing keys by their bytes.
        var v, ledger, seq, kind, ts, prev, key, sig, boot, mono: JSONValue?
        for member in record.object {
            var name = member.key
            switch name.withUTF8(CommonMember.init(utf8:)) {
            case .v: v = member.value
            case .ledger: ledger = member.value
            case .seq: seq = member.value
            case .kind: kind = member.value
            case .ts: ts = member.value
            case .prev: prev = member.value
            case .key: key = member.value
            case .sig: sig = member.value
            case .boot: boot = member.value
            case .mono: mono = member.value
            case nil: continue
            }
        }

        switch v {
        case .int(let v)?:
            result.version = v
            if v != LedgerFormat.version {
                result.issues.append(.init(code: .unsupportedVersion, message: "unsupported format version v=\(v) (this verifier knows v=1)"))
            }
        case nil: issue("missing member 'v'")
        default: issue("member 'v' is not an integer")
        }
        switch ledger {
        case .string(let id)?:
            result.ledger = id
            if !isLowerHex(id, count: 32) { issue("'ledger' is not 32 lowercase hex characters: '\(TerminalSafe.escape(String(id.prefix(80))))'") }
        case nil: issue("missing member 'ledger'")
        default: issue("member 'ledger' is not a string")
        }
        switch seq {
        case .int(let seq)? where seq >= 0: result.seq = seq
        case .int?: result.coreProblem = "'seq' is negative"
        case nil: result.coreProblem = "missing member 'seq'"
        default: result.coreProblem = "member 'seq' is not an integer"
        }
        switch kind {
        case .string(let kind)?:
            result.kind = kind
            if !RecordKind.all.contains(RecordKind(rawValue: kind)) {
                result.issues.append(.init(code: .unsupportedVersion,
                                           message: "unknown record kind '\(TerminalSafe.escape(String(kind.prefix(80))))' (fail closed)"))
            }
        case nil: issue("missing member 'kind'")
        default: issue("member 'kind' is not a string")
        }
        switch ts {
        case .string(let ts)?:
            result.timestamp = ts
            if !Timestamp.isValid(ts) {
                issue("'ts' is '\(TerminalSafe.escape(String(ts.prefix(80))))', not UTC RFC 3339 with exactly 6 fractional digits and Z")
                result.timestamp = nil
            }
        case nil: issue("missing member 'ts'")
        default: issue("member 'ts' is not a string")
        }
        switch prev {
        case .string(let prev)?:
            if let digest = Digest(hex: prev) { result.prev = digest } else {
                result.coreProblem = result.coreProblem ?? "'prev' is not 64 lowercase hex characters"
            }
        case nil: result.coreProblem = result.coreProblem ?? "missing member 'prev'"
        default: result.coreProblem = result.coreProblem ?? "member 'prev' is not a string"
        }
        switch key {
        case .string(let key)?:
            if key.utf8.count == 71, key.hasPrefix("sha256:"), isLowerHex(key, from: 7, count: 64) { result.keyID = key } else {
                result.coreProblem = result.coreProblem ?? "'key' is not 'sha256:' followed by 64 lowercase hex characters"
            }
        case nil: result.coreProblem = result.coreProblem ?? "missing member 'key'"
        default: result.coreProblem = result.coreProblem ?? "member 'key' is not a string"
        }
        switch sig {
        case .string(let text)?:
            if let sig = Base64.decode(text), sig.count == 64 { result.signature = .present(sig) } else {
                result.signature = .malformed("'sig' is not standard base64 of a 64-byte Ed25519 signature")
            }
        case nil: result.signature = .missing
        default: result.signature = .malformed("member 'sig' is not a string")
        }
        switch boot {
        case .string(let boot)?: result.boot = boot
        case nil: break
        default: issue("member 'boot' is not a string")
        }
        switch mono {
        case .int(let mono)?: result.mono = mono
        case nil: break
        default: issue("member 'mono' is not an integer")
        }
    }

    // MARK: - Kind-specific members

    private static func checkKind(_ kind: String, _ record: LedgerRecord, into result: inout AnalyzedLine) {
        var shape = Shape(kind: kind, record: record)
        switch RecordKind(rawValue: kind) {
        case .genesis:
            let origin = shape.string("origin")
            if let origin, origin.isEmpty || origin.contains(" ") || origin.contains("+") || origin.contains("\n") {
                shape.problem("'origin' must be non-empty with no spaces, '+' or line breaks")
            }
            var genesis = AnalyzedLine.Genesis(origin: origin)
            if let keys = shape.array("keys") {
                if keys.isEmpty { shape.problem("'keys' is empty") }
                for (index, entry) in keys.enumerated() {
                    guard let id = entry["id"]?.stringValue, let spkiText = entry["spki"]?.stringValue else {
                        shape.problem("keys[\(index)] needs string members 'id' and 'spki'")
                        continue
                    }
                    genesis.listedIDs.append(id)
                    guard let der = Base64.decode(spkiText), let key = try? Ed25519PublicKey(spki: der) else {
                        shape.problem("keys[\(index)].spki is not base64 of an Ed25519 SubjectPublicKeyInfo")
                        continue
                    }
                    guard key.keyID == id else {
                        shape.problem("keys[\(index)].id does not match the SHA-256 of its spki")
                        continue
                    }
                    genesis.keys.append((id, key))
                }
            }
            if let tool = shape.object("tool") {
                if tool["name"]?.stringValue == nil || tool["version"]?.stringValue == nil {
                    shape.problem("'tool' needs string members 'name' and 'version'")
                }
            }
            switch record["algs"] {
            case let algs? where algs.objectMembers != nil:
                if CanonicalJSON.serialize(algs) != CanonicalJSON.serialize(LedgerFormat.algorithms) {
                    result.issues.append(.init(code: .unsupportedVersion, message:
                        "genesis 'algs' is not exactly {hash:sha256, sig:ed25519, canon:jcs-rfc8785, merkle:rfc6962} (fail closed)"))
                }
            case nil: shape.problem("missing member 'algs'")
            default: shape.problem("member 'algs' is not an object")
            }
            result.genesis = genesis
        case .decision:
            _ = shape.string("tool")
            if let cmd = shape.object("cmd") {
                let line = cmd["line"], argv = cmd["argv"]
                if line == nil && argv == nil { shape.problem("'cmd' needs 'line' and/or 'argv'") }
                if let line, line.stringValue == nil { shape.problem("'cmd.line' is not a string") }
                if let argv, argv.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true { shape.problem("'cmd.argv' is not an array of strings") }
                if let hash = cmd["sha256"]?.stringValue, isLowerHex(hash, count: 64) {} else { shape.problem("'cmd.sha256' is not 64 lowercase hex characters") }
            }
            _ = shape.string("cwd")
            if let actor = shape.object("actor") {
                for name in ["uid", "pid", "ppid"] where actor[name]?.intValue == nil { shape.problem("'actor.\(name)' is not an integer") }
                if actor["user"]?.stringValue == nil { shape.problem("'actor.user' is not a string") }
                for name in ["agent", "session"] where actor[name] != nil && actor[name]?.stringValue == nil {
                    shape.problem("'actor.\(name)' is not a string")
                }
            }
            if let host = shape.object("host"), host["name"]?.stringValue == nil { shape.problem("'host.name' is not a string") }
            if let policy = shape.object("policy") {
                for name in ["name", "sha256", "rule"] where policy[name]?.stringValue == nil { shape.problem("'policy.\(name)' is not a string") }
            }
            if let decision = shape.string("decision"), !["ALLOW", "BLOCK", "ESCALATE"].contains(decision) {
                shape.problem("'decision' is '\(TerminalSafe.escape(String(decision.prefix(40))))', not ALLOW, BLOCK or ESCALATE")
            }
            _ = shape.string("reason")
        case .approval:
            _ = shape.int("of")
            _ = shape.bool("granted")
            _ = shape.string("approver")
        case .result:
            _ = shape.int("of")
            let executed = shape.bool("executed")
            if executed == true, record["exit"] == nil, record["signal"] == nil { shape.problem("an executed result needs 'exit' (or 'signal')") }
            shape.optionalInt("exit")
            shape.optionalString("signal")
            shape.optionalInt("duration_ms")
            for name in ["stdout", "stderr"] {
                guard let output = record[name] else { continue }
                if output["bytes"]?.intValue == nil || output["sha256"]?.stringValue.map({ isLowerHex($0, count: 64) }) != true {
                    shape.problem("'\(name)' needs 'bytes' (integer) and 'sha256' (64 lowercase hex)")
                }
            }
        case .recovery:
            let offset = shape.int("offset")
            let discarded = shape.int("discarded_bytes")
            if let hash = shape.string("discarded_sha256"), !isLowerHex(hash, count: 64) {
                shape.problem("'discarded_sha256' is not 64 lowercase hex characters")
            }
            let reason = shape.string("reason")
            result.recovery = "\(discarded.map(String.init) ?? "?") bytes discarded at offset \(offset.map(String.init) ?? "?")"
                + (reason.map { " (\(TerminalSafe.escape(String($0.prefix(120)))))" } ?? "")
        case .keyRotation:
            let pop = shape.string("pop")
            if let newKey = shape.object("new_key") {
                let id = newKey["id"]?.stringValue ?? ""
                var rotation = AnalyzedLine.Rotation(newKeyID: id, newKey: nil, proofValid: false)
                if let der = newKey["spki"]?.stringValue.flatMap(Base64.decode), let key = try? Ed25519PublicKey(spki: der) {
                    if key.keyID == id {
                        rotation.newKey = key
                        if let pop, let signature = Base64.decode(pop), signature.count == 64 {
                            let body = CanonicalJSON.serialize(.object(record.object.filter { $0.key != "sig" && $0.key != "pop" }))
                            rotation.proofValid = key.isValidSignature(signature, for: LedgerFormat.keyProofPrefix + body)
                            if !rotation.proofValid { rotation.problem = "its proof of possession 'pop' does not verify under the new key" }
                        } else {
                            rotation.problem = "'pop' is not base64 of a 64-byte signature"
                        }
                    } else {
                        rotation.problem = "'new_key.id' does not match the SHA-256 of its spki"
                    }
                } else {
                    rotation.problem = "'new_key.spki' is not base64 of an Ed25519 SubjectPublicKeyInfo"
                }
                result.rotation = rotation
            }
        case .note:
            shape.optionalString("text")
        default:
            break
        }
        if let first = shape.problems.first {
            let more = shape.problems.count > 1 ? " (and \(shape.problems.count - 1) more)" : ""
            result.issues.append(.init(code: .malformedRecord, message: "\(kind) record: \(first)\(more)"))
        }
    }

    /// Collects type problems of kind-specific members.
    private struct Shape {
        let kind: String
        let record: LedgerRecord
        var problems: [String] = []

        mutating func problem(_ text: String) { problems.append(text) }

        mutating func member(_ name: String) -> JSONValue? {
            guard let value = record[name] else {
                problem("missing member '\(name)'")
                return nil
            }
            return value
        }
        mutating func string(_ name: String) -> String? {
            guard let value = member(name) else { return nil }
            guard let s = value.stringValue else { problem("member '\(name)' is not a string"); return nil }
            return s
        }
        mutating func int(_ name: String) -> Int64? {
            guard let value = member(name) else { return nil }
            guard let i = value.intValue else { problem("member '\(name)' is not an integer"); return nil }
            return i
        }
        mutating func bool(_ name: String) -> Bool? {
            guard let value = member(name) else { return nil }
            guard let b = value.boolValue else { problem("member '\(name)' is not a boolean"); return nil }
            return b
        }
        mutating func object(_ name: String) -> JSONValue? {
            guard let value = member(name) else { return nil }
            guard value.objectMembers != nil else { problem("member '\(name)' is not an object"); return nil }
            return value
        }
        mutating func array(_ name: String) -> [JSONValue]? {
            guard let value = member(name) else { return nil }
            guard let a = value.arrayValue else { problem("member '\(name)' is not an array"); return nil }
            return a
        }
        mutating func optionalInt(_ name: String) {
            if let value = record[name], value.intValue == nil { problem("member '\(name)' is not an integer") }
        }
        mutating func optionalString(_ name: String) {
            if let value = record[name], value.stringValue == nil { problem("member '\(name)' is not a string") }
        }
    }

    /// Whether `text`, from byte `offset` on, is exactly `count` lowercase hex digits.
    static func isLowerHex(_ text: String, from offset: Int = 0, count: Int) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.count == offset + count else { return false }
            for i in offset..<utf8.count where Hex.value(utf8[i]) == nil { return false }
            return true
        }
    }

    /// The members every record has, recognised by the exact bytes of their keys.
    private enum CommonMember {
        case v, ledger, seq, kind, ts, prev, key, sig, boot, mono

        init?(utf8 key: UnsafeBufferPointer<UInt8>) {
            func `is`(_ name: StaticString) -> Bool {
                key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
            }
            switch key.count {
            case 1 where `is`("v"): self = .v
            case 2 where `is`("ts"): self = .ts
            case 3 where `is`("seq"): self = .seq
            case 3 where `is`("key"): self = .key
            case 3 where `is`("sig"): self = .sig
            case 4 where `is`("kind"): self = .kind
            case 4 where `is`("prev"): self = .prev
            case 4 where `is`("boot"): self = .boot
            case 4 where `is`("mono"): self = .mono
            case 6 where `is`("ledger"): self = .ledger
            default: return nil
            }
        }
    }
}
