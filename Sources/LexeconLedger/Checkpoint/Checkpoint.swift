public import LexeconCrypto

/// A C2SP `tlog-checkpoint`: the origin, the number of records and the RFC 6962 root.
///
/// Signed as a C2SP `signed-note`:
///
///     lexecon/ledger/<id>
///     <size>
///     <base64 root>
///
///     — lexecon/ledger/<id> <base64(4-byte key hash ‖ 64-byte Ed25519 signature)>
public struct Checkpoint: Sendable, Hashable {
    /// The origin line, `lexecon/ledger/<ledger id>`.
    public var origin: String
    /// Number of records covered (records 0 … size−1).
    public var size: Int64
    /// RFC 6962 Merkle tree hash of the first `size` record lines.
    public var rootHash: [UInt8]

    /// Creates a checkpoint.
    public init(origin: String, size: Int64, rootHash: [UInt8]) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// The note text: three lines, each ending in LF. This is what the signature covers.
    public var text: String {
        "\(origin)\n\(size)\n\(Base64.encode(rootHash))\n"
    }

    /// The C2SP note key hash: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
    public static func keyHash(name: String, publicKey: Ed25519PublicKey) -> [UInt8] {
        Array(SHA256.hash(Array(name.utf8) + [0x0a, 0x01] + publicKey.rawRepresentation).prefix(4))
    }

    /// The signed note, ready to be written to `LEDGER.head`.
    public func signedNote(key: Ed25519PrivateKey) -> String {
        let signature = key.signature(for: Array(text.utf8))
        let blob = Checkpoint.keyHash(name: origin, publicKey: key.publicKey) + signature
        return text + "\n\u{2014} \(origin) \(Base64.encode(blob))\n"
    }
}

/// A parsed signed note holding a checkpoint, with its signature lines.
public struct SignedCheckpoint: Sendable {
    /// One `— name base64` line.
    public struct Signature: Sendable {
        public var name: String
        public var keyHash: [UInt8]
        public var signature: [UInt8]
    }

    /// The checkpoint the note carries.
    public var checkpoint: Checkpoint
    /// The exact note text the signatures cover.
    public var text: [UInt8]
    /// Every signature line, in order.
    public var signatures: [Signature]

    /// Parses a signed note strictly: UTF-8, LF line ends, a checkpoint body of exactly
    /// origin / size / root, a blank line, one or more signature lines.
    public static func parse(_ bytes: [UInt8]) throws(CheckpointError) -> SignedCheckpoint {
        guard bytes.count <= 16 * 1024 else { throw CheckpointError("checkpoint file is larger than 16 KiB") }
        guard let note = String(validating: bytes, as: UTF8.self) else {
            throw CheckpointError("checkpoint is not valid UTF-8")
        }
        guard !bytes.contains(0x0d) else { throw CheckpointError("checkpoint contains CR characters; lines must end in LF") }
        guard note.hasSuffix("\n") else { throw CheckpointError("checkpoint does not end with a newline") }
        // Split at the last blank line: text before, signature lines after.
        let parts = note.components(separatedByBlankLine: ())
        guard let (textPart, signaturePart) = parts else {
            throw CheckpointError("checkpoint has no blank line separating the text from its signatures")
        }
        let lines = textPart.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count == 3 else {
            throw CheckpointError("checkpoint text must have exactly 3 lines (origin, size, root), found \(lines.count)")
        }
        let origin = String(lines[0])
        guard !origin.isEmpty, !origin.contains(" "), !origin.contains("+") else {
            throw CheckpointError("checkpoint origin line is empty or contains a space or '+'")
        }
        let sizeText = String(lines[1])
        guard let size = Int64(sizeText), size >= 0, String(size) == sizeText else {
            throw CheckpointError("checkpoint size '\(sizeText)' is not a canonical decimal number")
        }
        guard let root = Base64.decode(String(lines[2])), root.count == 32 else {
            throw CheckpointError("checkpoint root is not base64 of 32 bytes")
        }
        var signatures: [Signature] = []
        for line in signaturePart.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix("\u{2014} ") else {
                throw CheckpointError("signature line does not start with an em dash and a space")
            }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty,
                  let blob = Base64.decode(String(fields[1])), blob.count > 4 else {
                throw CheckpointError("malformed signature line")
            }
            signatures.append(Signature(name: String(fields[0]), keyHash: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4))))
        }
        guard !signatures.isEmpty else { throw CheckpointError("checkpoint has no signature lines") }
        return SignedCheckpoint(
            checkpoint: Checkpoint(origin: origin, size: size, rootHash: root),
            text: Array(textPart.utf8), signatures: signatures)
    }

    /// True when some signature line is by `publicKey` for this origin and verifies.
    public func isSigned(by publicKey: Ed25519PublicKey) -> Bool {
        let expected = Checkpoint.keyHash(name: checkpoint.origin, publicKey: publicKey)
        return signatures.contains { sig in
            sig.name == checkpoint.origin && sig.keyHash == expected && sig.signature.count == 64
                && publicKey.isValidSignature(sig.signature, for: text)
        }
    }
}

/// A checkpoint that could not be read.
public struct CheckpointError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    /// Splits a note at its first blank line ("\n\n"): (text with its final LF, the rest).
    fileprivate func components(separatedByBlankLine: Void) -> (String, String)? {
        let bytes = Array(utf8)
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0a && bytes[i + 1] == 0x0a {
                return (String(decoding: bytes[...i], as: UTF8.self), String(decoding: bytes[(i + 2)...], as: UTF8.self))
            }
            i += 1
        }
        return nil
    }
}
