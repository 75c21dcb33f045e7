internal import LexeconShell

/// Cheap yes/no facts about an effective command, as bits, so a clause whose conditions
/// need a fact the command lacks is skipped before any string is compared.
///
/// A clause's ``MatchClause/requiredFeatures`` are all needed; its ``MatchClause/effectKindMask``
/// needs any one of its bits. Both are necessary conditions of the clause only, so the
/// gate never turns a match into a non-match.
struct CommandFeatures: OptionSet, Sendable {
    let rawValue: UInt32

    static let readEffect = CommandFeatures(rawValue: 1 << 0)
    static let writeEffect = CommandFeatures(rawValue: 1 << 1)
    static let deleteEffect = CommandFeatures(rawValue: 1 << 2)
    static let moveEffect = CommandFeatures(rawValue: 1 << 3)
    static let permissionsEffect = CommandFeatures(rawValue: 1 << 4)
    static let redirection = CommandFeatures(rawValue: 1 << 5)
    static let privileged = CommandFeatures(rawValue: 1 << 6)
    static let dynamicProgram = CommandFeatures(rawValue: 1 << 7)
    static let opaque = CommandFeatures(rawValue: 1 << 8)
    static let upstream = CommandFeatures(rawValue: 1 << 9)
    static let via = CommandFeatures(rawValue: 1 << 10)

    static let anyEffect: CommandFeatures = [.readEffect, .writeEffect, .deleteEffect, .moveEffect, .permissionsEffect]

    /// The bit of one effect kind.
    static func effect(_ kind: PathEffect.Kind) -> CommandFeatures {
        switch kind {
        case .read: .readEffect
        case .write: .writeEffect
        case .delete: .deleteEffect
        case .move: .moveEffect
        case .permissions: .permissionsEffect
        }
    }

    /// The bits of effect kinds named in a policy (`kind: [delete, move]`); every effect
    /// bit for an empty list, which means any kind.
    static func effects(named names: Set<String>) -> CommandFeatures {
        if names.isEmpty { return .anyEffect }
        var mask: CommandFeatures = []
        for kind in PathEffect.Kind.allCases where names.contains(kind.rawValue) { mask.insert(.effect(kind)) }
        return mask
    }

    /// The facts `command` has.
    init(_ command: EffectiveCommand) {
        var mask: CommandFeatures = []
        for effect in command.effects { mask.insert(.effect(effect.kind)) }
        if !command.redirections.isEmpty { mask.insert(.redirection) }
        if command.privileged { mask.insert(.privileged) }
        if command.programIsDynamic { mask.insert(.dynamicProgram) }
        if command.opaque != nil { mask.insert(.opaque) }
        if !command.upstream.isEmpty { mask.insert(.upstream) }
        if !command.via.isEmpty { mask.insert(.via) }
        self = mask
    }

    init(rawValue: UInt32) { self.rawValue = rawValue }
}
