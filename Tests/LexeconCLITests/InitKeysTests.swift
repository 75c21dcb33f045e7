import Foundation
import Testing
import LexeconCrypto

/// `lexecon init-keys`, run as a real process.
@Suite("lexecon init-keys (end to end)")
struct InitKeysTests {
    /// The value printed after `key id:`.
    func printedKeyID(_ stdout: String) -> String? {
        for line in stdout.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "key id" {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("creates .lexecon with a 0700 directory, a 0600 private key, and prints the key id and paths")
    func createsDefaultDirectory() throws {
        let tmp = try TemporaryDirectory()
        let result = try runLexecon(["init-keys"], cwd: tmp.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let dir = tmp.path + "/.lexecon"
        #expect(try mode(dir) == 0o700)
        #expect(try mode(dir + "/private_key.pem") == 0o600)
        #expect(FileManager.default.fileExists(atPath: dir + "/public_key.pem"))
        #expect(result.stdout.contains(".lexecon/private_key.pem"))
        #expect(result.stdout.contains(".lexecon/public_key.pem"))
        let keyID = try #require(printedKeyID(result.stdout), "no 'key id:' line in: \(result.stdout)")
        #expect(keyID.hasPrefix("sha256:") && keyID.utf8.count == 71)
    }

    @Test("the printed key id matches public_key.pem and private_key.pem")
    func keyIDMatchesFiles() throws {
        let tmp = try TemporaryDirectory()
        let result = try runLexecon(["init-keys", "--dir", "keys"], cwd: tmp.path)
        #expect(result.status == 0, "\(result.stderr)")
        let keys = KeyDirectory(path: tmp.path + "/keys")
        let publicKey = try keys.loadPublicKey()
        #expect(printedKeyID(result.stdout) == publicKey.keyID)
        #expect(try keys.loadPrivateKey().publicKey == publicKey)
        #expect(result.stdout.contains("keys/private_key.pem"))
    }

    @Test("refuses to overwrite without --force: exit 1, message on stderr, keys unchanged")
    func refusesOverwrite() throws {
        let tmp = try TemporaryDirectory()
        #expect(try runLexecon(["init-keys"], cwd: tmp.path).status == 0)
        let privatePath = tmp.path + "/.lexecon/private_key.pem"
        let before = try Data(contentsOf: URL(fileURLWithPath: privatePath))
        let again = try runLexecon(["init-keys"], cwd: tmp.path)
        #expect(again.status == 1)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.hasPrefix("lexecon: "))
        #expect(again.stderr.contains("already exists"))
        #expect(again.stderr.contains("--force"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: privatePath)) == before)
    }

    @Test("--force replaces the pair and prints the new key id")
    func forceReplaces() throws {
        let tmp = try TemporaryDirectory()
        let first = try runLexecon(["init-keys", "--dir", "k"], cwd: tmp.path)
        let second = try runLexecon(["init-keys", "--dir", "k", "--force"], cwd: tmp.path)
        #expect(second.status == 0, "\(second.stderr)")
        let firstID = try #require(printedKeyID(first.stdout))
        let secondID = try #require(printedKeyID(second.stdout))
        #expect(firstID != secondID)
        #expect(try KeyDirectory(path: tmp.path + "/k").loadPublicKey().keyID == secondID)
        #expect(try mode(tmp.path + "/k/private_key.pem") == 0o600)
    }

    @Test("an absolute --dir with missing parents is created")
    func absoluteNestedDirectory() throws {
        let tmp = try TemporaryDirectory()
        let dir = tmp.path + "/a/b/keys"
        let result = try runLexecon(["init-keys", "--dir", dir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try mode(dir) == 0o700)
        #expect(result.stdout.contains(dir + "/private_key.pem"))
    }

    @Test("a file where the key directory should be: clear error, non-zero exit, no crash")
    func fileInsteadOfDirectory() throws {
        let tmp = try TemporaryDirectory()
        try createFileOrFail(atPath: tmp.path + "/keys", contents: Data("x".utf8))
        let result = try runLexecon(["init-keys", "--dir", "keys"], cwd: tmp.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("lexecon: "))
        #expect(result.stderr.contains("not a directory"))
    }

    @Test("usage errors exit 64 without creating anything")
    func usageErrors() throws {
        let tmp = try TemporaryDirectory()
        let empty = try runLexecon(["init-keys", "--dir", ""], cwd: tmp.path)
        #expect(empty.status == 64)
        let unknown = try runLexecon(["init-keys", "--bogus"], cwd: tmp.path)
        #expect(unknown.status == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test("the keys init-keys writes are readable by openssl")
    func opensslReadsKeys() throws {
        let tmp = try TemporaryDirectory()
        #expect(try runLexecon(["init-keys"], cwd: tmp.path).status == 0)
        let openssl = "/usr/bin/openssl"
        try #require(FileManager.default.isExecutableFile(atPath: openssl),
                     "openssl is missing at \(openssl): run `make test` (it installs openssl with apt-get)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["pkey", "-in", tmp.path + "/.lexecon/private_key.pem", "-noout"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
