import ArgumentParser
import LexeconCrypto
import LexeconLedger

/// `lexecon ledger …`: write notes, checkpoints and repairs; list a ledger.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Append notes, write checkpoints, recover a torn tail, or list a ledger.",
        subcommands: [Note.self, CheckpointCommand.self, Recover.self, Show.self]
    )

    /// Loads the signing key and opens a writer, or exits with the reason.
    static func writer(_ options: LedgerOptions) throws -> LedgerWriter {
        do {
            let key = try KeyDirectory(path: options.keys).loadPrivateKey()
            return LedgerWriter(path: options.ledger, key: key, toolVersion: LexeconVersion.string)
        } catch {
            printError("lexecon: \(error.message)")
            throw ExitCode.failure
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Append a signed note (creates the ledger with its genesis on first use).")

        @OptionGroup var options: LedgerOptions
        @Argument(help: "The note's text.") var text: String

        func run() async throws {
            let writer = try LedgerCommand.writer(options)
            do {
                let appended = try writer.append(note: text)
                print("appended note seq \(appended.seq) to \(options.ledger)")
                if let warning = appended.checkpointError { printError("lexecon: warning: \(warning.message)") }
            } catch {
                printError("lexecon: \(error.message)")
                throw ExitCode.failure
            }
        }
    }

    struct CheckpointCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Write a signed checkpoint of the ledger to FILE.head.",
            discussion: "Copy the .head file off the host: `lexecon verify --checkpoint` then proves the ledger was not cut back or rewritten.")

        @OptionGroup var options: LedgerOptions

        func run() async throws {
            let writer = try LedgerCommand.writer(options)
            do {
                let checkpoint = try writer.writeCheckpoint()
                print("checkpoint of \(checkpoint.size) records written to \(writer.headPath)")
                print("root \(Base64.encode(checkpoint.rootHash))")
            } catch {
                printError("lexecon: \(error.message)")
                throw ExitCode.failure
            }
        }
    }

    struct Recover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recover",
            abstract: "Move a torn tail aside and record the repair in a signed recovery record.")

        @OptionGroup var options: LedgerOptions

        func run() async throws {
            let writer = try LedgerCommand.writer(options)
            do {
                let recovery = try writer.recover()
                print("moved \(recovery.discardedBytes) torn bytes at offset \(recovery.offset) to \(recovery.savedTo)")
                print("sha256 \(recovery.discardedSHA256); recovery record seq \(recovery.record.seq)")
            } catch {
                printError("lexecon: \(error.message)")
                throw error.code == .nothingToRecover ? ExitCode.failure : ExitCode(2)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "List a ledger's records readably (control characters escaped). Does not verify: use `lexecon verify`.")

        @Argument(help: "The ledger file.") var file: String = ".audit/ledger.jsonl"

        func run() async throws {
            do {
                var reader = try LineReader(path: file)
                var output = BufferedOutput()
                try reader.forEachLine { line in
                    output.write(LedgerListing.describe(line))
                    return true
                }
                output.flush()
            } catch let error as LedgerError {
                printError("lexecon: \(error.message)")
                throw ExitCode(2)
            }
        }
    }
}
