/// Resolves words to absolute paths lexically (no filesystem access) and classifies them.
struct PathResolver: Sendable {
    let home: [UInt8]
    let workspace: [UInt8]
    /// The protected patterns, normalised and split into segments once.
    let protectedSegments: [[ArraySlice<UInt8>]]

    init(context: AnalysisContext) {
        home = Self.normalize(Array(context.home.utf8))
        workspace = Self.normalize(Array(context.workspace.utf8))
        protectedSegments = context.protectedPaths.map { GlobMatcher.segments(Self.normalize(Array($0.utf8))) }
    }

    /// Folds `.`, `..` (never above `/`) and repeated or trailing slashes.
    static func normalize(_ path: [UInt8]) -> [UInt8] {
        if isNormalized(path) { return path }
        var stack: [ArraySlice<UInt8>] = []
        for segment in path.split(separator: Byte.slash, omittingEmptySubsequences: true) {
            if segment.count == 1 && segment[segment.startIndex] == Byte.dot { continue }
            if segment.count == 2 && segment.allSatisfy({ $0 == Byte.dot }) {
                if !stack.isEmpty { stack.removeLast() }
                continue
            }
            stack.append(segment)
        }
        if stack.isEmpty { return [Byte.slash] }
        var out: [UInt8] = []
        out.reserveCapacity(path.count + 1)
        for segment in stack {
            out.append(Byte.slash)
            out.append(contentsOf: segment)
        }
        return out
    }

    /// Already absolute with no empty, `.` or `..` segment and no trailing slash.
    static func isNormalized(_ path: [UInt8]) -> Bool {
        guard path.first == Byte.slash else { return false }
        if path.count == 1 { return true }
        if path.last == Byte.slash { return false }
        var previous = Byte.slash
        var dots = 0
        for b in path.dropFirst() {
            if b == Byte.slash {
                if previous == Byte.slash || dots == 1 || dots == 2 { return false }
                dots = 0
            } else if b == Byte.dot && (previous == Byte.slash || dots > 0) {
                dots += 1
            } else {
                dots = 3
            }
            previous = b
        }
        return !(dots == 1 || dots == 2)
    }

    /// The resolved path of a word, or nil when it is not usable as a path (empty, a URL,
    /// a remote `host:path`).
    func resolve(_ word: LoweredWord, cwd: String?, remoteSyntax: Bool = false) -> ResolvedPath? {
        if let hint = word.pathHint {
            return resolveDynamic(LoweredWord(bytes: hint, isDynamic: true, staticPrefix: max(0, hint.count - 2)), cwd: cwd)
        }
        let t = word.bytes
        guard !t.isEmpty, !word.isProcessSubstitution else { return nil }
        if Self.isURL(t) { return nil }
        if remoteSyntax && Self.isRemote(t) { return nil }
        if word.isDynamic && word.staticPrefix < t.count {
            return resolveDynamic(word, cwd: cwd)
        }
        guard let absolute = absolutize(t, cwd: cwd) else {
            return ResolvedPath(absolute: t.string, classes: [.dynamic])
        }
        let normalized = Self.normalize(absolute)
        return ResolvedPath(absolute: normalized.string, bits: classify(normalized, isGlob: word.isGlob))
    }

    /// A word with run-time parts: classified by the directory its static prefix names.
    private func resolveDynamic(_ word: LoweredWord, cwd: String?) -> ResolvedPath {
        let t = word.bytes
        let prefix = t[..<word.staticPrefix]
        guard let slash = prefix.lastIndex(of: Byte.slash) else {
            return ResolvedPath(absolute: t.string, classes: [.dynamic])
        }
        let directory = Array(t[...slash])
        guard let absolute = absolutize(directory, cwd: cwd) else {
            return ResolvedPath(absolute: t.string, classes: [.dynamic])
        }
        let normalized = Self.normalize(absolute)
        typealias B = PathClass.Bits
        let directoryBits = classify(normalized, isGlob: false)
        // The directory's broad location carries over; identity classes do not.
        var bits = B.dynamic | directoryBits & (B.insideWorkspace | B.outsideWorkspace | B.system | B.underHome | B.protected | B.secret)
        if directoryBits & B.home != 0 { bits |= B.underHome }
        if directoryBits & B.workspaceRoot != 0 { bits |= B.insideWorkspace }
        var text = normalized
        if text.count > 1 { text.append(Byte.slash) }
        text.append(contentsOf: t[(slash + 1)...])
        return ResolvedPath(absolute: text.string, bits: bits)
    }

