internal import CLibSodium

/// An Ed25519 signing key. The secret lives in guarded memory that is wiped when the last
/// copy of the key is released; it is never stored in an ordinary array.
public struct Ed25519PrivateKey: Sendable {
    /// libsodium's 64-byte secret key: the 32-byte seed followed by the public key.
    private let secret: SecureBytes
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    /// Generates a new key from the operating system's random source.
    public init() throws(CryptoError) {
        var pk = [UInt8](repeating: 0, count: 32)
        secret = try SecureBytes(count: 64) { sk in
            crypto_sign_keypair(&pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        publicKey = try Ed25519PublicKey(rawRepresentation: pk)
    }

    /// Derives the key from a 32-byte seed (RFC 8032 private key).
    public init(seed: [UInt8]) throws(CryptoError) {
        guard seed.count == 32 else {
            throw CryptoError(.wrongLength, "Ed25519 seed must be 32 bytes, found \(seed.count)")
        }
        // The pointer must not escape the closure: derive the key inside it.
        let result = seed.withUnsafeBytes { raw in
            Result { () throws(CryptoError) in try Ed25519PrivateKey(seedPointer: raw) }
        }
        self = try result.get()
    }

    private init(seedPointer seed: UnsafeRawBufferPointer) throws(CryptoError) {
        var pk = [UInt8](repeating: 0, count: 32)
        secret = try SecureBytes(count: 64) { sk in
            crypto_sign_seed_keypair(&pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                     seed.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        publicKey = try Ed25519PublicKey(rawRepresentation: pk)
    }

    /// Reads a `-----BEGIN PRIVATE KEY-----` PKCS#8 PEM holding an Ed25519 seed (RFC 8410),
    /// as `openssl genpkey -algorithm ed25519` writes.
    ///
    /// A `String` cannot be wiped, so callers that read the key from a file should prefer
    /// ``init(pemBytes:)`` and zero their buffer.
    public init(pem: String) throws(CryptoError) {
        var text = Array(pem.utf8)
        defer { Sodium.zero(&text) }
        try self.init(pemBytes: text)
    }

    /// Reads a PKCS#8 PEM from its UTF-8 bytes. Every intermediate copy of the secret made
    /// here is wiped; the caller owns (and should wipe) `pemBytes`.
    public init(pemBytes text: [UInt8]) throws(CryptoError) {
        var body = try PEM.body(of: text, label: PEM.privateKeyLabel)
        defer { Sodium.zero(&body) }
        let (der, count) = try Base64.decodeSecret(body)
        let key: Ed25519PrivateKey = try der.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws(CryptoError) -> Ed25519PrivateKey in
            let buffer = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            let (offset, embedded) = try Ed25519DER.seedOffset(inPKCS8: buffer)
            let key = try Ed25519PrivateKey(seedPointer: UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + 32]))
            if let embedded, embedded != key.publicKey.rawRepresentation {
                throw CryptoError(.keyMismatch, "the public key embedded in the PKCS#8 does not match its private key")
            }
            return key
        }
        self = key
    }

    /// The PKCS#8 PEM of this key (the 32-byte seed, RFC 8410). A `String` cannot be wiped:
    /// prefer ``pemBytes`` and zero the array after writing it to a 0600 file.
    public var pem: String {
        var bytes = pemBytes
        defer { Sodium.zero(&bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The PKCS#8 PEM of this key as UTF-8 bytes, built without intermediate copies of the
    /// secret. The caller should overwrite the array (e.g. `sodium_memzero`) when done.
    package var pemBytes: [UInt8] {
        secret.withUnsafeBytes { sk in
            var der = [UInt8]()
            der.reserveCapacity(Ed25519DER.pkcs8Prefix.count + 32)
            der.append(contentsOf: Ed25519DER.pkcs8Prefix)
            der.append(contentsOf: sk[0..<32])
            defer { Sodium.zero(&der) }
            return der.withUnsafeBytes { PEM.encodeBytes(label: PEM.privateKeyLabel, der: $0) }
        }
    }

    /// Signs a message (pure Ed25519, RFC 8032); returns the 64-byte signature.
    public func signature(for message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { signature(for: $0) }
    }

    /// Signs raw bytes (pure Ed25519, RFC 8032); returns the 64-byte signature.
    public func signature(for message: UnsafeRawBufferPointer) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        secret.withUnsafeBytes { sk in
            _ = crypto_sign_detached(&signature, nil, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                     UInt64(message.count), sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return signature
    }
}
