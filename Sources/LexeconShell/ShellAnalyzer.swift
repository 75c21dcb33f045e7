/// Parses a shell script and lowers it to the effective commands it would run.
public enum ShellAnalyzer {
    /// Analyses a shell string as `/bin/sh -c SCRIPT` would run it.
    public static func analyze(script: String, context: AnalysisContext) -> ShellAnalysis {
        // Placeholder until the parser lands: nothing parses, so everything fails closed.
        ShellAnalysis(commands: [], parseError: ShellParseError(line: 1, column: 1, message: "shell parser not available"))
    }

    /// Analyses an argv run directly (no shell); `[sh|bash|zsh, -c|-lc, SCRIPT]` is unwrapped.
    public static func analyze(argv: [String], context: AnalysisContext) -> ShellAnalysis {
        ShellAnalysis(commands: [], parseError: ShellParseError(line: 1, column: 1, message: "shell parser not available"))
    }
}
