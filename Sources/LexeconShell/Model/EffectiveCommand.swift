/// One command a script will run, after parsing, quote removal, expansion and unwrapping.
///
/// A script such as `sudo bash -c 'rm -rf /tmp/x' && ls` lowers to two effective commands:
/// `rm -r -f /tmp/x` (via `bash -c`, via `sudo`, privileged) and `ls`. The policy evaluator
/// decides on these, never on the raw text.
public struct EffectiveCommand: Sendable, Hashable {
    /// The program's basename after normalisation (`/bin/rm`, `\rm`, `'r''m'` → `rm`);
    /// empty when the command has no program word (a bare assignment or redirection).
    public var program: String
    /// The program word as the script spelled it after quote removal (e.g. `/bin/rm`).
    public var programWord: String
    /// True when the program name depends on run-time values (`$X`, `$(…)`, a glob).
    public var programIsDynamic: Bool
    /// Every argument after the program, lowered (quotes removed, static expansions done).
    public var arguments: [Word]
    /// Normalised flags: combined short flags split (`-rf` → `-r`, `-f`), known long
    /// aliases mapped to their short form where the program has one (`--recursive` → `-r`),
    /// values removed (`--output=x` → `--output`). Options after `--` are operands.
    public var flags: Set<String>
    /// Option values by normalised flag (`-o out`, `--output=out` → `["-o": ["out"]]`).
    public var optionValues: [String: [String]]
    /// Arguments that are not flags or flag values, in order (subcommands, operands).
    public var positionals: [Word]
    /// Filesystem effects this command is known to have (from redirections and from the
    /// semantics of well-known programs such as `rm`, `mv`, `cp`, `tee`, `dd of=`).
    public var effects: [PathEffect]
    /// Redirections attached to this command (targets also appear in `effects` as writes/reads).
    public var redirections: [Redirection]
    /// Programs feeding this command's standard input through a pipe, nearest first
    /// (`curl … | base64 -d | sh` gives `sh` the upstream `["base64", "curl"]`).
    public var upstream: [String]
    /// Wrappers and nested-script layers this command was found through, innermost first,
    /// e.g. `["bash -c", "sudo"]`. Used in reasons: `rm -r -f / (via bash -c, via sudo)`.
    public var via: [String]
    /// True when run through `sudo`, `doas`, `su -c`, `pkexec` or similar.
    public var privileged: Bool
    /// Set when the command carries code lexecon cannot see into (interpreter `-c`/`-e`
    /// code, a decoded payload piped into a shell, a nested script that did not parse,
    /// a dynamic `eval`).
    public var opaque: OpaqueReason?

    public init(
        program: String, programWord: String, programIsDynamic: Bool = false,
        arguments: [Word] = [], flags: Set<String> = [], optionValues: [String: [String]] = [:],
        positionals: [Word] = [], effects: [PathEffect] = [], redirections: [Redirection] = [],
        upstream: [String] = [], via: [String] = [], privileged: Bool = false,
        opaque: OpaqueReason? = nil
    ) {
        self.program = program
        self.programWord = programWord
        self.programIsDynamic = programIsDynamic
        self.arguments = arguments
        self.flags = flags
        self.optionValues = optionValues
        self.positionals = positionals
        self.effects = effects
        self.redirections = redirections
        self.upstream = upstream
        self.via = via
        self.privileged = privileged
        self.opaque = opaque
    }
}
