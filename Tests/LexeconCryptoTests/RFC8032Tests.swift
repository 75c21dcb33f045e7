import Testing
import LexeconCrypto

/// RFC 8032 §7.1 test vectors, decoded from `Vectors/rfc8032-ed25519.json`.
struct RFC8032Vector: Codable, Sendable, CustomTestStringConvertible {
    let name: String
    let secretKey: String
    let publicKey: String
    let message: String
    let signature: String
    var testDescription: String { name }
}

struct RFC8032File: Codable {
    let source: String
    let vectors: [RFC8032Vector]

    static let vectors: [RFC8032Vector] = (try? Vectors.decode(RFC8032File.self, "rfc8032-ed25519").vectors) ?? []
}

@Suite("Ed25519: RFC 8032 §7.1 vectors")
struct RFC8032Tests {
    @Test("the resource holds TEST 1, 2, 3, 1024 and SHA(abc)")
    func allVectorsLoaded() throws {
        let file = try Vectors.decode(RFC8032File.self, "rfc8032-ed25519")
        #expect(file.vectors.map(\.name) == ["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"])
        #expect(file.vectors.first { $0.name == "TEST 1024" }.map { hexBytes($0.message).count } == 1023)
    }

    @Test("public key derived from the seed", arguments: RFC8032File.vectors)
    func publicKeyFromSeed(_ vector: RFC8032Vector) throws {
        let key = try Ed25519PrivateKey(seed: hexBytes(vector.secretKey))
        #expect(hexString(key.publicKey.rawRepresentation) == vector.publicKey)
    }

    @Test("signature equals the published one", arguments: RFC8032File.vectors)
    func signatureMatches(_ vector: RFC8032Vector) throws {
        let key = try Ed25519PrivateKey(seed: hexBytes(vector.secretKey))
        #expect(hexString(key.signature(for: hexBytes(vector.message))) == vector.signature)
    }

    @Test("published signature verifies", arguments: RFC8032File.vectors)
    func signatureVerifies(_ vector: RFC8032Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        #expect(key.isValidSignature(hexBytes(vector.signature), for: hexBytes(vector.message)))
        // Same answer through the raw-buffer entry point.
        let message = hexBytes(vector.message)
        #expect(message.withUnsafeBytes { key.isValidSignature(hexBytes(vector.signature), for: $0) })
    }

    @Test("a tampered message fails: every bit of a short message, one appended byte", arguments: RFC8032File.vectors)
    func tamperedMessageFails(_ vector: RFC8032Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        let signature = hexBytes(vector.signature)
        let message = hexBytes(vector.message)
        #expect(!key.isValidSignature(signature, for: message + [0]))
        if !message.isEmpty {
            #expect(!key.isValidSignature(signature, for: Array(message.dropLast())))
        }
        for bit in 0..<min(message.count * 8, 64 * 8) {
            var flipped = message
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!key.isValidSignature(signature, for: flipped), "bit \(bit) of the message")
        }
    }

    @Test("a tampered signature fails: every single-bit flip, truncation, extension", arguments: RFC8032File.vectors)
    func tamperedSignatureFails(_ vector: RFC8032Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        let signature = hexBytes(vector.signature)
        let message = hexBytes(vector.message)
        for bit in 0..<512 {
            var flipped = signature
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!key.isValidSignature(flipped, for: message), "bit \(bit) of the signature")
        }
        #expect(!key.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(!key.isValidSignature(signature + [0], for: message))
        #expect(!key.isValidSignature([], for: message))
    }

    @Test("a signature does not verify under another vector's key", arguments: RFC8032File.vectors)
    func wrongKeyFails(_ vector: RFC8032Vector) throws {
        for other in RFC8032File.vectors where other.name != vector.name {
            let key = try Ed25519PublicKey(rawRepresentation: hexBytes(other.publicKey))
            #expect(!key.isValidSignature(hexBytes(vector.signature), for: hexBytes(vector.message)))
        }
    }

    @Test("a generated key signs and verifies; signing is deterministic")
    func generatedKeyRoundTrip() throws {
        let key = try Ed25519PrivateKey()
        let message = Array("lexecon/v1 record\n{}".utf8)
        let signature = key.signature(for: message)
        #expect(signature.count == 64)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(key.signature(for: message) == signature)
        #expect(try Ed25519PrivateKey().publicKey != key.publicKey)
    }

    @Test("seeds of the wrong length are refused", arguments: [0, 31, 33, 64])
    func seedLength(_ count: Int) {
        #expect { try Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: count)) } throws: {
            ($0 as? CryptoError)?.code == .wrongLength
        }
    }
}
