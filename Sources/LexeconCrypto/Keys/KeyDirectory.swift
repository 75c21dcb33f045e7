#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory holding lexecon's signing key pair: `private_key.pem` (PKCS#8, mode 0600)
/// and `public_key.pem` (SubjectPublicKeyInfo), in a directory of mode 0700.
///
/// Keys are never created implicitly: a missing key is an error that says to run
/// `lexecon init-keys`.
public struct KeyDirectory: Sendable {
    /// The directory path, e.g. `.lexecon`.
    public let path: String

    /// Names a key directory.
    public init(path: String) { self.path = path }

    /// The private key file.
    public var privateKeyPath: String { path + "/private_key.pem" }
    /// The public key file.
    public var publicKeyPath: String { path + "/public_key.pem" }

    /// Generates a key pair and writes both files. Refuses to replace existing keys unless
    /// `force` is true.
    @discardableResult
    public func create(force: Bool) throws(CryptoError) -> Ed25519PrivateKey {
        if !force {
            for file in [privateKeyPath, publicKeyPath] where access(file, F_OK) == 0 {
                throw CryptoError(.keyExists, "\(file) already exists; use --force to replace the key pair (records signed by the old key will no longer verify against the new one)")
            }
        }
        try FileAccess.makeDirectories(path, mode: 0o700)
        guard chmod(path, 0o700) == 0 else {
            throw CryptoError(.fileError, "cannot set mode 0700 on \(path): \(FileAccess.errorText())")
        }
        let key = try Ed25519PrivateKey()
        var pem = key.pemBytes
        defer { Sodium.zero(&pem) }
        try FileAccess.writeAtomically(privateKeyPath, bytes: pem, mode: 0o600, exclusive: !force)
        try FileAccess.writeAtomically(publicKeyPath, bytes: Array(key.publicKey.pem.utf8), mode: 0o644, exclusive: !force)
        return key
    }

    /// Loads the private key, refusing a file that group or others can read or write, and
    /// checking it against `public_key.pem` when that file is present.
    public func loadPrivateKey() throws(CryptoError) -> Ed25519PrivateKey {
        var (bytes, mode) = try KeyDirectory.readKeyFile(privateKeyPath, directory: path)
        defer { Sodium.zero(&bytes) }
        if mode & 0o077 != 0 {
            let octal = String(mode & 0o777, radix: 8)
            throw CryptoError(.insecurePermissions, "private key \(privateKeyPath) is accessible by group or others (mode 0\(octal)); run `chmod 600 \(privateKeyPath)` (and keep it readable only by the user lexecon runs as)")
        }
        let key: Ed25519PrivateKey
        do {
            key = try Ed25519PrivateKey(pemBytes: bytes)
        } catch {
            throw CryptoError(error.code, "\(privateKeyPath): \(error.message)")
        }
        if access(publicKeyPath, F_OK) == 0 {
            let published = try loadPublicKey()
            guard published == key.publicKey else {
                throw CryptoError(.keyMismatch, "\(publicKeyPath) does not match \(privateKeyPath): restore the matching pair or re-run `lexecon init-keys --dir \(path) --force`")
            }
        }
        return key
    }

    /// Loads `public_key.pem`.
    public func loadPublicKey() throws(CryptoError) -> Ed25519PublicKey {
        let (bytes, _) = try KeyDirectory.readKeyFile(publicKeyPath, directory: path)
        return try KeyDirectory.parsePublicKey(bytes, path: publicKeyPath)
    }

    /// Reads a key file; a missing one is ``CryptoError/Code/keyNotFound`` with a message
    /// that says how to create the pair.
    private static func readKeyFile(_ file: String, directory: String) throws(CryptoError) -> (bytes: [UInt8], mode: UInt32) {
        do {
            return try FileAccess.readRegularFile(file, limit: 16 * 1024)
        } catch where error.code == .fileError && access(file, F_OK) != 0 && errno == ENOENT {
            throw CryptoError(.keyNotFound, "no key at \(file): run `lexecon init-keys --dir \(directory)` to create a key pair")
        }
    }

    private static func parsePublicKey(_ bytes: [UInt8], path: String) throws(CryptoError) -> Ed25519PublicKey {
        do {
            return try Ed25519PublicKey(pem: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CryptoError(error.code, "\(path): \(error.message)")
        }
    }

    /// Reads a public key PEM file.
    public static func readPublicKey(path: String) throws(CryptoError) -> Ed25519PublicKey {
        let (bytes, _) = try FileAccess.readRegularFile(path, limit: 16 * 1024)
        return try parsePublicKey(bytes, path: path)
    }
}
