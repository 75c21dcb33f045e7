internal import CLibSodium

/// An Ed25519 public key (RFC 8032), validated as a canonical point of large order.
public struct Ed25519PublicKey: Sendable, Hashable {
    /// The 32-byte encoded point.
    public let rawRepresentation: [UInt8]

    /// Creates a key from its 32 raw bytes, rejecting non-canonical and small-order points
    /// (which would let many messages verify under one signature).
    public init(rawRepresentation: [UInt8]) throws(CryptoError) {
        try Sodium.ensure()
        guard rawRepresentation.count == 32 else {
            throw CryptoError(.wrongLength, "Ed25519 public key must be 32 bytes, found \(rawRepresentation.count)")
        }
        guard crypto_core_ed25519_is_valid_point(rawRepresentation) == 1 else {
            throw CryptoError(.invalidPublicKey, "Ed25519 public key is not a valid, canonical point of large order")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Reads a `-----BEGIN PUBLIC KEY-----` SubjectPublicKeyInfo PEM (as `openssl pkey -pubout` writes).
    public init(pem: String) throws(CryptoError) {
        let body = try PEM.body(of: Array(pem.utf8), label: PEM.publicKeyLabel)
        guard let der = Base64.decode(String(decoding: body, as: UTF8.self)) else {
            throw CryptoError(.malformedPEM, "PEM body is not valid base64")
        }
        try self.init(spki: der)
    }

    /// Reads a DER SubjectPublicKeyInfo.
    public init(spki der: [UInt8]) throws(CryptoError) {
        try self.init(rawRepresentation: try Ed25519DER.publicKey(fromSPKI: der))
    }

    /// The DER SubjectPublicKeyInfo (RFC 8410).
    public var spki: [UInt8] { Ed25519DER.spki(publicKey: rawRepresentation) }

    /// The PEM SubjectPublicKeyInfo, readable by `openssl pkey -pubin`.
    public var pem: String { spki.withUnsafeBytes { PEM.encode(label: PEM.publicKeyLabel, der: $0) } }

    /// `sha256:` followed by the lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
    public var keyID: String { "sha256:" + SHA256.hex(spki) }

    /// Verifies a detached signature with libsodium semantics: non-canonical `S` and
    /// small-order `R` are rejected.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        message.withUnsafeBytes { isValidSignature(signature, for: $0) }
    }

    /// Verifies a detached signature over raw bytes.
    public func isValidSignature(_ signature: [UInt8], for message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == 64 else { return false }
        return crypto_sign_verify_detached(
            signature, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
            UInt64(message.count), rawRepresentation) == 0
    }
}
