/// A redirection of a command, lowered.
public struct Redirection: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `<`, `<>` read side
        case input
        /// `>`, `>|`, `&>`
        case output
        /// `>>`, `&>>`
        case append
        /// `<<`, `<<-`, `<<<` (the body is data, or a script if fed to a shell)
        case hereDocument
        /// `>&N`, `<&N`
        case duplicate
    }
    public var kind: Kind
    /// File descriptor number redirected (1 for `>`, 0 for `<`).
    public var fd: Int
    /// The target word (a path, a descriptor number, or the here-doc body).
    public var target: Word

    public init(kind: Kind, fd: Int, target: Word) {
        self.kind = kind
        self.fd = fd
        self.target = target
    }
}
