internal import LexeconShell

/// Applies a ``PolicyDocument`` to the effective commands of one request.
///
/// Order-independent by construction: rules are visited sorted by id, every matching rule
/// and every command is considered, and a candidate replaces the current one only when it is
/// strictly more severe (BLOCK > ESCALATE > ALLOW). Ties keep the first candidate in a
/// canonical order: script-level facts, then commands in script order; within a command
/// protected paths and limits, then rules by id, then `on_dynamic`, then `default`.
struct Evaluator: Sendable {
    let document: PolicyDocument
    /// Rule indices (sorted by id) whose every command clause names literal programs.
    private let byProgram: [String: [Int]]
    /// Rule indices (sorted by id) that may match any program.
    private let anyProgram: [Int]
    /// Rule indices (sorted by id) with at least one text clause.
    private let textRules: [Int]

    init(document: PolicyDocument) {
        self.document = document
        let order = document.rules.indices.sorted { document.rules[$0].id < document.rules[$1].id }
        var byProgram: [String: [Int]] = [:]
        var anyProgram: [Int] = []
        var textRules: [Int] = []
        for index in order {
            let rule = document.rules[index]
            let commandClauses = rule.match.filter(\.hasCommandConditions)
            if commandClauses.count < rule.match.count { textRules.append(index) }
            if commandClauses.isEmpty { continue }
            let literal = commandClauses.map(\.literalPrograms)
            if literal.allSatisfy({ $0 != nil }) {
                var names: Set<String> = []
                for list in literal { names.formUnion(list!) }
                for name in names { byProgram[name, default: []].append(index) }
            } else {
                anyProgram.append(index)
            }
        }
        self.byProgram = byProgram
        self.anyProgram = anyProgram
        self.textRules = textRules
    }

    /// Returns true when `path` is protected, by the analyzer's classification, the
    /// policy's `protected_paths`, or the request's extra globs.
    func isProtected(_ path: ResolvedPath, _ context: EvaluationContext) -> Bool {
        if path.classes.contains(.protected) { return true }
        let absolute = path.absolute
        for protected in document.protectedPaths {
            switch protected.anchor {
            case .absolute:
                if protected.glob.matches(absolute) { return true }
            case .workspace:
                if let relative = Self.relative(absolute, to: context.workspace), protected.glob.matches(relative) { return true }
            case .home:
                if let relative = Self.relative(absolute, to: context.home), protected.glob.matches(relative) { return true }
            }
        }
        return context.extraProtected.contains { $0.matches(absolute) }
    }

    /// True when deleting, moving or recursively changing `path` reaches a protected path:
    /// the analyzer says so (`contains_protected`), or a protected glob's fixed directory
    /// prefix lies under `path` (`rm -rf /ws` with `/ws/.audit/**` protected).
    func reachesProtected(_ effect: PathEffect, _ context: EvaluationContext) -> Bool {
        guard effect.kind == .delete || effect.kind == .move || (effect.kind == .permissions && effect.recursive) else { return false }
        if effect.path.classes.contains(PathClass(rawValue: "contains_protected")) { return true }
        let target = effect.path.absolute
        let base = target.hasSuffix("/") ? target : target + "/"
        func covers(_ pattern: String) -> Bool {
            let prefix = Self.literalDirectoryPrefix(pattern)
            return prefix.hasPrefix(base) || prefix + "/" == base
        }
        for protected in document.protectedPaths {
            switch protected.anchor {
            case .absolute: if covers(protected.pattern) { return true }
            case .workspace: if covers(context.workspace + "/" + protected.pattern) { return true }
            case .home: if covers(context.home + "/" + protected.pattern) { return true }
            }
        }
        return context.extraProtected.contains { covers($0.pattern) }
    }

    /// Names a protected directory typically holds (ledger, its lock and head, keys, policy).
    static let protectedSentinels = [
        "ledger.jsonl", "ledger.jsonl.lock", "ledger.jsonl.head", "ledger", "private_key.pem", "public_key.pem",
        "key.pem", "policy.yaml", "checkpoint.json", ".audit", ".lexecon", "keys",
    ]

    /// True for recursive deletes that by their own filters cannot reach protected entries:
    /// `find DIR -name PATTERN -delete` whose every name pattern misses the names a protected
    /// directory holds, and `git clean` without `-x`/`-X` (ignored files — the ledger and
    /// key directories are ignored — are kept).
    static func sparesProtectedEntries(_ command: EffectiveCommand) -> Bool {
        switch command.program {
        case "find":
            if command.flags.contains("-path") || command.flags.contains("-ipath") || command.flags.contains("-regex")
                || command.flags.contains("-iregex") || command.flags.contains("-wholename") || command.flags.contains("-o")
                || command.flags.contains("-or") || command.flags.contains("-not") || command.flags.contains("!") {
                return false
            }
            let names = (command.optionValues["-name"] ?? []) + (command.optionValues["-iname"] ?? [])
            guard !names.isEmpty else { return false }
            for name in names {
                guard let glob = try? Glob(name) else { return false }
                if protectedSentinels.contains(where: { glob.matches($0) || glob.matches($0.lowercased()) }) { return false }
            }
            return true
        case "git":
            guard command.positionals.first?.text == "clean" else { return false }
            return !command.flags.contains("-x") && !command.flags.contains("-X")
        default:
            return false
        }
    }

