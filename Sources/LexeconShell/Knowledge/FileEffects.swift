/// Filesystem effects of well-known programs, from their normalised arguments.
enum FileEffects {
    /// What a program does to its path operands.
    enum Rule {
        /// Deletes operands; recursive when the flag is present.
        case delete(recursiveFlag: String?)
        /// Writes operands (`touch`, `tee`, `truncate`).
        case write
        /// Reads operands (`cat`, `grep FILE`).
        case read
        /// Sources are read (or moved), the last operand or `-t DIR` is written.
        case transfer(move: Bool)
        /// Changes permissions of operands; recursive with `-R`.
        case permissions
        /// Writes operands that are block devices or images (`mkfs`, `wipefs`).
        case device
        /// Program-specific logic below.
        case custom
    }

    static let rules: [String: Rule] = {
        var r: [String: Rule] = [
            "rm": .delete(recursiveFlag: "-r"), "srm": .delete(recursiveFlag: "-r"), "wipe": .delete(recursiveFlag: "-r"),
            "unlink": .delete(recursiveFlag: nil), "rmdir": .delete(recursiveFlag: nil),
            "touch": .write, "tee": .write, "truncate": .write, "mkdir": .write, "mkfifo": .write, "mknod": .write,
            "mv": .transfer(move: true), "cp": .transfer(move: false), "install": .transfer(move: false),
            "ln": .transfer(move: false), "rsync": .transfer(move: false), "scp": .transfer(move: false),
            "chmod": .permissions, "chown": .permissions, "chgrp": .permissions, "chattr": .permissions, "setfacl": .permissions,
            "mkfs": .device, "mkswap": .device, "wipefs": .device, "fdisk": .device, "sfdisk": .device, "cfdisk": .device,
            "parted": .device, "sgdisk": .device, "gdisk": .device, "blkdiscard": .device, "badblocks": .device, "hdparm": .device,
        ]
        for name in Self.names("cat less more head tail base64 base32 xxd od strings grep egrep fgrep rg tac nl sort uniq wc diff cmp md5sum sha1sum sha224sum sha256sum sha384sum sha512sum b2sum cksum hexdump zcat bzcat xzcat zless gpg awk gawk mawk nawk jq file source . cut paste column fold fmt expand iconv bat view vimdiff zgrep") {
            r[name] = .read
        }
        for name in Self.names("shred sed perl dd find tar zip unzip git curl wget openssl sort gpg") {
            r[name] = .custom
        }
        return r
    }()

    static func isKnown(_ program: String) -> Bool { rules[program] != nil }

    static func effects(
        program: String, parsed: ParsedArguments, operandPaths: [ResolvedPath?], optionPaths: [(String, ResolvedPath)],
        cwdPath: () -> ResolvedPath
    ) -> [PathEffect] {
        guard let rule = rules[program] else { return [] }
        let paths = operandPaths.compactMap { $0 }
        func optionPath(_ option: String) -> [ResolvedPath] { optionPaths.filter { $0.0 == option }.map(\.1) }
        var out: [PathEffect] = []
        switch rule {
        case .delete(let flag):
            let recursive = flag.map { parsed.has($0) } ?? false
            out = paths.map { PathEffect(kind: .delete, path: $0, recursive: recursive) }
        case .write:
            out = paths.map { PathEffect(kind: .write, path: $0) }
            if program == "truncate" { out += optionPath("-r").map { PathEffect(kind: .read, path: $0) } }
        case .read:
            out = paths.map { PathEffect(kind: .read, path: $0) }
        case .permissions:
            let recursive = parsed.has("-R")
            out = paths.map { PathEffect(kind: .permissions, path: $0, recursive: recursive) }
        case .device:
            out = paths.map { PathEffect(kind: .write, path: $0) }
        case .transfer(let move):
            out = transfer(program: program, parsed: parsed, operandPaths: operandPaths, target: optionPath("-t").first, move: move)
        case .custom:
            out = custom(program: program, parsed: parsed, paths: paths, operandPaths: operandPaths, optionPath: optionPath, cwdPath: cwdPath)
        }
        return out
    }

    private static func transfer(
        program: String, parsed: ParsedArguments, operandPaths: [ResolvedPath?], target explicitTarget: ResolvedPath?, move: Bool
    ) -> [PathEffect] {
        var sources = operandPaths
        var target: ResolvedPath?
        if let explicitTarget {
            target = explicitTarget
        } else if sources.count >= 2 || (program == "install" && parsed.has("-d")) {
            target = program == "install" && parsed.has("-d") ? nil : sources.removeLast()
        }
        let recursive = parsed.has("-r") || parsed.has("-a")
        var out: [PathEffect] = []
        if program == "install" && parsed.has("-d") {
            return operandPaths.compactMap { $0 }.map { PathEffect(kind: .write, path: $0) }
        }
        for case let source? in sources {
            if move {
                out.append(PathEffect(kind: .move, path: source))
            } else if !(program == "ln" && parsed.has("-s")) {
                out.append(PathEffect(kind: .read, path: source, recursive: recursive))
            }
            if program == "rsync" && parsed.has("--remove-source-files") {
                out.append(PathEffect(kind: .delete, path: source))
            }
        }
        if let target {
            out.append(PathEffect(kind: .write, path: target, recursive: recursive || move))
            if program == "rsync" && parsed.flags.contains(where: { $0.hasPrefix("--delete") }) {
                out.append(PathEffect(kind: .delete, path: target, recursive: true))
            }
        }
        return out
    }

