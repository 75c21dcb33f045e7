import Foundation
import Testing
import LexeconCrypto

@Suite("PEM keys: encoding and round trips")
struct PEMRoundTripTests {
    @Test("the RFC 8410 example private key loads and derives the example public key")
    func rfc8410Example() throws {
        let key = try Ed25519PrivateKey(pem: RFC8410.privateKeyPEM)
        #expect(key.publicKey.rawRepresentation == RFC8410.publicKey)
        #expect(key.publicKey.pem == RFC8410.publicKeyPEM)
        #expect(try Ed25519PublicKey(pem: RFC8410.publicKeyPEM) == key.publicKey)
    }

    @Test("our private key PEM is exactly the RFC 8410 encoding of the seed")
    func writesRFC8410() throws {
        let key = try Ed25519PrivateKey(seed: RFC8410.seed)
        #expect(key.pem == RFC8410.privateKeyPEM)
        #expect(try derOf(pem: key.pem) == DER.pkcs8(seed: RFC8410.seed))
        #expect(key.publicKey.spki == DER.spki(key: RFC8410.publicKey))
    }

    @Test("a generated private key PEM round-trips to the same key and the same text")
    func privateRoundTrip() throws {
        let key = try Ed25519PrivateKey()
        let pem = key.pem
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        let loaded = try Ed25519PrivateKey(pem: pem)
        #expect(loaded.publicKey == key.publicKey)
        #expect(loaded.pem == pem)
        #expect(try Ed25519PrivateKey(pemBytes: Array(pem.utf8)).publicKey == key.publicKey)
        let message = Array("round trip".utf8)
        #expect(loaded.signature(for: message) == key.signature(for: message))
    }

    @Test("a public key PEM round-trips through PEM and SPKI DER")
    func publicRoundTrip() throws {
        let key = try Ed25519PrivateKey().publicKey
        #expect(try Ed25519PublicKey(pem: key.pem) == key)
        #expect(try Ed25519PublicKey(spki: key.spki) == key)
        #expect(key.spki.count == 44)
    }

    @Test("CRLF line ends and surrounding blank lines are tolerated")
    func crlfAndBlankLines() throws {
        let crlf = RFC8410.privateKeyPEM.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Ed25519PrivateKey(pem: crlf).publicKey.rawRepresentation == RFC8410.publicKey)
        #expect(try Ed25519PrivateKey(pem: "\n\n" + RFC8410.privateKeyPEM + "\n\n").publicKey.rawRepresentation == RFC8410.publicKey)
        #expect(try Ed25519PublicKey(pem: RFC8410.publicKeyPEM.replacingOccurrences(of: "\n", with: "\r\n")).rawRepresentation == RFC8410.publicKey)
    }

    @Test("PKCS#8 v2 with attributes and a matching embedded public key loads")
    func embeddedPublicKey() throws {
        let attributes = DER.tlv(0xa0, DER.sequence(DER.tlv(0x06, [0x2a, 0x03]), DER.tlv(0x31, [0x05, 0x00])))
        let publicKey = DER.tlv(0x81, [0x00] + RFC8410.publicKey)
        let der = DER.pkcs8(seed: RFC8410.seed, version: DER.version1, extra: attributes + publicKey)
        let key = try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der))
        #expect(key.publicKey.rawRepresentation == RFC8410.publicKey)
    }
}

@Suite("PEM keys: malformed input is a clear, matchable error")
struct MalformedPEMTests {
    let seed = RFC8410.seed

    // MARK: wrong label

    @Test func publicKeyWherePrivateExpected() {
        let error = expectCryptoError(.wrongPEMLabel) { try Ed25519PrivateKey(pem: RFC8410.publicKeyPEM) }
        #expect(error?.message.contains("PUBLIC KEY") == true)
    }

    @Test func privateKeyWherePublicExpected() {
        expectCryptoError(.wrongPEMLabel) { try Ed25519PublicKey(pem: RFC8410.privateKeyPEM) }
    }

    @Test func rsaPrivateKey() throws {
        let error = expectCryptoError(.wrongPEMLabel) { try Ed25519PrivateKey(pem: Vectors.pem("rsa-traditional")) }
        #expect(error?.message.contains("RSA PRIVATE KEY") == true)
    }

    @Test func certificateLabel() {
        let pem = makePEM(label: "CERTIFICATE", der: DER.spki(key: RFC8410.publicKey))
        expectCryptoError(.wrongPEMLabel) { try Ed25519PublicKey(pem: pem) }
    }

