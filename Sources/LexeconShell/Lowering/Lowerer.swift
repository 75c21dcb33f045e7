/// Where a command's standard input comes from, as far as analysis can tell.
enum StdinSource {
    case none
    /// A pipe from `programs` (nearest first); `text` is their output when it is static
    /// (`echo 'ls' | sh`).
    case pipe(programs: [String], text: [UInt8]?)
    /// A here-doc or here-string; `text` is nil when it expands at run time.
    case document(text: [UInt8]?, feeders: [String], hereString: Bool)
    /// A file (`< script.sh`).
    case file
}

/// Redirections of one command, lowered, and what its standard input is.
struct CommandIO {
    var redirections: [Redirection] = []
    var effects: [PathEffect] = []
    var stdin: StdinSource = .none
}

/// The wrapper and nested-script context a command is lowered in.
struct Layer {
    /// Innermost first.
    var via: [String] = []
    var privileged = false
    var depth = 0
    /// Redirections of an enclosing shell (`bash -c '…' > log`), inherited by its commands.
    var inheritedRedirections: [Redirection] = []
    var inheritedEffects: [PathEffect] = []
    /// `$0`, `$1`, … of a nested `sh -c SCRIPT NAME ARGS…`.
    var positional: [LoweredWord]?
}

/// Memoised variable values and the resolution budget of one analysis (a class so that
/// non-mutating lookups can fill it).
final class VariableMemo {
    static let maxSteps = 20_000
    /// Top-level lookups by name; cleared whenever the table stack changes.
    var values: [String: [UInt8]?] = [:]
    var steps = 0
    /// Set when a lookup fell back to `$PWD`, whose value moves with `cd`.
    var usedPWD = false
}

/// Lowers a parsed script to effective commands: expansion, unwrapping, flags, paths and
/// effects. One instance per analysis; all state is local, nothing global is read.
struct Lowerer {
    /// Most effective commands one analysis produces before it is "too complex".
    static let maxCommands = ShellAnalyzer.maxCommands
    /// Most words brace expansion may produce in one analysis.
    static let maxBraceWords = 20_000
    /// Most programs listed in one command's `upstream` (nearest first).
    static let maxUpstream = 64
    /// Most bytes brace expansion may produce in one analysis.
    static let maxBraceBytes = 1 << 20
    /// Most bytes of nested script text (`bash -c`, `eval`, here-docs) parsed per analysis.
    static let maxNestedBytes = 1 << 20

    let context: AnalysisContext
    let resolver: PathResolver
    var commands: [EffectiveCommand] = []
    /// Set when a budget was exceeded: the analysis reports "script too complex".
    var overflow = false
    var overflowMessage = ""
    /// The working directory the next command runs in; nil once it cannot be known.
    var cwd: String?
    /// Variable tables, outermost first; nested scripts push their own.
    var variables: [VariableTable] = []
    /// Functions defined so far in script order.
    var functions: Set<String> = []
    var layer = Layer()
    /// Depth of the AST walk, shared with nested parses so total recursion stays bounded.
    var walkDepth = 0
    var braceWordsLeft = Lowerer.maxBraceWords
    /// Bytes brace expansion may still produce in this analysis.
    var braceBytesLeft = Lowerer.maxBraceBytes
    let memo = VariableMemo()
    var nestedBytesLeft = Lowerer.maxNestedBytes

    init(prepared: PreparedContext) {
        self.context = prepared.context
        self.resolver = prepared.resolver
        self.cwd = prepared.context.cwd
    }

    /// Lowers a whole top-level script of `size` bytes. Nested scripts may add up to
    /// as many bytes as the script (at least 64 KiB) before the analysis is "too complex".
    mutating func lowerProgram(_ script: ScriptNode, size: Int, positional: [LoweredWord]? = nil) {
        nestedBytesLeft = min(Self.maxNestedBytes, max(64 * 1024, size))
        variables.append(VariableTable.collect(script))
        layer.positional = positional
        lowerScript(script, stdin: .none)
    }

    /// Lowers an argv that runs without a shell: words are literal.
    mutating func lowerDirectArgv(_ argv: [String]) {
        variables.append(VariableTable())
        lowerArgv(argv.map { LoweredWord($0) }, io: CommandIO())
    }

    mutating func tooComplex(_ message: String) {
        if !overflow {
            overflow = true
            overflowMessage = message
        }
    }

    /// Appends a command, enforcing the command budget and adding the layer's context.
    mutating func append(_ command: EffectiveCommand) {
        guard !overflow else { return }
        guard commands.count < Self.maxCommands else {
            tooComplex("script too complex: more than \(Self.maxCommands) effective commands")
            return
        }
        var command = command
        command.via = layer.via
        command.privileged = command.privileged || layer.privileged
        if !layer.inheritedRedirections.isEmpty {
            command.redirections.append(contentsOf: layer.inheritedRedirections)
            command.effects.append(contentsOf: layer.inheritedEffects)
        }
        commands.append(command)
    }

    /// A command with no program word that still has effects (`> file`).
    mutating func emitBare(_ io: CommandIO) {
        append(EffectiveCommand(program: "", programWord: "", effects: io.effects, redirections: io.redirections,
                                upstream: Self.upstream(of: io.stdin)))
    }

    static func upstream(of stdin: StdinSource) -> [String] {
        if case .pipe(let programs, _) = stdin { return programs }
        return []
    }

    /// `/usr/bin/rm` → `rm`; trailing slashes ignored.
    static func basename(_ t: [UInt8]) -> String {
        var end = t.count
        while end > 1 && t[end - 1] == Byte.slash { end -= 1 }
        let slice = t[..<end]
        if let slash = slice.lastIndex(of: Byte.slash), slash + 1 < end {
            return t[(slash + 1)..<end].string
        }
        return slice.string
    }
}
