import Testing
import LexeconCrypto

/// Edge cases from `Vectors/ed25519-edge-cases.json`.
struct EdgeCases: Codable {
    struct SmallOrderPoint: Codable, Sendable, CustomTestStringConvertible {
        let encoding: String
        let order: Int
        var testDescription: String { "order \(order): \(encoding.prefix(8))…" }
    }
    struct MixedOrderPoint: Codable { let comment: String; let encoding: String }
    struct SignatureCase: Codable { let comment: String; let publicKey: String; let message: String; let signature: String }

    let smallOrderPoints: [SmallOrderPoint]
    let nonCanonicalEncodings: [String]
    let mixedOrderPoints: [MixedOrderPoint]
    let signaturesWithSAboveBound: [SignatureCase]
    let signaturesWithSJustBelowBound: [SignatureCase]

    static let loaded: EdgeCases? = try? Vectors.decode(EdgeCases.self, "ed25519-edge-cases")
}

/// The group order L of the prime-order subgroup, little-endian.
let groupOrderL: [UInt8] = hexBytes("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")

/// `a + b` for 32-byte little-endian integers (the result is below 2^256 for our inputs).
func addLittleEndian(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var carry = 0
    for i in 0..<32 {
        let sum = Int(a[i]) + Int(b[i]) + carry
        out[i] = UInt8(sum & 0xff)
        carry = sum >> 8
    }
    precondition(carry == 0)
    return out
}

@Suite("Ed25519: libsodium strictness")
struct Ed25519StrictnessTests {
    @Test("the edge-case resource holds all 8 small-order points")
    func resourceLoaded() throws {
        let cases = try Vectors.decode(EdgeCases.self, "ed25519-edge-cases")
        #expect(cases.smallOrderPoints.count == 8)
        #expect(Set(cases.smallOrderPoints.map(\.encoding)).count == 8)
        #expect(cases.smallOrderPoints.map(\.order).sorted() == [1, 2, 4, 4, 8, 8, 8, 8])
        #expect(cases.smallOrderPoints.contains { $0.encoding == "01" + String(repeating: "0", count: 62) })
    }

    @Test("small-order public keys are rejected", arguments: EdgeCases.loaded?.smallOrderPoints ?? [])
    func smallOrderKeyRejected(_ point: EdgeCases.SmallOrderPoint) {
        #expect { try Ed25519PublicKey(rawRepresentation: hexBytes(point.encoding)) } throws: {
            ($0 as? CryptoError)?.code == .invalidPublicKey
        }
    }

    @Test("a small-order key in an SPKI PEM is rejected too")
    func smallOrderKeyInPEM() throws {
        let identity = [0x01] + [UInt8](repeating: 0, count: 31)
        let spki = hexBytes("302a300506032b6570032100") + identity
        #expect { try Ed25519PublicKey(pem: makePEM(label: "PUBLIC KEY", der: spki)) } throws: {
            ($0 as? CryptoError)?.code == .invalidPublicKey
        }
    }

    @Test("non-canonical point encodings are rejected (y ≥ p, x = 0 with the sign bit)",
          arguments: EdgeCases.loaded?.nonCanonicalEncodings ?? [])
    func nonCanonicalKeyRejected(_ encoding: String) {
        #expect { try Ed25519PublicKey(rawRepresentation: hexBytes(encoding)) } throws: {
            ($0 as? CryptoError)?.code == .invalidPublicKey
        }
    }

    @Test("a point with a small-order component (not in the prime-order subgroup) is rejected")
    func mixedOrderKeyRejected() throws {
        let cases = try #require(EdgeCases.loaded)
        for point in cases.mixedOrderPoints {
            #expect(throws: CryptoError.self, "\(point.comment)") {
                try Ed25519PublicKey(rawRepresentation: hexBytes(point.encoding))
            }
        }
    }

    @Test("public keys of the wrong length are refused", arguments: [0, 31, 33])
    func publicKeyLength(_ count: Int) {
        #expect { try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 9, count: count)) } throws: {
            ($0 as? CryptoError)?.code == .wrongLength
        }
    }

    @Test("S + L (same signature modulo L, non-canonical S) is rejected", arguments: RFC8032File.vectors)
    func nonCanonicalSRejected(_ vector: RFC8032Vector) throws {
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        let signature = hexBytes(vector.signature)
        let message = hexBytes(vector.message)
        #expect(key.isValidSignature(signature, for: message))
        let malleated = Array(signature[0..<32]) + addLittleEndian(Array(signature[32..<64]), groupOrderL)
        #expect(malleated != signature)
        #expect(!key.isValidSignature(malleated, for: message))
    }

    @Test("S just below L is accepted, S above L is rejected (BoringSSL vectors)")
    func scalarBound() throws {
        let cases = try #require(EdgeCases.loaded)
        for good in cases.signaturesWithSJustBelowBound {
            let key = try Ed25519PublicKey(rawRepresentation: hexBytes(good.publicKey))
            #expect(key.isValidSignature(hexBytes(good.signature), for: hexBytes(good.message)), "\(good.comment)")
        }
        for bad in cases.signaturesWithSAboveBound {
            let key = try Ed25519PublicKey(rawRepresentation: hexBytes(bad.publicKey))
            #expect(!key.isValidSignature(hexBytes(bad.signature), for: hexBytes(bad.message)), "\(bad.comment)")
        }
    }

    @Test("a signature whose R is a small-order point is rejected")
    func smallOrderRRejected() throws {
        let cases = try #require(EdgeCases.loaded)
        let vector = try #require(RFC8032File.vectors.first)
        let key = try Ed25519PublicKey(rawRepresentation: hexBytes(vector.publicKey))
        for point in cases.smallOrderPoints {
            let forged = hexBytes(point.encoding) + [UInt8](repeating: 0, count: 32)
            #expect(!key.isValidSignature(forged, for: hexBytes(vector.message)))
        }
    }
}