    private static func custom(
        program: String, parsed: ParsedArguments, paths: [ResolvedPath], operandPaths: [ResolvedPath?],
        optionPath: (String) -> [ResolvedPath], cwdPath: () -> ResolvedPath
    ) -> [PathEffect] {
        var out: [PathEffect] = []
        switch program {
        case "shred":
            for path in paths {
                out.append(PathEffect(kind: .write, path: path))
                if parsed.has("-u") { out.append(PathEffect(kind: .delete, path: path)) }
            }
        case "sed":
            let kind: PathEffect.Kind = parsed.has("-i") ? .write : .read
            out = paths.map { PathEffect(kind: kind, path: $0) }
            out += optionPath("-f").map { PathEffect(kind: .read, path: $0) }
        case "perl":
            var files = operandPaths
            if !(parsed.has("-e") || parsed.has("-E")), !files.isEmpty {
                if let script = files.removeFirst() { out.append(PathEffect(kind: .read, path: script)) }
            }
            let kind: PathEffect.Kind = parsed.has("-i") ? .write : .read
            out += files.compactMap { $0 }.map { PathEffect(kind: kind, path: $0) }
        case "dd":
            for (word, path) in zip(parsed.positionals, operandPaths) {
                guard let path else { continue }
                if word.bytes.starts(with: Array("of=".utf8)) { out.append(PathEffect(kind: .write, path: path)) }
                if word.bytes.starts(with: Array("if=".utf8)) && path.classBits & PathClass.Bits.pseudoDevice == 0 {
                    out.append(PathEffect(kind: .read, path: path))
                }
            }
        case "find":
            let starts = paths.isEmpty ? [cwdPath()] : paths
            if parsed.has("-delete") { out += starts.map { PathEffect(kind: .delete, path: $0, recursive: true) } }
            for option in ["-fprint", "-fprint0", "-fls", "-fprintf"] {
                out += optionPath(option).map { PathEffect(kind: .write, path: $0) }
            }
        case "tar":
            let archives = optionPath("-f")
            let directory = optionPath("-C").first ?? cwdPath()
            if parsed.has("-c") || parsed.has("-r") || parsed.has("-u") || parsed.has("--delete") {
                out += archives.map { PathEffect(kind: .write, path: $0) }
                out += paths.map { PathEffect(kind: .read, path: $0, recursive: true) }
            } else if parsed.has("-x") {
                out += archives.map { PathEffect(kind: .read, path: $0) }
                out.append(PathEffect(kind: .write, path: directory, recursive: true))
            } else {
                out += archives.map { PathEffect(kind: .read, path: $0) }
            }
        case "zip":
            if let archive = paths.first {
                out.append(PathEffect(kind: .write, path: archive))
                out += paths.dropFirst().map { PathEffect(kind: .read, path: $0, recursive: parsed.has("-r")) }
            }
        case "unzip":
            if let archive = paths.first { out.append(PathEffect(kind: .read, path: archive)) }
            out.append(PathEffect(kind: .write, path: optionPath("-d").first ?? cwdPath(), recursive: true))
        case "git":
            switch parsed.subcommand {
            case "rm"?:
                out = paths.map { PathEffect(kind: .delete, path: $0, recursive: parsed.has("-r")) }
            case "clean"?:
                if !parsed.has("-n") {
                    let targets = paths.isEmpty ? [cwdPath()] : paths
                    out = targets.map { PathEffect(kind: .delete, path: $0, recursive: true) }
                }
            default:
                break
            }
        case "curl":
            out += optionPath("-o").map { PathEffect(kind: .write, path: $0) }
            out += optionPath("-D").map { PathEffect(kind: .write, path: $0) }
            out += optionPath("-c").map { PathEffect(kind: .write, path: $0) }
            out += optionPath("-T").map { PathEffect(kind: .read, path: $0) }
            out += optionPath("-K").map { PathEffect(kind: .read, path: $0) }
        case "wget":
            out += optionPath("-O").map { PathEffect(kind: .write, path: $0) }
            out += optionPath("-o").map { PathEffect(kind: .write, path: $0) }
            out += optionPath("-a").map { PathEffect(kind: .write, path: $0) }
            out += optionPath("-P").map { PathEffect(kind: .write, path: $0, recursive: true) }
            out += optionPath("--post-file").map { PathEffect(kind: .read, path: $0) }
            out += optionPath("--body-file").map { PathEffect(kind: .read, path: $0) }
            out += optionPath("-i").map { PathEffect(kind: .read, path: $0) }
        case "openssl":
            out += optionPath("-in").map { PathEffect(kind: .read, path: $0) }
            out += optionPath("-key").map { PathEffect(kind: .read, path: $0) }
            out += optionPath("-inkey").map { PathEffect(kind: .read, path: $0) }
            out += optionPath("-out").map { PathEffect(kind: .write, path: $0) }
        case "sort":
            out = paths.map { PathEffect(kind: .read, path: $0) }
            out += optionPath("-o").map { PathEffect(kind: .write, path: $0) }
        case "gpg":
            out = paths.map { PathEffect(kind: .read, path: $0) }
        default:
            break
        }
        return out
    }

    /// Space-separated program names (plain strings keep optimised builds fast).
    static func names(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }
}
