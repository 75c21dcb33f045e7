/// The two fixed DER structures RFC 8410 defines for Ed25519 keys, parsed strictly so each
/// mistake gets its own error.
///
///     SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused) key }
///     OneAsymmetricKey     ::= SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
enum Ed25519DER {
    /// DER of OBJECT IDENTIFIER 1.3.101.112 (id-Ed25519).
    static let oid: [UInt8] = [0x06, 0x03, 0x2b, 0x65, 0x70]
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05] + oid + [0x03, 0x21, 0x00]
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05] + oid + [0x04, 0x22, 0x04, 0x20]

    static func spki(publicKey: [UInt8]) -> [UInt8] { spkiPrefix + publicKey }

    /// Returns the 32-byte public key inside an SPKI.
    static func publicKey(fromSPKI der: [UInt8]) throws(CryptoError) -> [UInt8] {
        var reader = DERReader(der.withUnsafeBytes { Array($0) })
        var outer = try reader.read(tag: 0x30, "SubjectPublicKeyInfo")
        try reader.expectEnd("SubjectPublicKeyInfo")
        var algorithm = try outer.read(tag: 0x30, "AlgorithmIdentifier")
        try checkOID(try algorithm.read(tag: 0x06, "algorithm OID"))
        if !algorithm.isAtEnd {
            throw CryptoError(.malformedDER, "Ed25519 AlgorithmIdentifier must have no parameters (RFC 8410)")
        }
        let bits = try outer.read(tag: 0x03, "subjectPublicKey").bytes
        try outer.expectEnd("SubjectPublicKeyInfo")
        guard bits.first == 0 else { throw CryptoError(.malformedDER, "public key BIT STRING has unused bits") }
        guard bits.count == 33 else {
            throw CryptoError(.wrongLength, "Ed25519 public key must be 32 bytes, found \(bits.count - 1)")
        }
        return Array(bits.dropFirst())
    }

    /// Checks a PKCS#8 structure in place and returns the offset of the 32-byte seed and,
    /// when the key carries one (RFC 5958 `publicKey [1]`), the embedded public key.
    static func seedOffset(inPKCS8 der: UnsafeRawBufferPointer) throws(CryptoError) -> (seed: Int, publicKey: [UInt8]?) {
        // The secret stays in secure memory: the reader only walks offsets.
        var reader = DERReader(der)
        var outer = try reader.read(tag: 0x30, "PrivateKeyInfo")
        try reader.expectEnd("PrivateKeyInfo")
        let version = try outer.read(tag: 0x02, "version").bytes
        guard version == [0] || version == [1] else {
            throw CryptoError(.malformedDER, "unsupported PKCS#8 version")
        }
        var algorithm = try outer.read(tag: 0x30, "AlgorithmIdentifier")
        try checkOID(try algorithm.read(tag: 0x06, "algorithm OID"))
        if !algorithm.isAtEnd {
            throw CryptoError(.malformedDER, "Ed25519 AlgorithmIdentifier must have no parameters (RFC 8410)")
        }
        var wrapped = try outer.read(tag: 0x04, "privateKey")
        let seed = try wrapped.read(tag: 0x04, "CurvePrivateKey")
        try wrapped.expectEnd("privateKey")
        guard seed.count == 32 else {
            throw CryptoError(.wrongLength, "Ed25519 private key must be 32 bytes, found \(seed.count)")
        }
        // Optional attributes [0] then public key [1] (RFC 5958), each at most once and in
        // that order. The public key is always derived from the seed; an embedded one must
        // match it (the caller checks), so a corrupted or spliced file is not used.
        var publicKey: [UInt8]? = nil
        var lastTag: UInt8 = 0
        while !outer.isAtEnd {
            let tag = outer.peekTag
            let rank: UInt8 = tag == 0xa0 ? 1 : (tag == 0x81 || tag == 0xa1) ? 2 : 0
            guard rank > lastTag else {
                throw CryptoError(.trailingData, "unexpected field after the private key in PKCS#8 (tag 0x\(String(tag, radix: 16)))")
            }
            lastTag = rank
            let field = try outer.read(tag: tag, "optional field")
            if tag == 0x81 {
                let bits = field.bytes
                guard bits.count == 33, bits[0] == 0 else {
                    throw CryptoError(.wrongLength, "the public key embedded in the PKCS#8 must be 32 bytes")
                }
                publicKey = Array(bits.dropFirst())
            } else if tag == 0xa1 {
                var inner = field
                let bits = try inner.read(tag: 0x03, "embedded public key").bytes
                try inner.expectEnd("embedded public key")
                guard bits.count == 33, bits[0] == 0 else {
                    throw CryptoError(.wrongLength, "the public key embedded in the PKCS#8 must be 32 bytes")
                }
                publicKey = Array(bits.dropFirst())
            }
        }
        return (seed.offset, publicKey)
    }

    private static func checkOID(_ value: DERReader) throws(CryptoError) {
        // Compare contents, not a rebuilt TLV: an OID longer than 255 bytes must not trap.
        let bytes = value.bytes
        guard bytes[...] == oid[2...] else {
            throw CryptoError(.wrongAlgorithm, "not an Ed25519 key: algorithm OID is \(describeOID(bytes)), expected 1.3.101.112")
        }
    }

    /// Dotted form of an OID's content bytes, for error messages.
    static func describeOID(_ bytes: [UInt8]) -> String {
        guard let first = bytes.first else { return "(empty)" }
        var parts = ["\(min(Int(first) / 40, 2))", "\(Int(first) - min(Int(first) / 40, 2) * 40)"]
        var value = 0
        for byte in bytes.dropFirst() {
            value = value << 7 | Int(byte & 0x7f)
            if byte & 0x80 == 0 { parts.append("\(value)"); value = 0 }
            if value > 1 << 40 { return "(malformed)" }
        }
        return parts.joined(separator: ".")
    }
}

