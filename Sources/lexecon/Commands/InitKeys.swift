import ArgumentParser
import LexeconCrypto

/// `lexecon init-keys`: creates the Ed25519 signing key pair that signs the audit ledger.
struct InitKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init-keys",
        abstract: "Create the Ed25519 key pair that signs the audit ledger.",
        discussion: """
        Writes DIR/private_key.pem (PKCS#8, mode 0600) and DIR/public_key.pem \
        (SubjectPublicKeyInfo) in a directory of mode 0700, then prints the key id \
        (sha256: + hex SHA-256 of the public key's DER). Both files are standard PEM: \
        `openssl pkey -in DIR/private_key.pem -noout` reads them. Existing keys are never \
        replaced without --force. Exit status: 0 created, 1 not created.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Directory for the key pair.", valueName: "dir"))
    var dir: String = ".lexecon"

    @Flag(name: .long, help: "Replace an existing key pair. Records signed by the old key will no longer verify against the new public key.")
    var force = false

    func validate() throws {
        guard !dir.isEmpty else { throw ValidationError("--dir must not be empty") }
    }

    func run() async throws {
        let directory = KeyDirectory(path: dir)
        let key: Ed25519PrivateKey
        do {
            key = try directory.create(force: force)
        } catch {
            printError("lexecon: \(error.message)")
            throw ExitCode.failure
        }
        print("""
        Created an Ed25519 key pair.
        key id:      \(key.publicKey.keyID)
        private key: \(directory.privateKeyPath) (mode 0600: keep it secret)
        public key:  \(directory.publicKeyPath) (give this to auditors: lexecon verify --public-key)
        """)
    }
}
