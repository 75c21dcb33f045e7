import Synchronization

/// How one program's command line is read: option aliases, which options take values,
/// which operands are paths. Data only; `ArgumentParser` interprets it.
///
/// Immutable, and a class: every command of a listed program looks its spec up, and a
/// reference is cheaper to pass around than a copy of its many sets.
final class ProgramSpec: Sendable {
    /// The options of a spec: everything but its subcommands.
    struct Options: Sendable {
        /// Spelling → canonical flag (`--recursive` → `-r`, `-R` → `-r`).
        var aliases: [String: String]
        /// Canonical options that take a value (`-o FILE`, `-ofile`, `--output=FILE`).
        var valueOptions: Set<String>
        /// Canonical options whose value is only ever attached (`sed -i.bak`, `--color=auto`).
        var attachedOnly: Set<String>
        /// Single-dash words are whole option names (`find -name`, `terraform -auto-approve`).
        var singleDashLong: Bool
        /// Single-dash long names for programs that otherwise cluster (`java -jar`).
        var singleDashNames: Set<String>
        /// When set, a dash word containing other letters is an operand (`chmod -x f`).
        var shortLetters: Set<UInt8>?
        /// Options after the first operand are operands (POSIX order: `ssh host cmd -x`).
        var stopAtFirstOperand: Bool
        /// Long options take the next word as a value unless listed in `booleanOptions`
        /// (aws/gcloud/az style).
        var longValueByDefault: Bool
        var booleanOptions: Set<String>
        /// Leading operands that are not paths (a pattern, a mode, a subcommand).
        var nonPathOperands: Int
        /// Options whose presence means there is no leading non-path operand (`grep -e`).
        var operandProvidingOptions: Set<String>
        /// False when operands are plain text (`echo`), never resolved as paths.
        var pathOperands: Bool
        /// Canonical options whose values are file paths.
        var pathValues: Set<String>
    }

    let options: Options
    /// Subcommand → the spec in force once it is seen: this spec's options plus the
    /// subcommand's (merged the first time a command uses it, not per command).
    let subcommands: [String: SubcommandSpec]
    /// This spec without its subcommands, when it has some.
    private let bare: ProgramSpec?

    /// Builds a spec from data written as plain strings (collection literals here make
    /// optimised builds take minutes): `aliases` is `"-r -R --recursive | -f --force"`
    /// (canonical first, then its other spellings); the option lists are space-separated.
    @inline(never)
    convenience init(
        aliases: String = "", values: String = "", attachedOnly: String = "",
        singleDashLong: Bool = false, singleDashNames: String = "", shortLetters: String? = nil,
        stopAtFirstOperand: Bool = false, longValueByDefault: Bool = false, booleans: String = "",
        subcommands: [String: ProgramSpec] = [:], nonPathOperands: Int = 0, operandProvidingOptions: String = "",
        pathOperands: Bool = true, pathValues: String = ""
    ) {
        var aliasTable: [String: String] = [:]
        for group in aliases.utf8.split(separator: UInt8(ascii: "|")) {
            let spellings = group.split(separator: UInt8(ascii: " "))
            guard let canonical = spellings.first.map(Self.string) else { continue }
            for spelling in spellings.dropFirst() { aliasTable[Self.string(spelling)] = canonical }
        }
        let attached = Set(Self.words(attachedOnly))
        var valueOptions = Set(Self.words(values).map { aliasTable[$0] ?? $0 })
        valueOptions.formUnion(attached)
        let options = Options(
            aliases: aliasTable, valueOptions: valueOptions, attachedOnly: attached, singleDashLong: singleDashLong,
            singleDashNames: Set(Self.words(singleDashNames)), shortLetters: shortLetters.map { Set($0.utf8) },
            stopAtFirstOperand: stopAtFirstOperand, longValueByDefault: longValueByDefault,
            booleanOptions: Set(Self.words(booleans)), nonPathOperands: nonPathOperands,
            operandProvidingOptions: Set(Self.words(operandProvidingOptions).map { aliasTable[$0] ?? $0 }),
            pathOperands: pathOperands, pathValues: Set(Self.words(pathValues).map { aliasTable[$0] ?? $0 }))
        guard !subcommands.isEmpty else {
            self.init(options, subcommands: [:], bare: nil)
            return
        }
        let base = ProgramSpec(options, subcommands: [:], bare: nil)
        self.init(options, subcommands: subcommands.mapValues { SubcommandSpec(base: base, sub: $0) }, bare: base)
    }

    private init(_ options: Options, subcommands: [String: SubcommandSpec], bare: ProgramSpec?) {
        self.options = options
        self.subcommands = subcommands
        self.bare = bare
    }

    /// The space-separated words of `s` (split by byte: this runs for every spec when the
    /// table is first used, at the start of every process that decides a command).
    static func words(_ s: String) -> [String] { s.utf8.split(separator: UInt8(ascii: " ")).map(string) }

    private static func string(_ bytes: Substring.UTF8View.SubSequence) -> String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always) func canonical(_ option: String) -> String { options.aliases[option] ?? option }

    /// This spec without its subcommands (what is in force after an unknown subcommand).
    var withoutSubcommands: ProgramSpec { bare ?? self }

    /// This spec with a subcommand's options added (and no subcommands).
    func merged(with sub: ProgramSpec) -> ProgramSpec {
        var out = options
        out.aliases.merge(sub.options.aliases) { _, new in new }
        out.valueOptions.formUnion(sub.options.valueOptions)
        out.attachedOnly.formUnion(sub.options.attachedOnly)
        out.booleanOptions.formUnion(sub.options.booleanOptions)
        out.pathValues.formUnion(sub.options.pathValues)
        out.operandProvidingOptions.formUnion(sub.options.operandProvidingOptions)
        out.singleDashNames.formUnion(sub.options.singleDashNames)
        return ProgramSpec(out, subcommands: [:], bare: nil)
    }
}

/// A subcommand's options merged with its program's, worked out the first time a command
/// uses the subcommand: the table is built at the start of every process that decides a
/// command, and most of its subcommands are never seen. Double-checked: once merged,
/// readers see the spec through an acquiring load and never take the lock.
final class SubcommandSpec: @unchecked Sendable {
    private let base: ProgramSpec
    private let sub: ProgramSpec
    private let ready = Atomic<Bool>(false)
    private let lock = Mutex<Void>(())
    // Written once under `lock` before `ready` is released; read only after `ready`.
    nonisolated(unsafe) private var stored: ProgramSpec? = nil

    init(base: ProgramSpec, sub: ProgramSpec) {
        self.base = base
        self.sub = sub
    }

    /// The program's spec with the subcommand's options added.
    var merged: ProgramSpec {
        if ready.load(ordering: .acquiring) { return stored.unsafelyUnwrapped }
        return lock.withLock { _ in
            if !ready.load(ordering: .acquiring) {
                stored = base.merged(with: sub)
                ready.store(true, ordering: .releasing)
            }
            return stored.unsafelyUnwrapped
        }
    }
}
