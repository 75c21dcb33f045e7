/// The result of analysing one script: every effective command it would run.
public struct ShellAnalysis: Sendable, Hashable {
    /// Effective commands, in script order, nested ones included (`bash -c 'a; b'` yields
    /// the `bash` layer's inner commands `a` and `b`, each with `via: ["bash -c"]`).
    public var commands: [EffectiveCommand]
    /// Set when the top-level script does not parse; `commands` is then empty.
    public var parseError: ShellParseError?

    public init(commands: [EffectiveCommand], parseError: ShellParseError? = nil) {
        self.commands = commands
        self.parseError = parseError
    }
}

/// A script that does not parse, with where and why.
public struct ShellParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line and column in the script.
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String { "\(line):\(column): \(message)" }
}
