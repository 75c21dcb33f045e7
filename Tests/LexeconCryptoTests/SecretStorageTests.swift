import LexeconCrypto
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What can honestly be checked about secret storage from inside the process:
/// - the private key's stored properties hold no ordinary array with the seed in it;
/// - the secret lives in `sodium_malloc` memory (it ends exactly at a page boundary, where
///   libsodium places a guard page).
/// What cannot be checked here: that the memory is wiped on release. `sodium_free` unmaps
/// the pages, so reading them afterwards would crash rather than show zeros; that property
/// rests on libsodium's `sodium_free` (which calls `sodium_memzero`) and on `SecureBytes`
/// releasing through it, which is a code-review item, not a test.
@Suite("Secret storage")
struct SecretStorageTests {
    /// Every value reachable through stored properties (Mirror), depth-first.
    private func reachableValues(_ value: Any, depth: Int = 0) -> [Any] {
        guard depth < 8 else { return [] }
        var out: [Any] = [value]
        for child in Mirror(reflecting: value).children {
            out += reachableValues(child.value, depth: depth + 1)
        }
        return out
    }

    @Test("no stored property of Ed25519PrivateKey is a byte array containing the seed")
    func seedNotInOrdinaryArray() throws {
        let seed = RFC8410.seed
        let key = try Ed25519PrivateKey(seed: seed)
        let values = reachableValues(key)
        #expect(values.count > 1)
        for value in values {
            if let bytes = value as? [UInt8] {
                #expect(bytes != seed)
                #expect(!contains(bytes, seed), "a stored [UInt8] holds the seed")
            }
            if let bytes = value as? ArraySlice<UInt8> {
                #expect(!contains(Array(bytes), seed))
            }
        }
        // The only stored secret is the SecureBytes box.
        let labels = Mirror(reflecting: key).children.compactMap(\.label)
        #expect(labels.sorted() == ["publicKey", "secret"])
        let secret = try #require(Mirror(reflecting: key).children.first { $0.label == "secret" }?.value as? SecureBytes)
        #expect(secret.count == 64)
        #expect(secret.withUnsafeBytes { Array($0[0..<32]) } == seed)
        #expect(secret.withUnsafeBytes { Array($0[32..<64]) } == RFC8410.publicKey)
    }

    @Test("the secret is in sodium_malloc memory: it ends where libsodium's guard page starts")
    func secretIsInGuardedMemory() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        for _ in 0..<4 {
            let key = try Ed25519PrivateKey()
            let secret = try #require(Mirror(reflecting: key).children.first { $0.label == "secret" }?.value as? SecureBytes)
            let end = secret.withUnsafeBytes { Int(bitPattern: $0.baseAddress!) + $0.count }
            #expect(end % page == 0, "secret ends at \(end), not at a page boundary")
        }
    }

    @Test("decoded PEM secrets are in guarded memory too")
    func decodedSecretInGuardedMemory() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let body = Array(RFC8410.privateKeyPEM.split(separator: "\n")[1].utf8)
        let (buffer, count) = try Base64.decodeSecret(body)
        #expect(count == 48)
        let end = buffer.withUnsafeBytes { Int(bitPattern: $0.baseAddress!) + $0.count }
        #expect(end % page == 0)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
}
