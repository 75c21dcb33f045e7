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
        for member in object where member.key.utf8.elementsEqual(key.utf8) { return member.value }
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

    /// Signs the record's body and returns its canonical line (without LF), `sig` included.
    public static func signedLine(object: [JSONMember], key: Ed25519PrivateKey) -> [UInt8] {
        let unsigned = object.filter { !$0.key.utf8.elementsEqual("sig".utf8) }
        let body = CanonicalJSON.serialize(.object(unsigned))
        let signature = key.signature(for: signedMessage(body: body))
        return CanonicalJSON.serialize(.object(unsigned + [JSONMember("sig", .string(Base64.encode(signature)))]))
    }
}
