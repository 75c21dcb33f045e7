/// One `match:` mapping: every condition present must hold for a command to match.
///
/// Lists inside a condition are alternatives (any of). A clause with only `regex` and
/// context conditions is a *text clause*: it is checked once against the request's raw
/// command text, even when the script does not parse.
///
/// A class so that evaluating a clause does not copy (and retain) its many fields; it is
/// only mutated while ``PolicyDecoder`` builds it and ``sealed()``, and while the policy's
/// ``Evaluator`` numbers its program names (before the policy is shared), then read-only,
/// which is what makes the unchecked `Sendable` sound. For the same reason the fields opt out
/// of run-time exclusivity checks: every read of a class's `var` otherwise registers an
/// access (about a hundred clause checks per decision read several fields each).
final class MatchClause: @unchecked Sendable {
    @exclusivity(unchecked) var program: [Glob]? = nil
    @exclusivity(unchecked) var programWord: [Glob]? = nil
    @exclusivity(unchecked) var subcommand: [[Glob]]? = nil
    @exclusivity(unchecked) var flags: ListCondition? = nil
    @exclusivity(unchecked) var args: ListCondition? = nil
    @exclusivity(unchecked) var argsRegex: LinearRegex? = nil
    @exclusivity(unchecked) var operands: PathCondition? = nil
    @exclusivity(unchecked) var effects: EffectCondition? = nil
    @exclusivity(unchecked) var redirect: EffectCondition? = nil
    @exclusivity(unchecked) var upstream: [Glob]? = nil
    @exclusivity(unchecked) var via: [Glob]? = nil
    @exclusivity(unchecked) var privileged: Bool? = nil
    @exclusivity(unchecked) var opaque: Set<String>? = nil
    @exclusivity(unchecked) var dynamic: Bool? = nil
    @exclusivity(unchecked) var regex: LinearRegex? = nil
    @exclusivity(unchecked) var environment: [Glob]? = nil
    @exclusivity(unchecked) var principal: [Glob]? = nil
    @exclusivity(unchecked) var agent: [Glob]? = nil

    /// True when the clause has conditions on effective commands (not only text and
    /// context); set once by ``sealed()`` so evaluation does not recompute it per command.
    @exclusivity(unchecked) private(set) var hasCommandConditions = false
    /// The literal names of `program`.
    @exclusivity(unchecked) private(set) var programNames: Set<ProgramName> = []
    /// `programNames` as bits of the evaluator's program numbers (no hashing per check).
    @exclusivity(unchecked) private(set) var programBits: [UInt64] = []
    /// The `program` globs that are not literal names.
    @exclusivity(unchecked) private(set) var programPatterns: [Glob] = []
    /// Facts a command needs for this clause to hold (all of them).
    @exclusivity(unchecked) private(set) var requiredFeatures: CommandFeatures = []
    /// Effect kinds of which a command needs one for this clause to hold; empty: no need.
    @exclusivity(unchecked) private(set) var effectKindMask: CommandFeatures = []

    /// The clause with its derived values computed; call after setting the conditions.
    func sealed() -> MatchClause {
        hasCommandConditions = computeHasCommandConditions()
        for glob in program ?? [] {
            if glob.isLiteral { programNames.insert(ProgramName(glob.pattern)) } else { programPatterns.append(glob) }
        }
        var required: CommandFeatures = []
        if redirect != nil { required.insert(.redirection) }
        if privileged == true { required.insert(.privileged) }
        if dynamic == true { required.insert(.dynamicProgram) }
        if let opaque, !opaque.isEmpty { required.insert(.opaque) }
        if upstream != nil { required.insert(.upstream) }
        if via != nil { required.insert(.via) }
        requiredFeatures = required
        effectKindMask = effects?.kindMask ?? []
        return self
    }

    /// False when `features` lack something the clause needs (a necessary condition only).
    @inline(__always)
    func admits(_ features: CommandFeatures) -> Bool {
        features.isSuperset(of: requiredFeatures) && (effectKindMask.isEmpty || !effectKindMask.isDisjoint(with: features))
    }

    /// Records `programNames` as bits of `numbers` (which holds every literal program name
    /// of the policy); the same numbering always gives the same bits.
    func assignProgramNumbers(_ numbers: [ProgramName: Int]) {
        var bits: [UInt64] = []
        for name in programNames {
            guard let number = numbers[name] else { continue }
            while bits.count <= number >> 6 { bits.append(0) }
            bits[number >> 6] |= 1 << UInt64(number & 63)
        }
        programBits = bits
    }

    /// True when the program (`name`, numbered `number` when the policy names it literally)
    /// satisfies the `program` condition, or there is none.
    @inline(__always)
    func admitsProgram(_ name: String, number: Int?) -> Bool {
        guard program != nil else { return true }
        if let number, number >> 6 < programBits.count, programBits[number >> 6] & (1 << UInt64(number & 63)) != 0 { return true }
        return programPatterns.contains { $0.matches(name) }
    }

    init() {}

    private func computeHasCommandConditions() -> Bool {
        program != nil || programWord != nil || subcommand != nil || flags != nil || args != nil
            || argsRegex != nil || operands != nil || effects != nil || redirect != nil || upstream != nil
            || via != nil || privileged != nil || opaque != nil || dynamic != nil
    }

    /// Exact program names when `program` lists only literal names (used to index rules).
    var literalPrograms: [String]? {
        guard let program, program.allSatisfy(\.isLiteral) else { return nil }
        return program.map(\.pattern)
    }
}
