/// A path operand resolved lexically (no filesystem access) against `cwd` and classified.
public struct ResolvedPath: Sendable, Hashable {
    /// Absolute, lexically normalised path (`.` and `..` folded, duplicate `/` removed).
    /// A trailing `/*` or other glob stays in the text; `classes` says what it covers.
    public var absolute: String
    /// The known classes as bits (``PathClass/Bits``): rules test classes for every operand
    /// and effect of every command, and a bit test costs less than hashing names.
    package private(set) var classBits: UInt32
    /// Classes without a bit (only ever set through ``classes`` by a caller).
    private var otherClasses: Set<PathClass>

    /// Classes of the path; more than one may hold.
    public var classes: Set<PathClass> {
        get {
            var result = otherClasses
            for known in PathClass.known where classBits & known.bit != 0 { result.insert(known) }
            return result
        }
        set {
            classBits = 0
            otherClasses = []
            for item in newValue {
                if item.bit != 0 { classBits |= item.bit } else { otherClasses.insert(item) }
            }
        }
    }

    public init(absolute: String, classes: Set<PathClass>) {
        self.absolute = absolute
        self.classBits = 0
        self.otherClasses = []
        self.classes = classes
    }

    /// A path with known classes only, given as bits.
    package init(absolute: String, bits: UInt32) {
        self.absolute = absolute
        self.classBits = bits
        self.otherClasses = []
    }

    /// True when the path has `pathClass`.
    package func has(_ pathClass: PathClass) -> Bool {
        pathClass.bit != 0 ? classBits & pathClass.bit != 0 : otherClasses.contains(pathClass)
    }
}

/// What a resolved path is, for rules such as "no recursive delete outside the workspace".
public struct PathClass: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// One bit per class the analyser knows.
    package enum Bits {
        package static let root: UInt32 = 1 << 0
        package static let rootGlob: UInt32 = 1 << 1
        package static let home: UInt32 = 1 << 2
        package static let underHome: UInt32 = 1 << 3
        package static let system: UInt32 = 1 << 4
        package static let device: UInt32 = 1 << 5
        package static let insideWorkspace: UInt32 = 1 << 6
        package static let outsideWorkspace: UInt32 = 1 << 7
        package static let workspaceRoot: UInt32 = 1 << 8
        package static let protected: UInt32 = 1 << 9
        package static let secret: UInt32 = 1 << 10
        package static let dynamic: UInt32 = 1 << 11
        package static let containsProtected: UInt32 = 1 << 12
        package static let pseudoDevice: UInt32 = 1 << 13
    }

    /// Every class with a bit.
    package static let known: [PathClass] = [
        .root, .rootGlob, .home, .underHome, .system, .device, .insideWorkspace, .outsideWorkspace, .workspaceRoot,
        .protected, .secret, .dynamic, .containsProtected, .pseudoDevice,
    ]

    /// The class's bit, or 0 for a class the analyser does not know.
    package var bit: UInt32 {
        switch rawValue {
        case "root": Bits.root
        case "root_glob": Bits.rootGlob
        case "home": Bits.home
        case "under_home": Bits.underHome
        case "system": Bits.system
        case "device": Bits.device
        case "inside_workspace": Bits.insideWorkspace
        case "outside_workspace": Bits.outsideWorkspace
        case "workspace_root": Bits.workspaceRoot
        case "protected": Bits.protected
        case "secret": Bits.secret
        case "dynamic": Bits.dynamic
        case "contains_protected": Bits.containsProtected
        case "pseudo_device": Bits.pseudoDevice
        default: 0
        }
    }

    /// `/` itself.
    public static let root = PathClass(rawValue: "root")
    /// Every entry of `/` (`/*`, `/.*`).
    public static let rootGlob = PathClass(rawValue: "root_glob")
    /// The home directory itself, or a glob over all of it (`~`, `~/`, `~/*`, `$HOME`).
    public static let home = PathClass(rawValue: "home")
    /// Under the home directory.
    public static let underHome = PathClass(rawValue: "under_home")
    /// A system directory or something under it (`/etc`, `/usr`, `/bin`, `/boot`, `/dev`,
    /// `/var`, `/lib*`, `/sbin`, `/sys`, `/proc`, `/opt`, `/srv`, `/root`, …).
    public static let system = PathClass(rawValue: "system")
    /// A block or character device (`/dev/sd*`, `/dev/nvme*`, `/dev/mem`, …).
    public static let device = PathClass(rawValue: "device")
    /// Inside the workspace root (the root itself included).
    public static let insideWorkspace = PathClass(rawValue: "inside_workspace")
    /// Outside the workspace root.
    public static let outsideWorkspace = PathClass(rawValue: "outside_workspace")
    /// The workspace root itself (deleting it is a wipe of the whole project).
    public static let workspaceRoot = PathClass(rawValue: "workspace_root")
    /// Matches one of the protected path globs given to the analyzer.
    public static let protected = PathClass(rawValue: "protected")
    /// Contains secrets by convention (`~/.ssh/*`, `~/.aws/credentials`, `.env`, shell
    /// history, `*.pem`, `id_rsa*`, kube config, …).
    public static let secret = PathClass(rawValue: "secret")
    /// Depends on run-time values that could not be resolved.
    public static let dynamic = PathClass(rawValue: "dynamic")
    /// A directory (or glob) that contains a protected path: deleting, moving or changing
    /// it recursively reaches the protected entries (`rm -rf /ws` when `/ws/.lexecon/**`
    /// is protected).
    public static let containsProtected = PathClass(rawValue: "contains_protected")
    /// A character device that holds no data (`/dev/null`, `/dev/stdout`, `/dev/tty`,
    /// `/dev/fd/N`): never `system`, and redirections to it have no file effect.
    public static let pseudoDevice = PathClass(rawValue: "pseudo_device")
}
