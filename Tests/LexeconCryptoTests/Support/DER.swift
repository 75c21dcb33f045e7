/// A tiny DER writer for building malformed keys in tests (independent of the parser).
enum DER {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        if n < 0x100 { return [0x81, UInt8(n)] }
        return [0x82, UInt8(n >> 8), UInt8(n & 0xff)]
    }

    static func sequence(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2b, 0x65, 0x70]
    static let x25519OID: [UInt8] = [0x06, 0x03, 0x2b, 0x65, 0x6e]
    static let version0: [UInt8] = [0x02, 0x01, 0x00]
    static let version1: [UInt8] = [0x02, 0x01, 0x01]

    /// PKCS#8 OneAsymmetricKey for Ed25519 with the given seed bytes and optional trailing fields.
    static func pkcs8(seed: [UInt8], oid: [UInt8] = ed25519OID, version: [UInt8] = version0, extra: [UInt8] = []) -> [UInt8] {
        sequence(version, sequence(oid), tlv(0x04, tlv(0x04, seed)), extra)
    }

    /// SubjectPublicKeyInfo for Ed25519 with the given key bytes.
    static func spki(key: [UInt8], oid: [UInt8] = ed25519OID) -> [UInt8] {
        sequence(sequence(oid), tlv(0x03, [0x00] + key))
    }
}

/// The RFC 8410 §10.3 example private key and §10.1 example public key (a matching pair).
enum RFC8410 {
    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
        -----END PRIVATE KEY-----

        """
    static let publicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
        -----END PUBLIC KEY-----

        """
    static let seed = hexBytes("d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842")
    static let publicKey = hexBytes("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1")
}
