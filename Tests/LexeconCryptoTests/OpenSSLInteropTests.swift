import Foundation
import Testing
import LexeconCrypto

/// Cross-checks with the OpenSSL command line (`/usr/bin/openssl`, installed by `make test`).
@Suite("OpenSSL interoperability")
struct OpenSSLInteropTests {
    /// A temporary directory holding a key pair written by KeyDirectory.
    final class Fixture {
        let directory: String
        let keys: KeyDirectory
        let key: Ed25519PrivateKey
        init() throws {
            directory = try makeTemporaryDirectory()
            keys = KeyDirectory(path: directory + "/keys")
            key = try keys.create(force: false)
        }
        deinit { removeTemporaryDirectory(directory) }
    }

    @Test("openssl is installed at /usr/bin/openssl")
    func installed() throws {
        try OpenSSL.requireInstalled()
    }

    @Test("openssl pkey reads our private_key.pem")
    func opensslReadsPrivateKey() throws {
        let f = try Fixture()
        let result = try OpenSSL.run(["pkey", "-in", f.keys.privateKeyPath, "-noout"], in: f.directory)
        #expect(result.status == 0)
        let text = try OpenSSL.run(["pkey", "-in", f.keys.privateKeyPath, "-noout", "-text"], in: f.directory)
        #expect(text.text.contains("ED25519 Private-Key"))
    }

    @Test("openssl pkey -pubout equals our public_key.pem byte for byte")
    func opensslDerivesSamePublicKey() throws {
        let f = try Fixture()
        let result = try OpenSSL.run(["pkey", "-in", f.keys.privateKeyPath, "-pubout"], in: f.directory)
        let ours = try #require(FileManager.default.contents(atPath: f.keys.publicKeyPath))
        #expect(result.stdout == [UInt8](ours))
        #expect(result.text == f.key.publicKey.pem)
    }

    @Test("openssl pkey -pubin reads our public_key.pem")
    func opensslReadsPublicKey() throws {
        let f = try Fixture()
        let result = try OpenSSL.run(["pkey", "-pubin", "-in", f.keys.publicKeyPath, "-noout", "-text"], in: f.directory)
        #expect(result.text.contains("ED25519 Public-Key"))
    }

    @Test("a key made by openssl genpkey loads and derives the public key openssl prints")
    func loadsOpenSSLKey() throws {
        let f = try Fixture()
        let path = f.directory + "/openssl.pem"
        try OpenSSL.run(["genpkey", "-algorithm", "ed25519", "-out", path], in: f.directory)
        let key = try Ed25519PrivateKey(pem: String(contentsOfFile: path, encoding: .utf8))
        let publicPEM = try OpenSSL.run(["pkey", "-in", path, "-pubout"], in: f.directory).text
        #expect(key.publicKey.pem == publicPEM)
        #expect(try Ed25519PublicKey(pem: publicPEM) == key.publicKey)
        // And we write it back exactly as openssl did.
        #expect(key.pem == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test("the stored openssl-made fixture loads and matches its stored public key")
    func loadsOpenSSLFixture() throws {
        let key = try Ed25519PrivateKey(pem: Vectors.pem("ed25519-openssl"))
        #expect(key.publicKey.pem == (try Vectors.pem("ed25519-openssl-public")))
        #expect(key.pem == (try Vectors.pem("ed25519-openssl")))
    }

    @Test("an openssl pkeyutl -sign -rawin signature verifies with our public key")
    func opensslSignatureVerifies() throws {
        let f = try Fixture()
        let message = Array("lexecon/v1 record\n{\"kind\":\"note\",\"seq\":1}".utf8)
        let messagePath = f.directory + "/message"
        try createFileOrFail(atPath: messagePath, contents: Data(message))
        let signature = try OpenSSL.run(["pkeyutl", "-sign", "-rawin", "-inkey", f.keys.privateKeyPath, "-in", messagePath], in: f.directory).stdout
        #expect(signature.count == 64)
        #expect(f.key.publicKey.isValidSignature(signature, for: message))
        // Ed25519 is deterministic: openssl and libsodium produce the same bytes.
        #expect(signature == f.key.signature(for: message))
        #expect(!f.key.publicKey.isValidSignature(signature, for: message + [0x0a]))
    }

    @Test("our signature verifies with openssl pkeyutl -verify -pubin -rawin; a forged one does not")
    func ourSignatureVerifiesInOpenSSL() throws {
        let f = try Fixture()
        let message = Array("lexecon/v1 record\n{\"kind\":\"decision\",\"seq\":2}".utf8)
        let messagePath = f.directory + "/message"
        let signaturePath = f.directory + "/signature"
        try createFileOrFail(atPath: messagePath, contents: Data(message))
        try createFileOrFail(atPath: signaturePath, contents: Data(f.key.signature(for: message)))
        let good = try OpenSSL.run(["pkeyutl", "-verify", "-pubin", "-inkey", f.keys.publicKeyPath, "-rawin",
                                    "-in", messagePath, "-sigfile", signaturePath], in: f.directory)
        #expect(good.status == 0)
        #expect(good.text.contains("Signature Verified Successfully"))

        var forged = f.key.signature(for: message)
        forged[10] ^= 0x40
        try createFileOrFail(atPath: signaturePath, contents: Data(forged))
        let bad = try OpenSSL.run(["pkeyutl", "-verify", "-pubin", "-inkey", f.keys.publicKeyPath, "-rawin",
                                   "-in", messagePath, "-sigfile", signaturePath], in: f.directory, allowFailure: true)
        #expect(bad.status != 0)
    }

    @Test("key id = sha256: + hex SHA-256 of the SPKI DER, as openssl pkey -pubin -outform DER | sha256sum")
    func keyIDMatchesOpenSSL() throws {
        let f = try Fixture()
        let der = try OpenSSL.run(["pkey", "-pubin", "-in", f.keys.publicKeyPath, "-outform", "DER"], in: f.directory).stdout
        #expect(der == f.key.publicKey.spki)
        let digest = try OpenSSL.run(["dgst", "-sha256", "-r"], in: f.directory, stdin: der).text
        let hex = try #require(digest.split(separator: " ").first).lowercased()
        #expect(f.key.publicKey.keyID == "sha256:" + hex)
        #expect(f.key.publicKey.keyID == "sha256:" + SHA256.hex(der))
    }
}

@Suite("Key id")
struct KeyIDTests {
    @Test("key id of the RFC 8410 example key (fixed answer) and its form")
    func knownAnswer() throws {
        let key = try Ed25519PublicKey(pem: RFC8410.publicKeyPEM)
        // SHA-256 over 302a300506032b6570032100 ‖ public key, computed independently (Python hashlib).
        #expect(key.keyID == "sha256:a1e9156054e04fac899ae9f275132cdc07a5dbc4ea2c2ad3a1ffc6e0d253681f")
        #expect(key.keyID.utf8.count == 7 + 64)
        #expect(key.keyID.hasPrefix("sha256:"))
        #expect(key.keyID.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) })
    }
}
