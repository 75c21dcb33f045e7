/// Parses a shell script and lowers it to the effective commands it would run.
///
/// Analysis is deterministic and self-contained: it reads nothing but its arguments (no
/// environment, clock, filesystem or network), never traps on any input, and bounds its
/// work (nesting depth, command count, brace expansion, nested script size), reporting
/// input beyond those bounds as a parse error.
public enum ShellAnalyzer {
    /// Most simple commands one analysis accepts (nested scripts included); a longer
    /// script is a parse error ("script too complex"), so hostile input fails fast.
    public static let maxCommands = 2_000

    /// Analyses a shell string as `/bin/sh -c SCRIPT` would run it.
    ///
    /// - Returns: the effective commands in script order, or a `parseError` (and no
    ///   commands) when the script does not parse, exceeds `context.maxScriptBytes`, or is
    ///   too complex to analyse within the built-in limits.
    public static func analyze(script: String, context: AnalysisContext) -> ShellAnalysis {
        analyze(script: script, prepared: PreparedContext(context))
    }

    /// ``analyze(script:context:)`` with a context prepared beforehand (see ``PreparedContext``).
    public static func analyze(script: String, prepared: PreparedContext) -> ShellAnalysis {
        analyze(bytes: Array(script.utf8), positional: nil, prepared: prepared)
    }

    /// Analyses an argv run directly (no shell); `[sh|bash|zsh, -c|-lc, SCRIPT]` is unwrapped.
    ///
    /// Words of a direct argv are literal: no quote removal, expansion or globbing. An
    /// argv of the form `[sh|bash|zsh|dash|ksh, -c (or a cluster containing c), SCRIPT,
    /// NAME, ARGS…]` is analysed as SCRIPT with `$0`, `$1`, … bound to NAME, ARGS.
    public static func analyze(argv: [String], context: AnalysisContext) -> ShellAnalysis {
        analyze(argv: argv, prepared: PreparedContext(context))
    }

    /// ``analyze(argv:context:)`` with a context prepared beforehand (see ``PreparedContext``).
    public static func analyze(argv: [String], prepared: PreparedContext) -> ShellAnalysis {
        let context = prepared.context
        var size = 0
        for word in argv { size += word.utf8.count + 1 }
        if size > context.maxScriptBytes {
            return ShellAnalysis(commands: [], parseError: tooLarge(size, context))
        }
        guard let first = argv.first else { return ShellAnalysis(commands: []) }
        let program = Lowerer.basename(Array(first.utf8))
        if ProgramSets.shells.contains(program), argv.count >= 3, isInlineScriptFlag(argv[1]) {
            let positional = argv.dropFirst(3).map { LoweredWord($0) }
            return analyze(bytes: Array(argv[2].utf8), positional: positional, prepared: prepared)
        }
        var lowerer = Lowerer(prepared: prepared)
        lowerer.lowerDirectArgv(argv)
        return finish(lowerer)
    }

    /// `-c`, `-lc`, `-ec`, `-xec`, …: a single-dash cluster of letters that includes `c`.
    static func isInlineScriptFlag(_ flag: String) -> Bool {
        let t = Array(flag.utf8)
        guard t.count >= 2, t[0] == Byte.minus, t.contains(UInt8(ascii: "c")) else { return false }
        return t.dropFirst().allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) }
    }

    static func analyze(bytes: [UInt8], positional: [LoweredWord]?, prepared: PreparedContext) -> ShellAnalysis {
        let context = prepared.context
        if bytes.count > context.maxScriptBytes {
            return ShellAnalysis(commands: [], parseError: tooLarge(bytes.count, context))
        }
        var parser = ShellParser(bytes: bytes)
        let script: ScriptNode
        do {
            script = try parser.parseProgram()
        } catch {
            return ShellAnalysis(commands: [], parseError: error.located(in: bytes))
        }
        var lowerer = Lowerer(prepared: prepared)
        lowerer.lowerProgram(script, size: bytes.count, positional: positional)
        return finish(lowerer)
    }

    private static func finish(_ lowerer: Lowerer) -> ShellAnalysis {
        if lowerer.overflow {
            return ShellAnalysis(commands: [], parseError: ShellParseError(line: 1, column: 1, message: lowerer.overflowMessage))
        }
        return ShellAnalysis(commands: lowerer.commands)
    }

    private static func tooLarge(_ size: Int, _ context: AnalysisContext) -> ShellParseError {
        ShellParseError(line: 1, column: 1, message: "script is \(size) bytes, over the limit of \(context.maxScriptBytes)")
    }
}
