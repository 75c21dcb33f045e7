/// A filesystem effect of a command on one path.
public struct PathEffect: Sendable, Hashable {
    /// What the command does to the path.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Reads the file's contents (e.g. `cat`, `cp` source, `base64`, `<` redirection).
        case read
        /// Creates, overwrites, truncates or appends (e.g. `>`, `tee`, `cp` target, `dd of=`).
        case write
        /// Removes it (e.g. `rm`, `unlink`, `find -delete`, `shred -u`); `recursive` says
        /// whether a whole tree goes.
        case delete
        /// Renames or moves it away (`mv` source).
        case move
        /// Changes mode, owner or attributes (`chmod`, `chown`, `chattr`, `setfacl`).
        case permissions
    }
    public var kind: Kind
    public var path: ResolvedPath
    /// True for recursive operations (`rm -r`, `chmod -R`, `find … -delete`).
    public var recursive: Bool

    public init(kind: Kind, path: ResolvedPath, recursive: Bool = false) {
        self.kind = kind
        self.path = path
        self.recursive = recursive
    }
}
