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
        try self.init(seedPointer: seed.withUnsafeBytes { $0 })
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
    public init(pem: String) throws(CryptoError) {
        var text = Array(pem.utf8)
        defer { Sodium.zero(&text) }
        var body = try PEM.body(of: text, label: PEM.privateKeyLabel)
        defer { Sodium.zero(&body) }
        let (der, count) = try Base64.decodeSecret(body)
        let key: Ed25519PrivateKey = try der.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws(CryptoError) -> Ed25519PrivateKey in
            let buffer = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            let offset = try Ed25519DER.seedOffset(inPKCS8: buffer)
            return try Ed25519PrivateKey(seedPointer: UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + 32]))
        }
        self = key
    }

    /// The PKCS#8 PEM of this key (the 32-byte seed, RFC 8410). Callers should write it
    /// straight to a 0600 file and drop the string.
    public var pem: String {
        secret.withUnsafeBytes { sk in
            var der = Ed25519DER.pkcs8Prefix + Array(UnsafeRawBufferPointer(rebasing: sk[0..<32]))
            defer { Sodium.zero(&der) }
            return der.withUnsafeBytes { PEM.encode(label: PEM.privateKeyLabel, der: $0) }
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
