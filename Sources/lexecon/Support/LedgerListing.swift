import LexeconLedger

/// One readable line per record for `lexecon ledger show`.
enum LedgerListing {
    static func describe(_ line: LineReader.Line) -> String {
        let prefix = "\(line.number):"
        guard line.terminated else { return "\(prefix) (torn: \(line.length) bytes without a line end)\n" }
        guard !line.overlong else { return "\(prefix) (line of \(line.length) bytes, over the limit)\n" }
        guard case .object(let members)? = try? StrictJSONParser.parse(line.bytes) else {
            return "\(prefix) (unreadable) \(TerminalSafe.escape(bytes: line.bytes))\n"
        }
        let record = LedgerRecord(object: members)
        let seq = record.seq.map(String.init) ?? "?"
        let kind = record.kind?.rawValue ?? "?"
        let ts = record.timestamp ?? "?"
        var summary: String
        switch record.kind {
        case .decision?:
            let cmd = record["cmd"]?["line"]?.stringValue
                ?? record["cmd"]?["argv"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? ""
            summary = "\(record["decision"]?.stringValue ?? "?") rule=\(record["policy"]?["rule"]?.stringValue ?? "?") cmd=\(cmd) reason=\(record["reason"]?.stringValue ?? "")"
        case .result?:
            summary = "of=\(record["of"]?.intValue.map(String.init) ?? "?") executed=\(record["executed"]?.boolValue.map(String.init) ?? "?")"
            if let exit = record["exit"]?.intValue { summary += " exit=\(exit)" }
            if let signal = record["signal"]?.stringValue { summary += " signal=\(signal)" }
            if let ms = record["duration_ms"]?.intValue { summary += " duration=\(ms)ms" }
        case .approval?:
            summary = "of=\(record["of"]?.intValue.map(String.init) ?? "?") granted=\(record["granted"]?.boolValue.map(String.init) ?? "?") approver=\(record["approver"]?.stringValue ?? "?")"
        case .note?:
            summary = record["text"]?.stringValue ?? ""
        case .genesis?:
            summary = "ledger=\(record.ledgerID ?? "?") origin=\(record["origin"]?.stringValue ?? "?")"
        case .recovery?:
            summary = "offset=\(record["offset"]?.intValue.map(String.init) ?? "?") discarded=\(record["discarded_bytes"]?.intValue.map(String.init) ?? "?") reason=\(record["reason"]?.stringValue ?? "")"
        default:
            summary = ""
        }
        return "\(prefix) seq=\(seq) \(kind) \(ts) \(TerminalSafe.escape(summary))\n"
    }
}
