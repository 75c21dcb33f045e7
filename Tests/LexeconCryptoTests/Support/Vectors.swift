import Foundation
import Testing

/// Loads JSON and PEM resources from `Tests/LexeconCryptoTests/Vectors`.
enum Vectors {
    static func url(_ name: String, _ ext: String, subdirectory: String = "Vectors") throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: subdirectory) else {
            throw VectorError("missing test resource \(subdirectory)/\(name).\(ext)")
        }
        return url
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: url(name, "json")))
    }

    /// A PEM fixture from `Vectors/pem` as text.
    static func pem(_ name: String) throws -> String {
        try String(contentsOf: url(name, "pem", subdirectory: "Vectors/pem"), encoding: .utf8)
    }
}

struct VectorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Decodes lowercase or uppercase hex written in a vector file; a malformed vector fails loudly.
func hexBytes(_ text: String) -> [UInt8] {
    let chars = Array(text.utf8)
    precondition(chars.count % 2 == 0, "odd-length hex in a test vector")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: preconditionFailure("bad hex digit in a test vector")
        }
    }
    return stride(from: 0, to: chars.count, by: 2).map { nibble(chars[$0]) << 4 | nibble(chars[$0 + 1]) }
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// Builds PEM text independently of the code under test (Foundation's base64, 64 columns, LF).
func makePEM(label: String, der: [UInt8]) -> String {
    let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
    return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
}

/// The DER inside a PEM text, decoded independently of the code under test.
func derOf(pem: String) throws -> [UInt8] {
    let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    guard let data = Data(base64Encoded: body) else { throw VectorError("fixture is not base64") }
    return [UInt8](data)
}

/// A fresh temporary directory, removed by the caller with `removeTemporaryDirectory`.
func makeTemporaryDirectory() throws -> String {
    var template = Array((NSTemporaryDirectory() + "/lexecon-crypto-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw VectorError("mkdtemp failed")
    }
    return String(cString: made)
}

func removeTemporaryDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// The permission bits of a file.
func fileMode(_ path: String) throws -> UInt32 {
    var info = stat()
    guard stat(path, &info) == 0 else { throw VectorError("cannot stat \(path)") }
    return UInt32(info.st_mode) & 0o7777
}

/// Creates (or truncates) a file with `contents`, throwing instead of returning false.
func createFileOrFail(atPath path: String, contents: Data?) throws {
    guard FileManager.default.createFile(atPath: path, contents: contents) else {
        throw VectorError("cannot create \(path)")
    }
}
