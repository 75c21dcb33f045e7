import LexeconCrypto

/// The hashes that link records: RFC 6962 leaf and node hashes and the genesis seed.
public enum ChainHash {
    /// SHA-256(0x00 ‖ line): the RFC 6962 leaf hash of a record line (without its LF).
    public static func leaf(_ line: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update([0x00])
        hasher.update(line)
        return hasher.finalize()
    }

    /// SHA-256(0x00 ‖ line).
    public static func leaf(_ line: [UInt8]) -> [UInt8] {
        line.withUnsafeBytes { leaf($0) }
    }

    /// SHA-256(0x01 ‖ left ‖ right): an RFC 6962 interior node.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update([0x01])
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }

    /// The `prev` of the genesis record: hex SHA-256(`lexecon/v1 genesis\n` ‖ ledger id).
    public static func genesisPrev(ledgerID: String) -> String {
        Hex.encode(SHA256.hash(LedgerFormat.genesisSeedPrefix + Array(ledgerID.utf8)))
    }
}
