import Foundation
import LexeconCrypto
import LexeconLedger
import Testing
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Vectors

/// Loads `Vectors/<name>.json` from the test bundle.
func loadVectors<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors"),
                           "missing test resource Vectors/\(name).json")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

func hexBytes(_ text: String) throws -> [UInt8] {
    try #require(Hex.decode(text), "bad hex in a vector: \(text)")
}

// MARK: - Files

/// A fresh directory under the system temp directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/lexecon-ledger-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: try #require(made, "mkdtemp failed: \(String(cString: strerror(errno)))"))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

func readFile(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// Appends raw bytes to a file (simulates a torn write or tampering).
func appendRaw(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_APPEND)
    try #require(fd >= 0, "cannot open \(path)")
    defer { close(fd) }
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    try #require(n == bytes.count)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Splits a ledger into its LF-terminated lines (without LF) and the bytes after the last LF.
func splitLines(_ bytes: [UInt8]) -> (lines: [[UInt8]], torn: [UInt8]) {
    var lines: [[UInt8]] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0a {
        lines.append(Array(bytes[start..<i]))
        start = i + 1
    }
    return (lines, Array(bytes[start...]))
}

// MARK: - Keys

func makeKey() throws -> Ed25519PrivateKey {
    try Ed25519PrivateKey()
}

// MARK: - Independent RFC 6962 Merkle tree hash

/// MTH over data items (not leaf hashes), written straight from RFC 6962 §2.1 and
/// independent of `MerkleFrontier`: the tests compare the two.
func referenceMTH(_ items: ArraySlice<[UInt8]>) -> [UInt8] {
    if items.isEmpty { return SHA256.hash([]) }
    if items.count == 1 { return SHA256.hash([0x00] + items[items.startIndex]) }
    var k = 1
    while k * 2 < items.count { k *= 2 }
    let mid = items.startIndex + k
    return SHA256.hash([0x01] + referenceMTH(items[..<mid]) + referenceMTH(items[mid...]))
}

// MARK: - Chain check

struct ChainFailure: Error, CustomStringConvertible {
    let description: String
}

/// A ledger that passed ``checkChain``.
struct CheckedChain {
    var lines: [[UInt8]]
    var records: [LedgerRecord]
    /// Bytes after the last LF (a torn tail), empty when there is none.
    var torn: [UInt8]
    var ledgerID: String
    var last: LedgerRecord { records[records.count - 1] }
}

/// Checks a whole ledger against the format, independently of the writer's own tail
/// checks: every line strict, canonical, v1, a known kind, seq 0…n−1 each once, the
/// prev chain (genesis seed, then leaf hashes), the ledger id, the key id and every
/// Ed25519 signature over `lexecon/v1 record\n` ‖ body; the genesis fields.
@discardableResult
func checkChain(_ path: String, publicKey: Ed25519PublicKey, allowTorn: Bool = false) throws -> CheckedChain {
    let (lines, torn) = splitLines(readFile(path))
    guard !lines.isEmpty else { throw ChainFailure(description: "\(path) holds no complete record") }
    guard allowTorn || torn.isEmpty else { throw ChainFailure(description: "\(path) ends in \(torn.count) torn bytes") }
    var records: [LedgerRecord] = []
    var ledgerID = ""
    var previousLeaf: [UInt8] = []
    for (index, line) in lines.enumerated() {
        func fail(_ why: String) -> ChainFailure {
            ChainFailure(description: "\(path):\(index + 1): \(why): \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
        guard line.count <= LedgerFormat.maxLineLength else { throw fail("line over 64 KiB") }
        let value: JSONValue
        do { value = try StrictJSONParser.parse(line) } catch { throw fail("not strict JSON (\(error))") }
        guard case .object(let members) = value else { throw fail("not an object") }
        guard CanonicalJSON.serialize(value) == line else { throw fail("not canonical") }
        let record = LedgerRecord(object: members)
        guard record.version == 1 else { throw fail("v is not 1") }
        guard let kind = record.kind, RecordKind.all.contains(kind) else { throw fail("unknown kind") }
        guard record.seq == Int64(index) else { throw fail("seq \(record.seq.map(String.init) ?? "nil"), expected \(index)") }
        guard let ts = record.timestamp, Timestamp.isValid(ts) else { throw fail("bad ts") }
        guard record.keyID == publicKey.keyID else { throw fail("signed by \(record.keyID ?? "nil")") }
        guard let sigText = record.signature, let sig = Base64.decode(sigText), sig.count == 64,
              Base64.encode(sig) == sigText else { throw fail("malformed sig") }
        // The body is the line's object without `sig`, re-serialised canonically.
        let body = CanonicalJSON.serialize(.object(members.filter { $0.key != "sig" }))
        guard publicKey.isValidSignature(sig, for: Array("lexecon/v1 record\n".utf8) + body) else {
            throw fail("signature does not verify")
        }
        if index == 0 {
            guard kind == .genesis else { throw fail("first record is not a genesis") }
            guard let id = record.ledgerID, id.utf8.count == 32,
                  id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                throw fail("ledger id is not 32 lowercase hex")
            }
            ledgerID = id
            let seed = Hex.encode(SHA256.hash(Array("lexecon/v1 genesis\n".utf8) + Array(id.utf8)))
            guard record.prev == seed else { throw fail("genesis prev is not the seed") }
            guard record["origin"]?.stringValue == "lexecon/ledger/" + id else { throw fail("bad origin") }
            let expectedKeys: JSONValue = .array([.object([JSONMember("id", .string(publicKey.keyID)),
                                                           JSONMember("spki", .string(Base64.encode(publicKey.spki)))])])
            guard record["keys"].map(CanonicalJSON.serialize) == CanonicalJSON.serialize(expectedKeys) else {
                throw fail("keys do not list the signing key")
            }
            guard record["algs"].map(CanonicalJSON.serialize)
                    == Array(#"{"canon":"jcs-rfc8785","hash":"sha256","merkle":"rfc6962","sig":"ed25519"}"#.utf8) else {
                throw fail("bad algs")
            }
            guard record["tool"]?["name"]?.stringValue != nil, record["tool"]?["version"]?.stringValue != nil else {
                throw fail("bad tool")
            }
        } else {
            guard kind != .genesis else { throw fail("second genesis") }
            guard record.ledgerID == ledgerID else { throw fail("foreign ledger id") }
            guard record.prev == Hex.encode(previousLeaf) else { throw fail("prev does not link") }
        }
        previousLeaf = SHA256.hash([0x00] + line)
        records.append(record)
    }
    return CheckedChain(lines: lines, records: records, torn: torn, ledgerID: ledgerID)
}

// MARK: - OpenSSL

/// Runs a program and returns its exit status and combined output.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

let opensslPath = "/usr/bin/openssl"

/// `openssl pkeyutl -verify -pubin -inkey PEM -rawin -in msg -sigfile sig` over one record.
func opensslVerifies(line: [UInt8], publicKeyPEM: String, in directory: TemporaryDirectory) throws -> Bool {
    try #require(fileExists(opensslPath),
                 "openssl is needed for the cross-check: install it with `apt-get install -y openssl` (expected at \(opensslPath))")
    let value = try StrictJSONParser.parse(line)
    let members = try #require(value.objectMembers)
    let record = LedgerRecord(object: members)
    let sig = try #require(record.signature.flatMap(Base64.decode))
    try writeFile(directory.file("msg"), Array("lexecon/v1 record\n".utf8) + record.body)
    try writeFile(directory.file("sig"), sig)
    try writeFile(directory.file("pub.pem"), Array(publicKeyPEM.utf8))
    let result = try run(opensslPath, ["pkeyutl", "-verify", "-pubin", "-inkey", directory.file("pub.pem"), "-rawin",
                                       "-in", directory.file("msg"), "-sigfile", directory.file("sig")])
    return result.status == 0 && result.output.contains("Signature Verified Successfully")
}

/// `bytes` with the first occurrence of `target` replaced (the test fails when there is none).
func replacingFirst(_ target: String, with replacement: String, in bytes: [UInt8],
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    let needle = Array(target.utf8)
    guard needle.count <= bytes.count,
          let start = (0...(bytes.count - needle.count)).first(where: { bytes[$0..<$0 + needle.count].elementsEqual(needle) }) else {
        try #require(Bool(false), "\(target) not found", sourceLocation: sourceLocation)
        return bytes
    }
    return Array(bytes[..<start]) + Array(replacement.utf8) + Array(bytes[(start + needle.count)...])
}

/// Runs `body` and checks it throws a `LedgerError` with `code` whose message holds every
/// string in `containing`.
func expectLedgerError<R>(_ code: LedgerError.Code, containing: [String] = [], _ comment: Comment? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R) {
    do {
        _ = try body()
        Issue.record(Comment(rawValue: "expected LedgerError.\(code), nothing was thrown" + (comment.map { " (" + $0.rawValue + ")" } ?? "")),
                     sourceLocation: sourceLocation)
    } catch let error as LedgerError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        for text in containing {
            #expect(error.message.contains(text), "message lacks '\(text)': \(error.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected LedgerError.\(code), got \(error)", sourceLocation: sourceLocation)
    }
}

/// Checks a file holds exactly `expected`, reporting sizes and the first difference
/// rather than dumping both byte arrays.
func expectFile(_ path: String, equals expected: [UInt8], _ comment: Comment? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = readFile(path)
    guard actual != expected else { return }
    let first = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? min(actual.count, expected.count)
    Issue.record(Comment(rawValue: "\(path): \(actual.count) bytes, expected \(expected.count); first difference at byte \(first)"
                         + (comment.map { " (" + $0.rawValue + ")" } ?? "")), sourceLocation: sourceLocation)
}
