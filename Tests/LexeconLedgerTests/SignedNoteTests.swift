import Foundation
import LexeconCrypto
import LexeconLedger
import Testing

/// C2SP signed-note: the worked example of golang.org/x/mod/sumdb/note (the reference
/// implementation), rebuilt with lexecon's primitives, and lexecon's checkpoint notes.
@Suite("Signed note and checkpoints (C2SP)")
struct SignedNoteTests {
    struct Vector: Decodable {
        var name: String
        var signerKey: String
        var verifierKey: String
        var keyHash: String
        var text: String
        var note: String
    }

    /// The key material after the 0x01 (Ed25519) algorithm byte of a note key's base64 part.
    static func keyMaterial(_ encoded: Substring) throws -> [UInt8] {
        let decoded = try #require(Base64.decode(String(encoded)))
        try #require(decoded.count == 33 && decoded[0] == 0x01, "not an Ed25519 note key")
        return Array(decoded.dropFirst())
    }

    @Test func goReferenceExampleByteForByte() throws {
        let v = try loadVectors("signed-note-c2sp", as: Vector.self)
        // PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>; the base64 part itself holds '+'.
        let signerParts = v.signerKey.split(separator: "+", maxSplits: 4)
        try #require(signerParts.count == 5 && signerParts[2] == Substring(v.name) && signerParts[3] == Substring(v.keyHash))
        let key = try Ed25519PrivateKey(seed: try Self.keyMaterial(signerParts[4]))
        // <name>+<hash>+<base64(0x01 ‖ public key)>
        let verifierParts = v.verifierKey.split(separator: "+", maxSplits: 2)
        try #require(verifierParts.count == 3)
        let publicKey = try Ed25519PublicKey(rawRepresentation: try Self.keyMaterial(verifierParts[2]))
        #expect(key.publicKey == publicKey, "the seed must derive the published public key")

        // Key hash: first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
        let keyHash = Checkpoint.keyHash(name: v.name, publicKey: publicKey)
        #expect(Hex.encode(keyHash) == v.keyHash)
        #expect(keyHash == Array(SHA256.hash(Array(v.name.utf8) + [0x0a, 0x01] + publicKey.rawRepresentation).prefix(4)))

        // The note: text, blank line, "— name base64(key hash ‖ signature over the text)".
        let signature = key.signature(for: Array(v.text.utf8))
        let note = v.text + "\n\u{2014} \(v.name) \(Base64.encode(keyHash + signature))\n"
        #expect(Array(note.utf8) == Array(v.note.utf8))
        #expect(publicKey.isValidSignature(signature, for: Array(v.text.utf8)))
        #expect(!publicKey.isValidSignature(signature, for: Array(v.text.dropLast().utf8)))

        // Our parser insists on the 3-line checkpoint body, so the 2-line example is refused cleanly.
        #expect(throws: CheckpointError.self) { try SignedCheckpoint.parse(Array(v.note.utf8)) }
    }

    @Test func checkpointNoteHasTheSameShapeAsTheReference() throws {
        let key = try makeKey()
        let root = SHA256.hash(Array("root".utf8))
        let checkpoint = Checkpoint(origin: "lexecon/ledger/0123456789abcdef0123456789abcdef", size: 42, rootHash: root)
        #expect(checkpoint.text == "lexecon/ledger/0123456789abcdef0123456789abcdef\n42\n\(Base64.encode(root))\n")
        let expected = checkpoint.text + "\n\u{2014} \(checkpoint.origin) "
            + Base64.encode(Checkpoint.keyHash(name: checkpoint.origin, publicKey: key.publicKey) + key.signature(for: Array(checkpoint.text.utf8)))
            + "\n"
        let note = checkpoint.signedNote(key: key)
        #expect(note == expected)

        let parsed = try SignedCheckpoint.parse(Array(note.utf8))
        #expect(parsed.checkpoint == checkpoint)
        #expect(parsed.text == Array(checkpoint.text.utf8))
        #expect(parsed.signatures.count == 1)
        #expect(parsed.signatures[0].name == checkpoint.origin)
        #expect(parsed.signatures[0].signature.count == 64)
        #expect(parsed.isSigned(by: key.publicKey))
        #expect(!parsed.isSigned(by: try makeKey().publicKey))
    }

    @Test func tamperedOrMalformedCheckpointNotes() throws {
        let key = try makeKey()
        let checkpoint = Checkpoint(origin: "lexecon/ledger/00000000000000000000000000000000", size: 7, rootHash: SHA256.hash([1]))
        let note = checkpoint.signedNote(key: key)
        // Another size under the same signature: parses, does not verify.
        let resized = try SignedCheckpoint.parse(Array(note.replacingFirst("\n7\n", with: "\n8\n").utf8))
        #expect(!resized.isSigned(by: key.publicKey))
        let malformed: [(String, String)] = [
            ("CRLF", note.replacingFirst("\n", with: "\r\n")),
            ("no final LF", String(note.dropLast())),
            ("no blank line", note.replacingFirst("\n\n", with: "\n")),
            ("size with a leading zero", note.replacingFirst("\n7\n", with: "\n07\n")),
            ("negative size", note.replacingFirst("\n7\n", with: "\n-7\n")),
            ("short root", note.replacingFirst(Base64.encode(checkpoint.rootHash), with: Base64.encode([1, 2, 3]))),
            ("signature line without em dash", note.replacingFirst("\u{2014} ", with: "- ")),
            ("origin with a space", note.replacingFirst("lexecon/ledger/", with: "lexecon ledger/")),
            ("no signature lines", checkpoint.text + "\n"),
        ]
        for (name, text) in malformed {
            #expect(throws: CheckpointError.self, "\(name)") { try SignedCheckpoint.parse(Array(text.utf8)) }
        }
        #expect(throws: CheckpointError.self) { try SignedCheckpoint.parse([0xff, 0x0a]) }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
