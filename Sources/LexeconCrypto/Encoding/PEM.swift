/// PEM armour (RFC 7468): one `-----BEGIN LABEL-----` block, base64 lines, `-----END LABEL-----`.
enum PEM {
    static let privateKeyLabel = "PRIVATE KEY"
    static let publicKeyLabel = "PUBLIC KEY"

    /// Wraps DER bytes, 64 base64 characters a line.
    static func encode(label: String, der: UnsafeRawBufferPointer) -> String {
        let body = Array(Base64.encode(der).utf8)
        var out = "-----BEGIN \(label)-----\n"
        var i = 0
        while i < body.count {
            let end = min(i + 64, body.count)
            out += String(decoding: body[i..<end], as: UTF8.self)
            out += "\n"
            i = end
        }
        out += "-----END \(label)-----\n"
        return out
    }

    /// Extracts the base64 body of the single block labelled `label`. Blank lines around
    /// the block are tolerated; any other text before or after it is an error.
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
        guard label == expected else {
            throw CryptoError(.wrongPEMLabel, "expected a PEM '\(expected)' block, found '\(label)'")
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
        for line in lines[1..<endIndex] {
            for byte in line where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                if byte == UInt8(ascii: ":") {
                    throw CryptoError(.malformedPEM, "encrypted or header-bearing PEM is not supported")
                }
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
}
