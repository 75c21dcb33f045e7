import ArgumentParser
import LexeconCrypto
import LexeconLedger
import LexeconVerifier

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `lexecon verify LEDGER`: proves a ledger offline and says what was not proven.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a ledger offline: signatures, hash chain, checkpoints.",
        discussion: """
        Prints one line per finding (FILE:LINE: SEVERITY CODE: message), then a summary that \
        ends with `Status: VALID` or `Status: INVALID`. Exit status: 0 valid, 1 invalid, \
        2 usage or I/O error, 3 valid with warnings only (--strict makes it 1). \
        Without --public-key the key in .lexecon/public_key.pem is used when present, else \
        the genesis key (NOT_PINNED warning). Keys are never created.
        """
    )

    @Option(name: .customLong("public-key"), help: ArgumentHelp("The public key the ledger must be signed with (PEM).", valueName: "PEM"))
    var publicKey: String?

    @Option(name: .customLong("checkpoint"), help: ArgumentHelp("A checkpoint kept off the host (repeatable).", valueName: "FILE"))
    var checkpoints: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output format: text or json.", valueName: "FORMAT"))
    var format: String = "text"

    @Flag(name: .long, help: "Treat warnings as failures (exit 1 instead of 3).")
    var strict = false

    // The ledger and anything unrecognised: verify checks them itself so that a usage
    // error exits 2 as documented (ArgumentParser's own validation would exit 64).
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The ledger file.", valueName: "LEDGER"))
    var arguments: [String] = []

    func run() async throws {
        guard format == "text" || format == "json" else {
            throw usage("--format must be 'text' or 'json', not '\(TerminalSafe.escape(format))'")
        }
        if let unknown = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw usage("unknown option '\(TerminalSafe.escape(unknown))'")
        }
        guard arguments.count == 1, let ledger = arguments.first else {
            throw usage(arguments.isEmpty ? "missing LEDGER argument" : "expected one LEDGER, got \(arguments.count) arguments")
        }

        let (key, keySource) = try loadKey()
        let verifier = LedgerVerifier(options: VerifierOptions(pinnedKey: key, checkpointPaths: checkpoints))
        var output = VerifyOutput(ledgerPath: ledger, json: format == "json", strict: strict, keySource: keySource)
        let report: VerificationReport
        do {
            report = try verifier.verify(ledgerPath: ledger) { finding in output.stream(finding) }
        } catch {
            printError("lexecon verify: \(TerminalSafe.escape(error.message))")
            throw ExitCode.ioError
        }
        let status = output.finish(report)
        throw status
    }

    private func usage(_ message: String) -> ExitCode {
        printError("lexecon verify: \(message)\nUsage: lexecon verify LEDGER [--public-key PEM] [--checkpoint FILE]... [--format text|json] [--strict]")
        return ExitCode.ioError
    }

    /// The pinned key and a sentence saying where it came from. Never creates keys.
    private func loadKey() throws -> (Ed25519PublicKey?, String) {
        if let publicKey {
            do {
                return (try KeyDirectory.readPublicKey(path: publicKey), "pinned with --public-key \(TerminalSafe.escape(publicKey))")
            } catch {
                let hint = error.code == .wrongPEMLabel ? " (is it a private key? pass the public_key.pem)" : ""
                printError("lexecon verify: cannot use --public-key: \(TerminalSafe.escape(error.message))\(hint)")
                throw ExitCode.ioError
            }
        }
        let defaultKey = KeyDirectory(path: ".lexecon").publicKeyPath
        if access(defaultKey, F_OK) == 0 {
            do {
                return (try KeyDirectory.readPublicKey(path: defaultKey), "pinned with \(defaultKey) (found in the current directory)")
            } catch {
                printError("lexecon verify: cannot use \(defaultKey): \(TerminalSafe.escape(error.message)); pass --public-key")
                throw ExitCode.ioError
            }
        }
        return (nil, "taken from the ledger's genesis: NOT pinned (no --public-key and no \(defaultKey))")
    }
}
