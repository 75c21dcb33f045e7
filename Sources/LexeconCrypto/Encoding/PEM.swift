internal import CLibSodium

/// PEM armour (RFC 7468): one `-----BEGIN LABEL-----` block, base64 lines, `-----END LABEL-----`.
///
/// Private keys pass through here, so the byte-level functions never let an intermediate
/// buffer grow (a reallocation would leave a copy of the secret in freed memory): every
/// output is allocated at its final size and temporary buffers are wiped.
enum PEM {
    static let privateKeyLabel = "PRIVATE KEY"
    static let publicKeyLabel = "PUBLIC KEY"
    static let encryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY"

    /// Wraps DER bytes, 64 base64 characters a line.
    static func encode(label: String, der: UnsafeRawBufferPointer) -> String {
        var bytes = encodeBytes(label: label, der: der)
        defer { Sodium.zero(&bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Wraps DER bytes, 64 base64 characters a line, into an array allocated once at its
    /// final size. The caller wipes it when it holds a secret.
    static func encodeBytes(label: String, der: UnsafeRawBufferPointer) -> [UInt8] {
        _ = Sodium.initialised
        let header = Array("-----BEGIN \(label)-----\n".utf8)
        let footer = Array("-----END \(label)-----\n".utf8)
        let encodedCount = (der.count + 2) / 3 * 4
        let lineCount = (encodedCount + 63) / 64
        var out = [UInt8]()
        out.reserveCapacity(header.count + encodedCount + lineCount + footer.count)
        out.append(contentsOf: header)
        // 48 input bytes make one 64-character line; +1 for the NUL libsodium writes.
        var line = [UInt8](repeating: 0, count: 65)
        defer { Sodium.zero(&line) }
        var offset = 0
        while offset < der.count {
            let chunk = min(48, der.count - offset)
            let length = (chunk + 2) / 3 * 4
            line.withUnsafeMutableBytes { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    _ = sodium_bin2base64(chars.baseAddress!, chars.count,
                                          der.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, chunk,
                                          sodium_base64_VARIANT_ORIGINAL)
                }
            }
            out.append(contentsOf: line[0..<length])
            out.append(UInt8(ascii: "\n"))
            offset += chunk
        }
        out.append(contentsOf: footer)
        return out
    }

    /// Extracts the base64 body of the single block labelled `label`. Blank lines around
    /// the block are tolerated; any other text before or after it is an error. The result
    /// is allocated once at its final capacity so it can be wiped completely.
    static func body(of text: [UInt8], label expected: String) throws(CryptoError) -> [UInt8] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for i in 0..<text.count where text[i] == UInt8(ascii: "\n") {
            lines.append(text[start..<i])
            start = i + 1
        }
        if start < text.count { lines.append(text[start..<text.count]) }
        // Strip CR of CRLF files and surrounding blank lines.
        lines = lines.map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
        while let first = lines.first, isBlank(first) { lines.removeFirst() }
        while let last = lines.last, isBlank(last) { lines.removeLast() }

        guard let first = lines.first, let label = boundary(first, "BEGIN") else {
            throw CryptoError(.malformedPEM, "not a PEM file: it does not start with a -----BEGIN …----- line")
        }
        if label == encryptedPrivateKeyLabel && expected == privateKeyLabel {
            throw CryptoError(.encryptedKey, "the private key is encrypted (ENCRYPTED PRIVATE KEY); lexecon needs an unencrypted PKCS#8 key: `openssl pkey -in KEY -out private_key.pem`, then `chmod 600 private_key.pem`")
        }
        guard label == expected else {
            throw CryptoError(.wrongPEMLabel, "expected a PEM '\(expected)' block, found '\(printable(label))'")
        }
        guard let endIndex = lines.firstIndex(where: { boundary($0, "END") != nil }) else {
            throw CryptoError(.malformedPEM, "PEM block '\(label)' has no -----END \(label)----- line")
        }
        guard boundary(lines[endIndex], "END") == label else {
            throw CryptoError(.malformedPEM, "PEM END label does not match BEGIN '\(label)'")
        }
        guard endIndex == lines.count - 1 else {
            throw CryptoError(.trailingData, "unexpected data after -----END \(label)-----")
        }
        var body: [UInt8] = []
        body.reserveCapacity(text.count)
        for line in lines[1..<endIndex] {
            if line.contains(UInt8(ascii: ":")) {
                let encrypted = String(decoding: line, as: UTF8.self).hasPrefix("Proc-Type:")
                throw CryptoError(encrypted ? .encryptedKey : .malformedPEM,
                                  encrypted
                                  ? "the PEM block has encryption headers (Proc-Type); lexecon needs an unencrypted PKCS#8 key: `openssl pkey -in KEY -out private_key.pem`"
                                  : "PEM headers are not supported (a line with ':' inside the '\(label)' block)")
            }
            for byte in line where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                body.append(byte)
            }
        }
        return body
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// The label of a `-----BEGIN X-----` / `-----END X-----` line, or nil.
    private static func boundary(_ line: ArraySlice<UInt8>, _ word: String) -> String? {
        let text = String(decoding: line, as: UTF8.self)
        let prefix = "-----\(word) "
        let suffix = "-----"
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count > prefix.count + suffix.count else { return nil }
        return String(text.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// A label safe to show in a message: control characters and non-ASCII escaped, capped.
    private static func printable(_ label: String) -> String {
        var out = ""
        for scalar in label.unicodeScalars.prefix(64) {
            if scalar.value >= 0x20 && scalar.value < 0x7f { out.unicodeScalars.append(scalar) }
            else { out += "\\u{\(String(scalar.value, radix: 16))}" }
        }
        return label.unicodeScalars.count > 64 ? out + "…" : out
    }
}
