/// Reads `find [options] [paths…] [expression]`: start paths are the operands, primaries
/// are flags (`-name`, `-delete`, `-exec`), values of value-taking primaries go to
/// `optionValues`, and each `-exec`/`-execdir`/`-ok`/`-okdir … ;|+` is a command.
struct FindExpression {
    var arguments = ParsedArguments()
    /// (`-exec`, command words) in order.
    var actions: [(primary: String, argv: [LoweredWord])] = []

    static let actionPrimaries: Set<String> = ["-exec", "-execdir", "-ok", "-okdir"]
    static let valuePrimaries: Set<String> = [
        "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-type", "-xtype", "-size",
        "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer", "-user", "-group", "-uid",
        "-gid", "-perm", "-maxdepth", "-mindepth", "-fstype", "-links", "-inum", "-samefile", "-used", "-printf", "-fprint",
        "-fprint0", "-fls", "-context", "-files0-from", "-lname", "-ilname", "-regextype", "-newermt", "-newerct", "-newerat",
        "-D", "-fprintf",
    ]

    static func parse(_ args: ArraySlice<LoweredWord>) -> FindExpression {
        var out = FindExpression()
        var i = args.startIndex
        // Leading options.
        while i < args.endIndex, !args[i].isDynamic {
            let t = args[i].text
            if t == "-H" || t == "-L" || t == "-P" || t.hasPrefix("-O") {
                out.arguments.flags.insert(t)
                i += 1
            } else if t == "-D" {
                i += 2
            } else {
                break
            }
        }
        // Start paths: everything before the first word that starts an expression.
        while i < args.endIndex {
            let word = args[i]
            if !word.isDynamic, let b = word.bytes.first,
                b == Byte.minus && word.bytes.count > 1 || word.bytes == [Byte.openParen] || word.bytes == [Byte.bang]
            {
                break
            }
            out.arguments.positionals.append(word)
            i += 1
        }
        // Expression.
        while i < args.endIndex {
            let word = args[i]
            i += 1
            guard !word.isDynamic, word.bytes.first == Byte.minus else { continue }
            let primary = word.text
            out.arguments.flags.insert(primary)
            if actionPrimaries.contains(primary) {
                var argv: [LoweredWord] = []
                while i < args.endIndex {
                    let w = args[i]
                    i += 1
                    if !w.isDynamic && (w.bytes == [Byte.semicolon] || w.bytes == [Byte.plus]) { break }
                    argv.append(w)
                }
                out.arguments.optionValues[primary, default: []].append(argv.map(\.text).joined(separator: " "))
                out.actions.append((primary, argv))
            } else if valuePrimaries.contains(primary) || primary.hasPrefix("-newer") {
                let count = primary == "-fprintf" ? 2 : 1
                for j in 0..<count where i < args.endIndex {
                    out.arguments.optionValues[primary, default: []].append(args[i].text)
                    if j == 0 && (primary == "-fprint" || primary == "-fprint0" || primary == "-fls" || primary == "-fprintf") {
                        out.arguments.optionWords.append((primary, args[i]))
                    }
                    i += 1
                }
            }
        }
        return out
    }
}
