/// How one program's command line is read: option aliases, which options take values,
/// which operands are paths. Data only; `ArgumentParser` interprets it.
struct ProgramSpec: Sendable {
    /// Spelling → canonical flag (`--recursive` → `-r`, `-R` → `-r`).
    var aliases: [String: String] = [:]
    /// Canonical options that take a value (`-o FILE`, `-ofile`, `--output=FILE`).
    var valueOptions: Set<String> = []
    /// Canonical options whose value is only ever attached (`sed -i.bak`, `--color=auto`).
    var attachedOnly: Set<String> = []
    /// Single-dash words are whole option names (`find -name`, `terraform -auto-approve`).
    var singleDashLong = false
    /// Single-dash long names for programs that otherwise cluster (`java -jar`).
    var singleDashNames: Set<String> = []
    /// When set, a dash word containing other letters is an operand (`chmod -x f`).
    var shortLetters: Set<UInt8>?
    /// Options after the first operand are operands (POSIX order: `ssh host cmd -x`).
    var stopAtFirstOperand = false
    /// Long options take the next word as a value unless listed in `booleanOptions`
    /// (aws/gcloud/az style).
    var longValueByDefault = false
    var booleanOptions: Set<String> = []
    /// Subcommand → extra options (merged once the subcommand is seen).
    var subcommands: [String: ProgramSpec] = [:]
    /// Leading operands that are not paths (a pattern, a mode, a subcommand).
    var nonPathOperands = 0
    /// Options whose presence means there is no leading non-path operand (`grep -e`).
    var operandProvidingOptions: Set<String> = []
    /// False when operands are plain text (`echo`), never resolved as paths.
    var pathOperands = true
    /// Canonical options whose values are file paths.
    var pathValues: Set<String> = []

    /// Builds a spec from data written as plain strings (collection literals here make
    /// optimised builds take minutes): `aliases` is `"-r -R --recursive | -f --force"`
    /// (canonical first, then its other spellings); the option lists are space-separated.
    @inline(never)
    init(
        aliases: String = "", values: String = "", attachedOnly: String = "",
        singleDashLong: Bool = false, singleDashNames: String = "", shortLetters: String? = nil,
        stopAtFirstOperand: Bool = false, longValueByDefault: Bool = false, booleans: String = "",
        subcommands: [String: ProgramSpec] = [:], nonPathOperands: Int = 0, operandProvidingOptions: String = "",
        pathOperands: Bool = true, pathValues: String = ""
    ) {
        for group in aliases.utf8.split(separator: UInt8(ascii: "|")) {
            let spellings = group.split(separator: UInt8(ascii: " "))
            guard let canonical = spellings.first.map(Self.string) else { continue }
            for spelling in spellings.dropFirst() { self.aliases[Self.string(spelling)] = canonical }
        }
        self.valueOptions = Set(Self.words(values).map { self.aliases[$0] ?? $0 })
        self.attachedOnly = Set(Self.words(attachedOnly))
        self.valueOptions.formUnion(self.attachedOnly)
        self.singleDashLong = singleDashLong
        self.singleDashNames = Set(Self.words(singleDashNames))
        self.shortLetters = shortLetters.map { Set($0.utf8) }
        self.stopAtFirstOperand = stopAtFirstOperand
        self.longValueByDefault = longValueByDefault
        self.booleanOptions = Set(Self.words(booleans))
        self.subcommands = subcommands
        self.nonPathOperands = nonPathOperands
        self.operandProvidingOptions = Set(Self.words(operandProvidingOptions).map { self.aliases[$0] ?? $0 })
        self.pathOperands = pathOperands
        self.pathValues = Set(Self.words(pathValues).map { self.aliases[$0] ?? $0 })
    }

    /// The space-separated words of `s` (split by byte: this runs for every spec when the
    /// table is first used, at the start of every process that decides a command).
    static func words(_ s: String) -> [String] { s.utf8.split(separator: UInt8(ascii: " ")).map(string) }

    private static func string(_ bytes: Substring.UTF8View.SubSequence) -> String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always) func canonical(_ option: String) -> String { aliases[option] ?? option }

    /// This spec with a subcommand's options added.
    func merged(with sub: ProgramSpec) -> ProgramSpec {
        var out = self
        out.aliases.merge(sub.aliases) { _, new in new }
        out.valueOptions.formUnion(sub.valueOptions)
        out.attachedOnly.formUnion(sub.attachedOnly)
        out.booleanOptions.formUnion(sub.booleanOptions)
        out.pathValues.formUnion(sub.pathValues)
        out.operandProvidingOptions.formUnion(sub.operandProvidingOptions)
        out.singleDashNames.formUnion(sub.singleDashNames)
        out.subcommands = [:]
        return out
    }
}