    // MARK: wrong algorithm

    @Test func x25519PrivateKey() throws {
        let error = expectCryptoError(.wrongAlgorithm) { try Ed25519PrivateKey(pem: Vectors.pem("x25519-private")) }
        #expect(error?.message.contains("1.3.101.110") == true)
    }

    @Test func x25519PublicKey() throws {
        expectCryptoError(.wrongAlgorithm) { try Ed25519PublicKey(pem: Vectors.pem("x25519-public")) }
    }

    @Test func p256PrivateKey() throws {
        let error = expectCryptoError(.wrongAlgorithm) { try Ed25519PrivateKey(pem: Vectors.pem("p256-private")) }
        #expect(error?.message.contains("1.2.840.10045.2.1") == true)
    }

    @Test func p256PublicKey() throws {
        expectCryptoError(.wrongAlgorithm) { try Ed25519PublicKey(pem: Vectors.pem("p256-public")) }
    }

    @Test("an absurdly long OID is an error, not a crash")
    func hugeOID() {
        let oid = DER.tlv(0x06, [UInt8](repeating: 0x81, count: 299) + [0x01])
        expectCryptoError(.wrongAlgorithm) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: DER.pkcs8(seed: seed, oid: oid))) }
        expectCryptoError(.wrongAlgorithm) { try Ed25519PublicKey(spki: DER.spki(key: RFC8410.publicKey, oid: oid)) }
    }

    @Test("algorithm parameters are refused (RFC 8410: absent)")
    func algorithmParameters() {
        let der = DER.sequence(DER.version0, DER.sequence(DER.ed25519OID, [0x05, 0x00]), DER.tlv(0x04, DER.tlv(0x04, seed)))
        expectCryptoError(.malformedDER) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der)) }
    }

    // MARK: wrong length

    @Test func seed31Bytes() {
        expectCryptoError(.wrongLength) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: DER.pkcs8(seed: Array(seed.prefix(31))))) }
    }

    @Test func seed33Bytes() {
        expectCryptoError(.wrongLength) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: DER.pkcs8(seed: seed + [0]))) }
    }

    @Test func publicKey31And33Bytes() {
        expectCryptoError(.wrongLength) { try Ed25519PublicKey(pem: makePEM(label: "PUBLIC KEY", der: DER.spki(key: Array(RFC8410.publicKey.prefix(31))))) }
        expectCryptoError(.wrongLength) { try Ed25519PublicKey(pem: makePEM(label: "PUBLIC KEY", der: DER.spki(key: RFC8410.publicKey + [0]))) }
    }

    // MARK: trailing data

    @Test func textAfterEnd() {
        expectCryptoError(.trailingData) { try Ed25519PrivateKey(pem: RFC8410.privateKeyPEM + "trailing text\n") }
        expectCryptoError(.trailingData) { try Ed25519PublicKey(pem: RFC8410.publicKeyPEM + "x") }
    }

    @Test("a second PEM block after the first")
    func twoBlocks() {
        expectCryptoError(.trailingData) { try Ed25519PrivateKey(pem: RFC8410.privateKeyPEM + RFC8410.privateKeyPEM) }
    }

    @Test func trailingDERBytesAfterTheStructure() {
        let der = DER.pkcs8(seed: seed) + [0x00]
        expectCryptoError(.trailingData) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der)) }
        expectCryptoError(.trailingData) { try Ed25519PublicKey(spki: DER.spki(key: RFC8410.publicKey) + [0x05, 0x00]) }
    }

    @Test func trailingDERFieldInsideTheStructure() {
        let der = DER.pkcs8(seed: seed, extra: [0x05, 0x00])
        expectCryptoError(.trailingData) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der)) }
        let spki = DER.sequence(DER.sequence(DER.ed25519OID), DER.tlv(0x03, [0x00] + RFC8410.publicKey), [0x05, 0x00])
        expectCryptoError(.trailingData) { try Ed25519PublicKey(spki: spki) }
    }

    @Test("an embedded public key that does not match the seed")
    func mismatchedEmbeddedPublicKey() throws {
        let other = try Ed25519PrivateKey().publicKey.rawRepresentation
        let der = DER.pkcs8(seed: seed, version: DER.version1, extra: DER.tlv(0x81, [0x00] + other))
        expectCryptoError(.keyMismatch) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der)) }
    }

    @Test("a repeated optional PKCS#8 field")
    func repeatedOptionalField() {
        let publicKey = DER.tlv(0x81, [0x00] + RFC8410.publicKey)
        let der = DER.pkcs8(seed: seed, version: DER.version1, extra: publicKey + publicKey)
        expectCryptoError(.trailingData) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der)) }
    }

    // MARK: DER structure

    @Test("truncated DER, non-minimal lengths, wrong tags and versions")
    func badDER() {
        let good = DER.pkcs8(seed: seed)
        for der in [
            Array(good.dropLast()),                                                    // runs past the end
            [0x30, 0x81, 0x2e] + good.dropFirst(2),                                   // non-minimal length
            [0x31] + good.dropFirst(),                                                // SET instead of SEQUENCE
            DER.sequence([0x02, 0x01, 0x02], DER.sequence(DER.ed25519OID), DER.tlv(0x04, DER.tlv(0x04, seed))),  // version 2
            DER.sequence(DER.version0, DER.sequence(DER.ed25519OID), DER.tlv(0x04, seed)),  // seed not wrapped
        ] {
            expectCryptoError(.malformedDER) { try Ed25519PrivateKey(pem: makePEM(label: "PRIVATE KEY", der: der)) }
        }
        let unusedBits = DER.sequence(DER.sequence(DER.ed25519OID), DER.tlv(0x03, [0x01] + RFC8410.publicKey))
        expectCryptoError(.malformedDER) { try Ed25519PublicKey(spki: unusedBits) }
    }

    // MARK: armour and base64

    @Test func badBase64() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVh!\n-----END PRIVATE KEY-----\n"
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: pem) }
        let publicPEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE\n-----END PUBLIC KEY-----\n"
        expectCryptoError(.malformedPEM) { try Ed25519PublicKey(pem: publicPEM) }
    }

    @Test func emptyFile() {
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: "") }
        expectCryptoError(.malformedPEM) { try Ed25519PublicKey(pem: "") }
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: "\n\n  \n") }
    }

    @Test func emptyBody() {
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n") }
    }

    @Test func binaryGarbage() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
            expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pemBytes: bytes) }
            expectCryptoError(.malformedPEM) { try Ed25519PublicKey(pem: String(decoding: bytes, as: UTF8.self)) }
        }
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pemBytes: [0x00, 0xff, 0xfe, 0x0a]) }
    }

    @Test func textBeforeBegin() {
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: "key:\n" + RFC8410.privateKeyPEM) }
    }

    @Test func missingEnd() {
        let pem = RFC8410.privateKeyPEM.replacingOccurrences(of: "-----END PRIVATE KEY-----\n", with: "")
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: pem) }
    }

    @Test func mismatchedEndLabel() {
        let pem = RFC8410.privateKeyPEM.replacingOccurrences(of: "END PRIVATE KEY", with: "END PUBLIC KEY")
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: pem) }
    }

    @Test("PKCS#8 ENCRYPTED PRIVATE KEY from openssl pkcs8 -topk8 -v2 aes-256-cbc")
    func encryptedPKCS8() throws {
        let error = expectCryptoError(.encryptedKey) { try Ed25519PrivateKey(pem: Vectors.pem("ed25519-encrypted-pkcs8")) }
        #expect(error?.message.contains("openssl pkey") == true)
    }

    @Test("legacy Proc-Type/DEK-Info encryption headers")
    func encryptionHeaders() {
        let body = RFC8410.privateKeyPEM.split(separator: "\n")[1]
        let pem = "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n\(body)\n-----END PRIVATE KEY-----\n"
        expectCryptoError(.encryptedKey) { try Ed25519PrivateKey(pem: pem) }
    }

    @Test("other PEM headers")
    func otherHeaders() {
        let body = RFC8410.privateKeyPEM.split(separator: "\n")[1]
        let pem = "-----BEGIN PRIVATE KEY-----\nComment: hello\n\(body)\n-----END PRIVATE KEY-----\n"
        expectCryptoError(.malformedPEM) { try Ed25519PrivateKey(pem: pem) }
    }

    @Test("control characters in a label are escaped in the message")
    func labelEscaped() {
        let pem = "-----BEGIN \u{1b}[31mEVIL-----\nAAAA\n-----END \u{1b}[31mEVIL-----\n"
        let error = expectCryptoError(.wrongPEMLabel) { try Ed25519PrivateKey(pem: pem) }
        #expect(error?.message.contains("\u{1b}") == false)
    }
}