    /// The part of a glob before its first glob character, cut back to a whole directory.
    static func literalDirectoryPrefix(_ pattern: String) -> String {
        var literal = ""
        for character in pattern {
            if "*?[{\\".contains(character) { break }
            literal.append(character)
        }
        if literal.count == pattern.count { return literal }
        if let slash = literal.lastIndex(of: "/") { return String(literal[..<slash]) }
        return ""
    }

    /// `path` relative to `base` ("" for `base` itself), or nil when it is not under it.
    static func relative(_ path: String, to base: String) -> String? {
        let trimmed = base.count > 1 && base.hasSuffix("/") ? String(base.dropLast()) : base
        if path == trimmed { return "" }
        let prefix = trimmed == "/" ? "/" : trimmed + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    private func matcher(_ context: EvaluationContext) -> ClauseMatcher {
        ClauseMatcher(context: context, isProtected: { isProtected($0, context) })
    }

    /// True when rule `index` matches the request (used for examples).
    func ruleMatches(_ index: Int, analysis: ShellAnalysis, context: EvaluationContext) -> Bool {
        let rule = document.rules[index]
        let matcher = matcher(context)
        if rule.unless.contains(where: matcher.textClauseHolds) { return false }
        if rule.match.contains(where: matcher.textClauseHolds) { return true }
        return analysis.commands.contains { command in
            rule.match.contains { matcher.commandClauseHolds($0, command) }
                && !rule.unless.contains { matcher.commandClauseHolds($0, command) }
        }
    }

    /// The combined decision for a request.
    func decide(analysis: ShellAnalysis, context: EvaluationContext) -> Outcome {
        let matcher = matcher(context)
        var best: Outcome? = nil
        func offer(_ candidate: Outcome) {
            if best == nil || candidate.verdict > best!.verdict { best = candidate }
        }

        for index in textRules {
            let rule = document.rules[index]
            if rule.unless.contains(where: matcher.textClauseHolds) { continue }
            if rule.match.contains(where: matcher.textClauseHolds) {
                offer(Outcome(verdict: rule.decision, rule: rule.id, reason: "command text: \(rule.reason)"))
            }
        }
        if let error = analysis.parseError {
            offer(Outcome(verdict: document.onParseError, rule: "on_parse_error",
                          reason: "the script does not parse (\(error.line):\(error.column): \(error.message)); it is not guessed at"))
        }
        for command in analysis.commands {
            offer(decide(command, matcher: matcher, context: context))
        }
        if let best { return best }
        return Outcome(verdict: .allow, rule: "no_command", reason: "the script runs no command")
    }

    private func decide(_ command: EffectiveCommand, matcher: ClauseMatcher, context: EvaluationContext) -> Outcome {
        var best: Outcome? = nil
        func offer(_ candidate: Outcome) {
            if best == nil || candidate.verdict > best!.verdict { best = candidate }
        }
        let rendered = CommandRenderer.render(command)

        for effect in command.effects where effect.kind != .read {
            if isProtected(effect.path, context) {
                offer(Outcome(verdict: .block, rule: "protected_paths",
                              reason: "\(rendered): \(verb(effect.kind)) protected path \(effect.path.absolute)"))
                break
            }
        }
        // Reported after the rules: `rm -rf /` is better explained by a wipe rule.
        let ancestor = Self.sparesProtectedEntries(command)
            ? nil : command.effects.first { $0.kind != .read && reachesProtected($0, context) }
        if let opaque = command.opaque, opaque.kind == .depthLimit {
            offer(Outcome(verdict: .block, rule: "limits", reason: "\(rendered): nesting deeper than the limit (\(opaque.detail))"))
        }

        var matched = false
        let indexed = byProgram[command.program] ?? []
        for index in merged(indexed, anyProgram) {
            let rule = document.rules[index]
            guard rule.match.contains(where: { matcher.commandClauseHolds($0, command) }) else { continue }
            if rule.unless.contains(where: { matcher.commandClauseHolds($0, command) || matcher.textClauseHolds($0) }) { continue }
            matched = true
            offer(Outcome(verdict: rule.decision, rule: rule.id, reason: "\(rendered): \(rule.reason)"))
        }

        if let ancestor {
            offer(Outcome(verdict: .block, rule: "protected_paths",
                          reason: "\(rendered): \(verb(ancestor.kind)) \(ancestor.path.absolute), which contains protected paths"))
        }
        if let opaque = command.opaque {
            offer(Outcome(verdict: document.onDynamic, rule: "on_dynamic",
                          reason: "\(rendered): cannot be inspected (\(opaque.kind.rawValue): \(opaque.detail))"))
        } else if command.programIsDynamic {
            offer(Outcome(verdict: document.onDynamic, rule: "on_dynamic",
                          reason: "\(rendered): the program name is only known at run time"))
        }
        if !matched && !command.program.isEmpty {
            offer(Outcome(verdict: document.defaultVerdict, rule: "default",
                          reason: "\(rendered): no rule matches '\(command.program)'; the policy default applies"))
        }
        return best ?? Outcome(verdict: .allow, rule: "no_command", reason: "\(rendered): runs no program")
    }

    private func verb(_ kind: PathEffect.Kind) -> String {
        switch kind {
        case .read: "reads"
        case .write: "writes"
        case .delete: "deletes"
        case .move: "moves"
        case .permissions: "changes permissions of"
        }
    }

    /// Merges two id-sorted index lists, keeping the id order.
    private func merged(_ a: [Int], _ b: [Int]) -> [Int] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: [Int] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && document.rules[a[i]].id < document.rules[b[j]].id) {
                result.append(a[i]); i += 1
            } else {
                result.append(b[j]); j += 1
            }
        }
        return result
    }
}
