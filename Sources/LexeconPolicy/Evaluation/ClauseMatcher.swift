internal import LexeconShell

/// Decides whether one ``MatchClause`` holds for an effective command or a request text.
///
/// A class: it is handed to every rule check of a request, and its context holds many strings.
final class ClauseMatcher {
    let context: EvaluationContext
    let isProtected: (ResolvedPath) -> Bool

    /// The bytes of the request text, for the regex prefilters of every text clause.
    private lazy var rawTextBytes = ByteSet.lowercasedContents(of: context.rawText)

    init(context: EvaluationContext, isProtected: @escaping (ResolvedPath) -> Bool) {
        self.context = context
        self.isProtected = isProtected
    }

    /// Context conditions and the raw-text regex.
    func requestConditionsHold(_ clause: MatchClause) -> Bool {
        if let globs = clause.environment, !globs.contains(where: { $0.matches(context.environment) }) { return false }
        if let globs = clause.principal, !globs.contains(where: { $0.matches(context.principal) }) { return false }
        if let globs = clause.agent, !globs.contains(where: { $0.matches(context.agent) }) { return false }
        if let regex = clause.regex, !regex.matches(context.rawText, present: rawTextBytes) { return false }
        return true
    }

    /// A text clause (no command conditions) holds for the request as a whole.
    func textClauseHolds(_ clause: MatchClause) -> Bool {
        !clause.hasCommandConditions && requestConditionsHold(clause)
    }

    /// A command clause holds for `command`.
    func commandClauseHolds(_ clause: MatchClause, _ command: EffectiveCommand, facts: CommandFacts) -> Bool {
        guard clause.hasCommandConditions, clause.admits(facts.features), clause.admitsProgram(command.program, number: facts.programNumber) else { return false }
        if let globs = clause.programWord, !globs.contains(where: { $0.matches(command.programWord) }) { return false }
        if let dynamic = clause.dynamic, dynamic != command.programIsDynamic { return false }
        if let privileged = clause.privileged, privileged != command.privileged { return false }
        if let kinds = clause.opaque {
            if kinds.isEmpty {
                if command.opaque != nil { return false }
            } else {
                guard let opaque = command.opaque, kinds.contains(opaque.kind.rawValue) else { return false }
            }
        }
        if let alternatives = clause.subcommand {
            let ok = alternatives.contains { words in
                guard words.count <= command.positionals.count else { return false }
                for (index, glob) in words.enumerated() where !glob.matches(command.positionals[index].text) { return false }
                return true
            }
            if !ok { return false }
        }
        if let condition = clause.flags, !condition.holds(over: command.flags) { return false }
        if let condition = clause.args, !condition.holds(over: command.arguments.lazy.map(\.text)) { return false }
        if let regex = clause.argsRegex {
            if !regex.matches(facts.argumentText, present: facts.argumentTextBytes) { return false }
        }
        if let condition = clause.operands {
            // Words that are not paths (a mode, a pattern, a subcommand) are not operands
            // here; dynamic words without a path have the class `dynamic`.
            let ok = command.positionals.contains { word in
                guard word.path != nil || word.isDynamic else { return false }
                return condition.holds(word.path, protected: word.path.map(isProtected) ?? false)
            }
            if !ok { return false }
        }
        if let condition = clause.effects {
            let ok = command.effects.contains { effect in
                condition.kindMask.contains(.effect(effect.kind))
                    && (condition.recursive == nil || condition.recursive == effect.recursive)
                    && condition.path.holds(effect.path, protected: isProtected(effect.path))
            }
            if !ok { return false }
        }
        if let condition = clause.redirect {
            let ok = command.redirections.contains { redirection in
                let kind = redirection.kind == .hereDocument ? "here_document" : redirection.kind.rawValue
                guard condition.kinds.isEmpty || condition.kinds.contains(kind) else { return false }
                if condition.path.isEmpty { return true }
                let path = redirection.target.path
                return condition.path.holds(path, protected: path.map(isProtected) ?? false)
            }
            if !ok { return false }
        }
        if let globs = clause.upstream,
           !facts.upstream.contains(where: { name in globs.contains { $0.matches(name) } }) {
            return false
        }
        if let globs = clause.via, !command.via.contains(where: { layer in globs.contains { $0.matches(layer) } }) {
            return false
        }
        return requestConditionsHold(clause)
    }
}

/// Per-command values several rules need, computed once per command rather than per rule,
/// and only when a rule asks (a class, so the lazy values are shared by every clause).
final class CommandFacts {
    let command: EffectiveCommand
    /// Yes/no facts for the clause gates.
    let features: CommandFeatures
    /// The program's number when the policy names it literally.
    let programNumber: Int?

    init(_ command: EffectiveCommand, programNumber: Int?) {
        self.command = command
        self.programNumber = programNumber
        features = CommandFeatures(command)
    }

    /// Arguments joined by spaces, then here-document bodies (what `args_regex` searches).
    lazy var argumentText: String = {
        var joined = command.arguments.map(\.text).joined(separator: " ")
        for redirection in command.redirections where redirection.kind == .hereDocument {
            joined += "\n" + redirection.target.text
        }
        return joined
    }()

    /// The bytes of ``argumentText``, for the prefilters of `args_regex` clauses.
    lazy var argumentTextBytes = ByteSet.lowercasedContents(of: argumentText)

    /// Upstream program names without repeats, nearest first (a long pipeline lists the
    /// same names many times).
    lazy var upstream: [String] = {
        var seen = Set<String>()
        return command.upstream.filter { seen.insert($0).inserted }
    }()
}
