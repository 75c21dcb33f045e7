import ArgumentParser
import LexeconLedger
import LexeconVerifier

/// Prints `lexecon verify` results: GNU-style finding lines as they are found and a
/// summary (text), or one JSON document (json).
struct VerifyOutput {
    let ledgerPath: String
    let json: Bool
    let strict: Bool
    let keySource: String
    private var out = BufferedOutput()

    init(ledgerPath: String, json: Bool, strict: Bool, keySource: String) {
        self.ledgerPath = ledgerPath
        self.json = json
        self.strict = strict
        self.keySource = keySource
    }

    /// `FILE:LINE: SEVERITY CODE: message` (FILE is the checkpoint for checkpoint findings).
    static func line(for finding: Finding, ledgerPath: String) -> String {
        let file = TerminalSafe.escape(finding.checkpointPath ?? ledgerPath)
        let location = finding.line.map { "\(file):\($0):" } ?? "\(file):"
        // Messages are escaped by the verifier already (escaping again would double the backslashes).
        return "\(location) \(finding.severity) \(finding.code): \(finding.message)"
    }

    mutating func stream(_ finding: Finding) {
        guard !json else { return }
        out.write(Self.line(for: finding, ledgerPath: ledgerPath) + "\n")
        out.flush()
    }

    /// The exit status for a report: 0 valid, 1 invalid, 3 valid with warnings (1 with --strict).
    static func exitCode(_ report: VerificationReport, strict: Bool) -> ExitCode {
        if !report.isValid { return .invalid }
        if report.hasWarnings { return strict ? .invalid : .validWithWarnings }
        return .success
    }

    /// Prints the summary (or the JSON document) and returns the exit status.
    mutating func finish(_ report: VerificationReport) -> ExitCode {
        let code = Self.exitCode(report, strict: strict)
        let status = code == .invalid ? "INVALID" : "VALID"
        if json {
            out.write(bytes: CanonicalJSON.serialize(document(report, status: status, exit: code.rawValue)))
            out.write("\n")
        } else {
            out.write(text(report, status: status))
        }
        out.flush()
        return code
    }

    private func text(_ report: VerificationReport, status: String) -> String {
        let s = report.summary
        var lines: [String] = [""]
        lines.append("Ledger:      \(TerminalSafe.escape(ledgerPath))\(s.ledgerID.map { " (id \(TerminalSafe.escape($0)))" } ?? "")")
        lines.append("Records:     \(s.records) in the chain, \(s.lines) line\(s.lines == 1 ? "" : "s") read")
        if let first = s.firstTimestamp, let last = s.lastTimestamp {
            lines.append("Time:        \(TerminalSafe.escape(first)) to \(TerminalSafe.escape(last))")
        }
        lines.append("Key:         \(TerminalSafe.escape(s.keyID ?? "none")), \(keySource)")
        for rotation in s.rotations {
            lines.append("             rotated at line \(rotation.line) to \(TerminalSafe.escape(rotation.keyID))")
        }
        if s.checkpoints.isEmpty {
            lines.append("Checkpoints: none (give the ones you kept with --checkpoint)")
        } else {
            for (i, checkpoint) in s.checkpoints.enumerated() {
                let label = i == 0 ? "Checkpoints: " : "             "
                let place = checkpoint.isLocalHead ? ", next to the ledger (same host)" : ""
                lines.append("\(label)\(TerminalSafe.escape(checkpoint.path)): \(checkpoint.size) records, \(checkpoint.outcome.rawValue)\(place)")
            }
        }
        for (i, sentence) in s.proven.enumerated() { lines.append((i == 0 ? "Proven:      " : "             ") + sentence) }
        if s.notProven.isEmpty {
            lines.append("Not proven:  nothing further")
        } else {
            for (i, sentence) in s.notProven.enumerated() { lines.append((i == 0 ? "Not proven:  " : "             ") + sentence) }
        }
        lines.append("Findings:    \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")")
        if strict && report.isValid && report.hasWarnings {
            lines.append("Strict:      warnings count as failures (--strict)")
        }
        lines.append("Status: \(status)")
        return lines.joined(separator: "\n") + "\n"
    }

    private func document(_ report: VerificationReport, status: String, exit: Int32) -> LexeconLedger.JSONValue {
        let s = report.summary
        let findings: [LexeconLedger.JSONValue] = report.findings.map { finding in
            var members = [JSONMember("code", .string(finding.code.name)),
                           JSONMember("severity", .string(finding.severity.rawValue)),
                           JSONMember("message", .string(finding.message)),
                           JSONMember("text", .string(Self.line(for: finding, ledgerPath: ledgerPath)))]
            if let line = finding.line { members.append(JSONMember("line", .int(Int64(line)))) }
            if let seq = finding.seq { members.append(JSONMember("seq", .int(seq))) }
            if let path = finding.checkpointPath { members.append(JSONMember("checkpoint", .string(path))) }
            return .object(members)
        }
        var summary: [JSONMember] = [
            JSONMember("records", .int(Int64(s.records))),
            JSONMember("lines", .int(Int64(s.lines))),
            JSONMember("key_pinned", .bool(s.keyPinned)),
            JSONMember("key_source", .string(keySource)),
            JSONMember("errors", .int(Int64(report.errorCount))),
            JSONMember("warnings", .int(Int64(report.warningCount))),
            JSONMember("anchored_records", .int(s.anchoredRecords)),
            JSONMember("proven", .array(s.proven.map(LexeconLedger.JSONValue.string))),
            JSONMember("not_proven", .array(s.notProven.map(LexeconLedger.JSONValue.string))),
            JSONMember("checkpoints", .array(s.checkpoints.map { checkpoint in
                .object([JSONMember("path", .string(checkpoint.path)), JSONMember("size", .int(checkpoint.size)),
                         JSONMember("outcome", .string(checkpoint.outcome.rawValue)), JSONMember("local", .bool(checkpoint.isLocalHead))])
            })),
            JSONMember("rotations", .array(s.rotations.map { rotation in
                .object([JSONMember("line", .int(Int64(rotation.line))), JSONMember("key", .string(rotation.keyID))])
            })),
        ]
        if let id = s.ledgerID { summary.append(JSONMember("ledger", .string(id))) }
        if let key = s.keyID { summary.append(JSONMember("key", .string(key))) }
        if let first = s.firstTimestamp { summary.append(JSONMember("first_ts", .string(first))) }
        if let last = s.lastTimestamp { summary.append(JSONMember("last_ts", .string(last))) }
        return .object([
            JSONMember("file", .string(ledgerPath)),
            JSONMember("status", .string(status)),
            JSONMember("exit", .int(Int64(exit))),
            JSONMember("strict", .bool(strict)),
            JSONMember("findings", .array(findings)),
            JSONMember("summary", .object(summary)),
        ])
    }
}
