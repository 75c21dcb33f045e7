import Foundation
import Testing
import LexeconCrypto

/// KeyDirectory on disk. CI runs as root, so nothing here relies on permission denial.
@Suite("KeyDirectory", .serialized)  // two tests change the process umask
struct KeyDirectoryTests {
    final class Scratch {
        let root: String
        init() throws { root = try makeTemporaryDirectory() }
        deinit { removeTemporaryDirectory(root) }
        func keys(_ name: String = "keys") -> KeyDirectory { KeyDirectory(path: root + "/" + name) }
    }

    @Test("create writes a 0700 directory, a 0600 private key and a readable public key, whatever the umask")
    func createModes() throws {
        let s = try Scratch()
        let keys = s.keys("nested/.lexecon")
        let old = umask(0o000)
        defer { umask(old) }
        let key = try keys.create(force: false)
        #expect(try fileMode(keys.path) == 0o700)
        #expect(try fileMode(keys.privateKeyPath) == 0o600)
        #expect(try fileMode(keys.publicKeyPath) == 0o644)
        #expect(try keys.loadPrivateKey().publicKey == key.publicKey)
        #expect(try keys.loadPublicKey() == key.publicKey)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: keys.path).sorted() == ["private_key.pem", "public_key.pem"])
    }

    @Test("create with a restrictive umask still gives a loadable public key and a 0600 private key")
    func createStrictUmask() throws {
        let s = try Scratch()
        let old = umask(0o077)
        defer { umask(old) }
        let keys = s.keys()
        try keys.create(force: false)
        #expect(try fileMode(keys.privateKeyPath) == 0o600)
        #expect(try fileMode(keys.path) == 0o700)
    }

    @Test("create tightens an existing directory to 0700")
    func existingDirectory() throws {
        let s = try Scratch()
        let keys = s.keys()
        #expect(mkdir(keys.path, 0o755) == 0)
        try keys.create(force: false)
        #expect(try fileMode(keys.path) == 0o700)
    }

    @Test("create refuses to overwrite without force, and leaves the old keys untouched")
    func refusesOverwrite() throws {
        let s = try Scratch()
        let keys = s.keys()
        let first = try keys.create(force: false)
        let before = try String(contentsOfFile: keys.privateKeyPath, encoding: .utf8)
        let error = expectCryptoError(.keyExists) { try keys.create(force: false) }
        #expect(error?.message.contains("--force") == true)
        #expect(try String(contentsOfFile: keys.privateKeyPath, encoding: .utf8) == before)
        #expect(try keys.loadPrivateKey().publicKey == first.publicKey)
    }

    @Test("create refuses when only public_key.pem exists")
    func refusesWhenPublicKeyExists() throws {
        let s = try Scratch()
        let keys = s.keys()
        try FileAccess.makeDirectories(keys.path, mode: 0o700)
        try createFileOrFail(atPath: keys.publicKeyPath, contents: Data("x".utf8))
        expectCryptoError(.keyExists) { try keys.create(force: false) }
    }

    @Test("force replaces the pair with a new key, still 0600")
    func forceReplaces() throws {
        let s = try Scratch()
        let keys = s.keys()
        let first = try keys.create(force: false)
        let second = try keys.create(force: true)
        #expect(first.publicKey != second.publicKey)
        #expect(try keys.loadPrivateKey().publicKey == second.publicKey)
        #expect(try keys.loadPublicKey() == second.publicKey)
        #expect(try fileMode(keys.privateKeyPath) == 0o600)
    }

