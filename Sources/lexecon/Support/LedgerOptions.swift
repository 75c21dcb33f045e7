import ArgumentParser

/// `--ledger` and `--keys`, shared by every command that writes the ledger.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file.", valueName: "FILE"))
    var ledger: String = ".audit/ledger.jsonl"

    @Option(name: .long, help: ArgumentHelp("The key directory (private_key.pem, public_key.pem).", valueName: "DIR"))
    var keys: String = ".lexecon"
}
