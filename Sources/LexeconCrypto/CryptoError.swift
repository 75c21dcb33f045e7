/// An error from key handling, encoding or the crypto library, matchable by ``code``.
///
/// ```swift
/// do { _ = try Ed25519PrivateKey(pem: text) }
/// catch let error as CryptoError where error.code == .wrongPEMLabel { … }
/// ```
public struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable value to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// libsodium could not be initialised.
        public static let libraryUnavailable = Code("libraryUnavailable")
        /// The PEM text is not a single well-formed PEM block.
        public static let malformedPEM = Code("malformedPEM")
        /// The PEM block has the wrong label (e.g. a public key where a private key is expected).
        public static let wrongPEMLabel = Code("wrongPEMLabel")
        /// The DER inside the PEM block is not the expected structure.
        public static let malformedDER = Code("malformedDER")
        /// The key is not an Ed25519 key (wrong algorithm identifier).
        public static let wrongAlgorithm = Code("wrongAlgorithm")
        /// A key or signature has the wrong length.
        public static let wrongLength = Code("wrongLength")
        /// Bytes follow the encoded key.
        public static let trailingData = Code("trailingData")
        /// The public key is not a valid, canonical, large-order curve point.
        public static let invalidPublicKey = Code("invalidPublicKey")
        /// Base64 or hex text is malformed.
        public static let malformedEncoding = Code("malformedEncoding")
        /// A key file could not be read or written.
        public static let fileError = Code("fileError")
        /// A private key file is readable by group or others.
        public static let insecurePermissions = Code("insecurePermissions")
        /// A key file exists and overwriting was not requested.
        public static let keyExists = Code("keyExists")
        /// Secure memory could not be allocated.
        public static let outOfMemory = Code("outOfMemory")
        /// No key file where one is expected (keys are never created implicitly).
        public static let keyNotFound = Code("keyNotFound")
        /// `public_key.pem` (or a public key embedded in the PKCS#8) does not belong to the private key.
        public static let keyMismatch = Code("keyMismatch")
        /// The private key is encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY` or legacy `Proc-Type` headers).
        public static let encryptedKey = Code("encryptedKey")
    }

    /// The error's code.
    public let code: Code
    /// A message a person can act on.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