/// Reads DER TLVs (short and long definite lengths) from a byte range.
struct DERReader {
    private let base: UnsafeRawBufferPointer
    private let storage: [UInt8]?
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        // Public values are read from the array; secrets come through the buffer initialiser.
        storage = bytes
        base = UnsafeRawBufferPointer(start: nil, count: 0)
        offset = 0
        end = bytes.count
    }

    init(_ buffer: UnsafeRawBufferPointer) {
        storage = nil
        base = buffer
        offset = 0
        end = buffer.count
    }

    private init(base: UnsafeRawBufferPointer, storage: [UInt8]?, offset: Int, end: Int) {
        self.base = base
        self.storage = storage
        self.offset = offset
        self.end = end
    }

    var isAtEnd: Bool { offset >= end }
    var count: Int { end - offset }
    var peekTag: UInt8 { offset < end ? byte(offset) : 0 }

    /// Contents as an array (only for non-secret values).
    var bytes: [UInt8] {
        if let storage { return Array(storage[offset..<end]) }
        return Array(UnsafeRawBufferPointer(rebasing: base[offset..<end]))
    }

    private func byte(_ i: Int) -> UInt8 {
        if let storage { return storage[i] }
        return base[i]
    }

    mutating func read(tag: UInt8, _ what: String) throws(CryptoError) -> DERReader {
        guard offset + 2 <= end else { throw CryptoError(.malformedDER, "DER ends before \(what)") }
        guard byte(offset) == tag else {
            throw CryptoError(.malformedDER, "DER: expected \(what) (tag 0x\(String(tag, radix: 16))), found tag 0x\(String(byte(offset), radix: 16))")
        }
        var length = Int(byte(offset + 1))
        var header = 2
        if length & 0x80 != 0 {
            let n = length & 0x7f
            guard n >= 1, n <= 2, offset + 2 + n <= end else { throw CryptoError(.malformedDER, "DER: bad length for \(what)") }
            length = 0
            for i in 0..<n { length = length << 8 | Int(byte(offset + 2 + i)) }
            guard length >= 0x80, n == 1 || length >= 0x100 else {
                throw CryptoError(.malformedDER, "DER: non-minimal length for \(what)")
            }
            header += n
        }
        guard offset + header + length <= end else { throw CryptoError(.malformedDER, "DER: \(what) runs past the end") }
        let child = DERReader(base: base, storage: storage, offset: offset + header, end: offset + header + length)
        offset += header + length
        return child
    }

    func expectEnd(_ what: String) throws(CryptoError) {
        guard isAtEnd else { throw CryptoError(.trailingData, "\(count) unexpected bytes after \(what)") }
    }
}