    private func absolutize(_ t: [UInt8], cwd: String?) -> [UInt8]? {
        if t.first == Byte.slash { return t }
        guard let cwd else { return nil }
        var out = Array(cwd.utf8)
        out.append(Byte.slash)
        out.append(contentsOf: t)
        return out
    }

    static func isURL(_ t: [UInt8]) -> Bool {
        guard let colon = t.firstIndex(of: Byte.colon), colon > 0, colon + 2 < t.count else { return false }
        return t[colon + 1] == Byte.slash && t[colon + 2] == Byte.slash
            && t[..<colon].allSatisfy { Byte.isNameChar($0) || $0 == Byte.plus || $0 == Byte.minus || $0 == Byte.dot }
    }

    /// `host:path` or `user@host:path` (scp/rsync remote operands).
    static func isRemote(_ t: [UInt8]) -> Bool {
        guard let colon = t.firstIndex(of: Byte.colon), colon > 0 else { return false }
        return !t[..<colon].contains(Byte.slash)
    }

    // MARK: Classification

    static let systemDirectories: Set<String> = [
        "etc", "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "boot", "dev", "proc", "sys", "var", "opt", "srv",
        "root", "run", "snap", "System", "Library", "Applications", "private",
    ]
    /// Devices that hold data: writing them destroys a disk or memory.
    static let devicePatterns: [[UInt8]] = [
        "/dev/sd*", "/dev/nvme*", "/dev/hd*", "/dev/vd*", "/dev/xvd*", "/dev/mmcblk*", "/dev/md*", "/dev/dm-*", "/dev/loop*",
        "/dev/mapper/**", "/dev/disk/**", "/dev/mem", "/dev/kmem", "/dev/port", "/dev/sr*", "/dev/rdisk*", "/dev/disk*",
    ].map { Array($0.utf8) }
    /// Character devices that are not storage; redirections to them have no file effect.
    static let pseudoDevices: Set<String> = [
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/stdin", "/dev/stdout", "/dev/stderr",
        "/dev/tty", "/dev/ptmx",
    ]

    func classify(_ a: [UInt8], isGlob: Bool) -> UInt32 {
        typealias B = PathClass.Bits
        var classes: UInt32 = 0
        let segments = GlobMatcher.segments(a)
        if segments.isEmpty { classes |= B.root }
        if segments.count == 1 && isGlob {
            let s = segments[0]
            if Self.isEverythingGlob(s) {
                classes |= B.rootGlob
            } else if s.contains(where: Byte.isGlobMeta),
                Self.systemDirectories.contains(where: { GlobMatcher.wildcard(s, Array($0.utf8)[...]) })
            {
                classes |= B.system
            }
        }
        // Home.
        if a == home {
            classes |= B.home
        } else if Self.isUnder(a, home) {
            let rest = a[(home.count == 1 ? 1 : home.count + 1)...]
            if isGlob && !rest.contains(Byte.slash) && Self.isEverythingGlob(rest) {
                classes |= B.home
            } else {
                classes |= B.underHome
            }
        }
        // System directories and devices.
        if let first = segments.first, Self.systemDirectories.contains(String(decoding: first, as: UTF8.self)) {
            let isDev = first.elementsEqual("dev".utf8)
            let text = isDev ? a.string : ""
            if isDev && (Self.pseudoDevices.contains(text) || text.hasPrefix("/dev/fd/") || text.hasPrefix("/dev/pts/")) {
                classes |= B.pseudoDevice
            } else {
                classes |= B.system
                if first.elementsEqual("dev".utf8), Self.devicePatterns.contains(where: { GlobMatcher.match(pattern: $0, path: a) }) {
                    classes |= B.device
                }
            }
        }
        // Workspace.
        if a == workspace {
            classes |= B.workspaceRoot
            classes |= B.insideWorkspace
        } else if Self.isUnder(a, workspace) {
            classes |= B.insideWorkspace
            let rest = a[(workspace.count == 1 ? 1 : workspace.count + 1)...]
            if isGlob && !rest.contains(Byte.slash) && Self.isEverythingGlob(rest) { classes |= B.workspaceRoot }
        } else {
            classes |= B.outsideWorkspace
        }
        // Protected paths and what contains them.
        for patternSegments in protectedSegments {
            if GlobMatcher.matchSegments(patternSegments, segments, pathHasGlobs: isGlob) {
                classes |= B.protected
            } else if GlobMatcher.mayContainMatch(patternSegments: patternSegments, pathSegments: segments) {
                classes |= B.containsProtected
            }
        }
        if isSecret(a, segments: segments) { classes |= B.secret }
        return classes
    }

