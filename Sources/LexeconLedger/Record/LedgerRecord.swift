public import LexeconCrypto

/// One ledger record: a JSON object with the common fields of format v1.
///
/// A record read from disk keeps its exact line bytes; the leaf hash and the signature
/// check use those bytes, never a re-serialisation.
public struct LedgerRecord: Sendable {
    /// The record's members as parsed or built.
    public let object: [JSONMember]

    /// Wraps an object's members.
    public init(object: [JSONMember]) { self.object = object }

    /// The value of member `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        // Keys are compared by exact bytes; the length check (O(1) for native strings)
        // rules out almost every other member before any byte is compared.
        let length = key.utf8.count
        for member in object where member.key.utf8.count == length && member.key.utf8.elementsEqual(key.utf8) {
            return member.value
        }
        return nil
    }

    /// `v`.
    public var version: Int64? { self["v"]?.intValue }
    /// `seq`.
    public var seq: Int64? { self["seq"]?.intValue }
    /// `kind`.
    public var kind: RecordKind? { self["kind"]?.stringValue.map(RecordKind.init(rawValue:)) }
    /// `ledger`.
    public var ledgerID: String? { self["ledger"]?.stringValue }
    /// `prev`.
    public var prev: String? { self["prev"]?.stringValue }
    /// `key`.
    public var keyID: String? { self["key"]?.stringValue }
    /// `sig`.
    public var signature: String? { self["sig"]?.stringValue }
    /// `ts`.
    public var timestamp: String? { self["ts"]?.stringValue }

    /// The body: the JCS serialisation of the record without its `sig` member.
    public var body: [UInt8] {
        CanonicalJSON.serialize(.object(object.filter { !$0.key.utf8.elementsEqual("sig".utf8) }))
    }

    /// The message a record signature covers: `lexecon/v1 record\n` ‖ body.
    public static func signedMessage(body: [UInt8]) -> [UInt8] {
        LedgerFormat.recordSignaturePrefix + body
    }

    /// The message a canonical record line's signature covers, cut from the line itself:
    /// `lexecon/v1 record\n` ‖ the line without its `sig` member (at `member`, as located by
    /// ``StrictJSONParser/parseNotingForm(_:locating:)``) and one comma next to it. For a
    /// canonical line this equals ``signedMessage(body:)`` of ``body`` without
    /// re-serialising; for any other line the result is meaningless.
    public static func signedMessage(canonicalLine line: UnsafeRawBufferPointer, cutting member: Range<Int>) -> [UInt8] {
        precondition(member.lowerBound >= 1 && member.upperBound < line.count, "a member lies inside the braces")
        var start = member.lowerBound, end = member.upperBound
        // Take the comma before the member, or after it when it is the first.
        if line[start - 1] == UInt8(ascii: ",") { start -= 1 } else if line[end] == UInt8(ascii: ",") { end += 1 }
        let prefix = LedgerFormat.recordSignaturePrefix
        let kept = line.count - (end - start)
        return [UInt8](unsafeUninitializedCapacity: prefix.count + kept) { out, written in
            let base = UnsafeMutableRawPointer(out.baseAddress!)
            prefix.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: prefix.count) }
            base.advanced(by: prefix.count).copyMemory(from: line.baseAddress!, byteCount: start)
            base.advanced(by: prefix.count + start).copyMemory(from: line.baseAddress! + end, byteCount: line.count - end)
            written = prefix.count + kept
        }
    }

    /// Signs the record's body and returns its canonical line (without LF), `sig` included.
    public static func signedLine(object: [JSONMember], key: Ed25519PrivateKey) -> [UInt8] {
        // Sort and serialise once: the members before and after "sig" in JCS order give
        // the body {before,after} and the line {before,"sig":…,after}.
        let unsigned = CanonicalJSON.sorted(object.filter { !$0.key.utf8.elementsEqual("sig".utf8) })
        let split = unsigned.firstIndex { CanonicalJSON.precedes("sig", $0.key) } ?? unsigned.count
        var before: [UInt8] = [], after: [UInt8] = []
        before.reserveCapacity(1024)
        CanonicalJSON.writeMembers(unsigned[..<split], into: &before)
        CanonicalJSON.writeMembers(unsigned[split...], into: &after)
        var body: [UInt8] = []
        body.reserveCapacity(before.count + after.count + 3)
        body.append(UInt8(ascii: "{"))
        body += before
        if !before.isEmpty && !after.isEmpty { body.append(UInt8(ascii: ",")) }
        body += after
        body.append(UInt8(ascii: "}"))
        let signature = key.signature(for: signedMessage(body: body))
        var line: [UInt8] = []
        line.reserveCapacity(body.count + 100)
        line.append(UInt8(ascii: "{"))
        line += before
        if !before.isEmpty { line.append(UInt8(ascii: ",")) }
        CanonicalJSON.writeMembers([JSONMember("sig", .string(Base64.encode(signature)))], into: &line)
        if !after.isEmpty { line.append(UInt8(ascii: ",")) }
        line += after
        line.append(UInt8(ascii: "}"))
        return line
    }
}
