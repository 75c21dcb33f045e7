/// The version of the lexecon tool, recorded in every ledger genesis.
enum LexeconVersion {
    static let string = "0.1.0"
}