    /// `*`, `.*`, `**`, `.[!.]*`, `?*`: a segment glob that covers (almost) every entry.
    static func isEverythingGlob(_ s: ArraySlice<UInt8>) -> Bool {
        guard s.contains(Byte.star) else { return false }
        var inClass = false
        for b in s {
            if inClass {
                if b == Byte.closeBracket { inClass = false }
                continue
            }
            switch b {
            case Byte.star, Byte.question, Byte.dot: continue
            case Byte.openBracket: inClass = true
            default: return false
            }
        }
        return true
    }

    static func isUnder(_ path: [UInt8], _ dir: [UInt8]) -> Bool {
        if dir.count == 1 { return path.count > 1 }
        return path.count > dir.count + 1 && path.starts(with: dir) && path[dir.count] == Byte.slash
    }

    /// Home-relative locations that hold credentials (a directory itself counts).
    static let homeSecretTrees = [".ssh", ".aws", ".config/gcloud", ".azure", ".gnupg"].map { Array($0.utf8) }
    static let homeSecretFiles = [
        ".kube/config", ".docker/config.json", ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".bash_history",
        ".zsh_history", ".config/gh/hosts.yml", ".pgpass", ".my.cnf",
    ].map { Array($0.utf8) }
    static let systemSecretFiles: Set<String> = ["/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/master.passwd"]

    func isSecret(_ a: [UInt8], segments: [ArraySlice<UInt8>]) -> Bool {
        if let last = segments.last {
            if last.starts(with: "id_rsa".utf8) || last.starts(with: "id_ed25519".utf8) || last.starts(with: "id_ecdsa".utf8)
                || last.starts(with: "id_dsa".utf8)
            {
                return true
            }
            if last.elementsEqual(".env".utf8) || last.starts(with: ".env.".utf8) { return true }
            if Self.hasSuffix(last, ".pem") || Self.hasSuffix(last, ".key") || Self.hasSuffix(last, ".p12")
                || Self.hasSuffix(last, ".pfx")
            {
                return true
            }
        }
        if segments.first?.elementsEqual("etc".utf8) == true {
            let text = a.string
            if Self.systemSecretFiles.contains(text) || text.hasPrefix("/etc/sudoers.d/") { return true }
        }
        if Self.isUnder(a, home) {
            // Compared in place: every path in a workspace under home gets here.
            let rest = a[(home.count == 1 ? 1 : home.count + 1)...]
            for tree in Self.homeSecretTrees where rest.starts(with: tree) {
                if rest.count == tree.count || rest[rest.startIndex + tree.count] == Byte.slash { return true }
            }
            for file in Self.homeSecretFiles where rest.count == file.count && rest.elementsEqual(file) { return true }
        }
        return false
    }

    static func hasSuffix(_ s: ArraySlice<UInt8>, _ suffix: String) -> Bool {
        let u = Array(suffix.utf8)
        return s.count >= u.count && s.suffix(u.count).elementsEqual(u)
    }
}