    @Test("a group- or world-accessible private key is refused with a chmod 600 hint",
          arguments: [0o640, 0o604, 0o644, 0o660, 0o606, 0o610, 0o601, 0o700 | 0o040, 0o777])
    func insecurePermissions(_ mode: Int) throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        #expect(chmod(keys.privateKeyPath, mode_t(mode)) == 0)
        let error = expectCryptoError(.insecurePermissions) { try keys.loadPrivateKey() }
        #expect(error?.message.contains("chmod 600") == true)
        #expect(error?.message.contains(keys.privateKeyPath) == true)
    }

    @Test("0600 and 0400 private keys load", arguments: [0o600, 0o400])
    func securePermissions(_ mode: Int) throws {
        let s = try Scratch()
        let keys = s.keys()
        let key = try keys.create(force: false)
        #expect(chmod(keys.privateKeyPath, mode_t(mode)) == 0)
        #expect(try keys.loadPrivateKey().publicKey == key.publicKey)
    }

    @Test("a missing private key says to run lexecon init-keys; nothing is created")
    func missingPrivateKey() throws {
        let s = try Scratch()
        let keys = s.keys()
        let error = expectCryptoError(.keyNotFound) { try keys.loadPrivateKey() }
        #expect(error?.message.contains("lexecon init-keys") == true)
        #expect(!FileManager.default.fileExists(atPath: keys.path))
    }

    @Test("a missing public key says to run lexecon init-keys")
    func missingPublicKey() throws {
        let s = try Scratch()
        let error = expectCryptoError(.keyNotFound) { try s.keys().loadPublicKey() }
        #expect(error?.message.contains("lexecon init-keys") == true)
    }

    @Test("a private key without public_key.pem still loads")
    func privateKeyAlone() throws {
        let s = try Scratch()
        let keys = s.keys()
        let key = try keys.create(force: false)
        #expect(unlink(keys.publicKeyPath) == 0)
        #expect(try keys.loadPrivateKey().publicKey == key.publicKey)
    }

    @Test("a public_key.pem from another pair is an error")
    func mismatchedPublicKey() throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        let other = try Ed25519PrivateKey().publicKey
        try other.pem.write(toFile: keys.publicKeyPath, atomically: false, encoding: .utf8)
        let error = expectCryptoError(.keyMismatch) { try keys.loadPrivateKey() }
        #expect(error?.message.contains("public_key.pem") == true)
    }

    @Test("a corrupt public_key.pem next to the private key is an error naming the file")
    func corruptPublicKey() throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        try "garbage".write(toFile: keys.publicKeyPath, atomically: false, encoding: .utf8)
        let error = expectCryptoError(.malformedPEM) { try keys.loadPrivateKey() }
        #expect(error?.message.contains(keys.publicKeyPath) == true)
    }

    @Test("a public key in place of the private key is a wrong-label error naming the file")
    func publicKeyAsPrivate() throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        let publicPEM = try String(contentsOfFile: keys.publicKeyPath, encoding: .utf8)
        try publicPEM.write(toFile: keys.privateKeyPath, atomically: false, encoding: .utf8)
        #expect(chmod(keys.privateKeyPath, 0o600) == 0)
        let error = expectCryptoError(.wrongPEMLabel) { try keys.loadPrivateKey() }
        #expect(error?.message.contains(keys.privateKeyPath) == true)
    }

    @Test("a directory where private_key.pem is expected is an error, with and without force")
    func directoryInsteadOfPrivateKey() throws {
        let s = try Scratch()
        let keys = s.keys()
        try FileAccess.makeDirectories(keys.privateKeyPath, mode: 0o700)
        let error = expectCryptoError(.fileError) { try keys.loadPrivateKey() }
        #expect(error?.message.contains("not a regular file") == true)
        expectCryptoError(.keyExists) { try keys.create(force: false) }
        expectCryptoError(.fileError) { try keys.create(force: true) }
    }

    @Test("a directory where public_key.pem is expected is an error")
    func directoryInsteadOfPublicKey() throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        #expect(unlink(keys.publicKeyPath) == 0)
        #expect(mkdir(keys.publicKeyPath, 0o700) == 0)
        expectCryptoError(.fileError) { try keys.loadPublicKey() }
        expectCryptoError(.fileError) { try keys.loadPrivateKey() }
    }

    @Test("a regular file where the key directory is expected is an error")
    func fileInsteadOfDirectory() throws {
        let s = try Scratch()
        let keys = s.keys()
        try createFileOrFail(atPath: keys.path, contents: Data())
        let error = expectCryptoError(.fileError) { try keys.create(force: false) }
        #expect(error?.message.contains("not a directory") == true)
    }

    @Test("a FIFO in place of the private key is refused without blocking")
    func fifoInsteadOfPrivateKey() throws {
        let s = try Scratch()
        let keys = s.keys()
        try FileAccess.makeDirectories(keys.path, mode: 0o700)
        #expect(mkfifo(keys.privateKeyPath, 0o600) == 0)
        expectCryptoError(.fileError) { try keys.loadPrivateKey() }
    }

    @Test("an oversized private key file is refused")
    func oversizedFile() throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        let big = String(repeating: "A", count: 20_000)
        try big.write(toFile: keys.privateKeyPath, atomically: false, encoding: .utf8)
        #expect(chmod(keys.privateKeyPath, 0o600) == 0)
        expectCryptoError(.fileError) { try keys.loadPrivateKey() }
    }

    @Test("an empty private key file is a malformed PEM naming the file")
    func emptyPrivateKeyFile() throws {
        let s = try Scratch()
        let keys = s.keys()
        try keys.create(force: false)
        #expect(truncate(keys.privateKeyPath, 0) == 0)
        let error = expectCryptoError(.malformedPEM) { try keys.loadPrivateKey() }
        #expect(error?.message.contains(keys.privateKeyPath) == true)
    }

    @Test("readPublicKey reads any SPKI PEM file")
    func readPublicKeyFile() throws {
        let s = try Scratch()
        let path = s.root + "/auditor.pem"
        try RFC8410.publicKeyPEM.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try KeyDirectory.readPublicKey(path: path).rawRepresentation == RFC8410.publicKey)
        expectCryptoError(.fileError) { try KeyDirectory.readPublicKey(path: s.root + "/absent.pem") }
    }
}
