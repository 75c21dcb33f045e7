// Redirections: targets become paths and read/write effects; here-docs become stdin.
extension Lowerer {
    mutating func lowerRedirections(_ nodes: [RedirectionNode], into io: inout CommandIO) {
        for node in nodes {
            switch node.op {
            case .hereDoc, .hereString:
                let fd = node.fd ?? 0
                var text: [UInt8]? = []
                var feeders: [String] = []
                var shown = ""
                let source = node.op == .hereDoc ? node.hereDoc?.body : node.target
                if let source, let word = expandWord(source, mode: .single).first {
                    feeders = word.feeders
                    shown = word.text
                    text = word.isDynamic && !word.isGlob ? nil : word.bytes
                    if node.op == .hereString, text != nil { text?.append(Byte.newline) }
                    let display = Word(text: shown, isDynamic: word.isDynamic && !word.isGlob)
                    io.redirections.append(Redirection(kind: .hereDocument, fd: fd, target: display))
                } else {
                    io.redirections.append(Redirection(kind: .hereDocument, fd: fd, target: Word(text: "")))
                }
                if fd == 0 { io.stdin = .document(text: text, feeders: feeders, hereString: node.op == .hereString) }
            case .duplicateInput, .duplicateOutput:
                let word = expandWord(node.target, mode: .single).first ?? LoweredWord(bytes: [])
                let fd = node.fd ?? (node.op == .duplicateInput ? 0 : 1)
                io.redirections.append(Redirection(kind: .duplicate, fd: fd, target: Word(text: word.text, isDynamic: word.isDynamic)))
            case .input, .readWrite, .output, .clobber, .append, .outputAll, .appendAll:
                let word = expandWord(node.target, mode: .single).first ?? LoweredWord(bytes: [])
                let kind: Redirection.Kind
                let fd: Int
                switch node.op {
                case .input, .readWrite:
                    kind = .input
                    fd = node.fd ?? 0
                case .append, .appendAll:
                    kind = .append
                    fd = node.fd ?? 1
                default:
                    kind = .output
                    fd = node.fd ?? 1
                }
                var target = Word(text: word.text, isDynamic: word.isDynamic, isGlob: word.isGlob)
                if word.isProcessSubstitution {
                    // `< <(curl …)`: standard input is another command's output.
                    if kind == .input && fd == 0 { io.stdin = .pipe(programs: word.feeders, text: nil) }
                    io.redirections.append(Redirection(kind: kind, fd: fd, target: target))
                    continue
                }
                target.path = resolver.resolve(word, cwd: cwd)
                io.redirections.append(Redirection(kind: kind, fd: fd, target: target))
                if kind == .input && fd == 0 { io.stdin = .file }
                guard let path = target.path, path.classBits & PathClass.Bits.pseudoDevice == 0 else { continue }
                if kind == .input {
                    io.effects.append(PathEffect(kind: .read, path: path))
                    if node.op == .readWrite { io.effects.append(PathEffect(kind: .write, path: path)) }
                } else {
                    io.effects.append(PathEffect(kind: .write, path: path))
                }
            }
        }
    }
}
