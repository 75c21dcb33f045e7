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
    /// The rules sorted by id; the lists below hold positions in this array, so comparing
    /// positions compares ids.
    private let rules: [IndexedRule]
    /// A number for every literal program name in the policy's clauses.
    private let programNumbers: [ProgramName: Int]
    /// Positions of rules whose every command clause names literal programs, by program number.
    private let byProgram: [[Int]]
    /// Positions of rules that may match any program.
    private let anyProgram: [Int]
    /// Positions of rules with at least one text clause.
    private let textRules: [Int]

    init(document: PolicyDocument) {
        self.document = document
        let sorted = document.rules.sorted { $0.id < $1.id }
        // Names are numbered in order of first appearance (rules by id, clauses in file
        // order): any fixed numbering works, and this one needs no sort of the names.
        var programNumbers: [ProgramName: Int] = [:]
        for rule in sorted {
            for clauses in [rule.match, rule.unless] {
                for clause in clauses {
                    for glob in clause.program ?? [] where glob.isLiteral && programNumbers[ProgramName(glob.pattern)] == nil {
                        programNumbers[ProgramName(glob.pattern)] = programNumbers.count
                    }
                }
            }
        }
        for rule in sorted { for clauses in [rule.match, rule.unless] { for clause in clauses { clause.assignProgramNumbers(programNumbers) } } }
        var byProgram = [[Int]](repeating: [], count: programNumbers.count)
        var anyProgram: [Int] = []
        var textRules: [Int] = []
        for (position, rule) in sorted.enumerated() {
            let commandClauses = rule.match.filter(\.hasCommandConditions)
            if commandClauses.count < rule.match.count { textRules.append(position) }
            if commandClauses.isEmpty { continue }
            let literal = commandClauses.map(\.literalPrograms)
            if literal.allSatisfy({ $0 != nil }) {
                var names: Set<ProgramName> = []
                for list in literal { names.formUnion(list!.map(ProgramName.init)) }
                for name in names { byProgram[programNumbers[name]!].append(position) }
            } else {
                anyProgram.append(position)
            }
        }
        self.rules = sorted.map(IndexedRule.init)
        self.programNumbers = programNumbers
        self.byProgram = byProgram
        self.anyProgram = anyProgram
        self.textRules = textRules
    }

    /// Returns true when `path` is protected, by the analyzer's classification, the
    /// policy's `protected_paths`, or the request's extra globs.
    func isProtected(_ path: ResolvedPath, _ context: EvaluationContext) -> Bool {
        if path.classBits & PathClass.Bits.protected != 0 { return true }
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
    func reachesProtected(_ effect: PathEffect, _ scope: ProtectionScope) -> Bool {
        guard effect.kind == .delete || effect.kind == .move || (effect.kind == .permissions && effect.recursive) else { return false }
        if effect.path.classBits & PathClass.Bits.containsProtected != 0 { return true }
        return scope.covers(effect.path.absolute)
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

    /// `path` relative to `base` ("" for `base` itself), or nil when it is not under it.
    static func relative(_ path: String, to base: String) -> String? {
        // By UTF-8 bytes: `/` never occurs inside a multi-byte sequence, so a byte prefix
        // that ends at a `/` is a prefix of whole characters.
        let p = path.utf8
        var b = base.utf8[...]
        if b.count > 1 && b.last == UInt8(ascii: "/") { b = b.dropLast() }
        if b.count == 1 && b.first == UInt8(ascii: "/") {
            guard p.first == UInt8(ascii: "/") else { return nil }
            return p.count == 1 ? "" : String(path[p.index(after: p.startIndex)...])
        }
        guard p.count >= b.count, p.starts(with: b) else { return nil }
        let end = p.index(p.startIndex, offsetBy: b.count)
        if end == p.endIndex { return "" }
        guard p[end] == UInt8(ascii: "/") else { return nil }
        return String(path[p.index(after: end)...])
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
            let facts = CommandFacts(command, programNumber: programNumbers[ProgramName(command.program)])
            return rule.match.contains { matcher.commandClauseHolds($0, command, facts: facts) }
                && !rule.unless.contains { matcher.commandClauseHolds($0, command, facts: facts) }
        }
    }

    /// Scripts with more commands than this are deduplicated before deciding.
    private static let deduplicationThreshold = 8

    /// The combined decision for a request.
    func decide(analysis: ShellAnalysis, context: EvaluationContext) -> Outcome {
        let matcher = matcher(context)
        var best: Outcome? = nil
        // Reasons are only written for a candidate that wins (at most one per verdict).
        func offer(_ verdict: Verdict, _ rule: String, _ reason: @autoclosure () -> String) {
            if best == nil || verdict > best!.verdict { best = Outcome(verdict: verdict, rule: rule, reason: reason()) }
        }

        for index in textRules {
            let rule = rules[index]
            if rule.unless.contains(where: matcher.textClauseHolds) { continue }
            if rule.match.contains(where: matcher.textClauseHolds) {
                offer(rule.decision, rule.id, "command text: \(rule.reason)")
            }
        }
        if let error = analysis.parseError {
            offer(document.onParseError, "on_parse_error",
                  "the script does not parse (\(error.line):\(error.column): \(error.message)); it is not guessed at")
        }
        // Identical effective commands decide identically, and nothing outranks BLOCK (a
        // tie keeps the first candidate): skipping both changes no decision, and keeps a
        // hostile script of thousands of repeated commands cheap.
        var decided = Set<EffectiveCommand>()
        let deduplicate = analysis.commands.count > Self.deduplicationThreshold
        let scope = context.protection
        for command in analysis.commands {
            if best?.verdict == .block { break }
            if deduplicate { guard decided.insert(command).inserted else { continue } }
            let outcome = decide(command, matcher: matcher, context: context, scope: scope)
            offer(outcome.verdict, outcome.rule, outcome.reason)
        }
        if let best { return best }
        return Outcome(verdict: .allow, rule: "no_command", reason: "the script runs no command")
    }

    private func decide(_ command: EffectiveCommand, matcher: ClauseMatcher, context: EvaluationContext,
                        scope: ProtectionScope) -> Outcome {
        var best: Outcome? = nil
        lazy var rendered = CommandRenderer.render(command)
        func offer(_ verdict: Verdict, _ rule: String, _ reason: @autoclosure () -> String) {
            if best == nil || verdict > best!.verdict { best = Outcome(verdict: verdict, rule: rule, reason: reason()) }
        }

        for effect in command.effects where effect.kind != .read {
            if isProtected(effect.path, context) {
                offer(.block, "protected_paths", "\(rendered): \(verb(effect.kind)) protected path \(effect.path.absolute)")
                break
            }
        }
        // Reported after the rules: `rm -rf /` is better explained by a wipe rule.
        let ancestor = Self.sparesProtectedEntries(command)
            ? nil : command.effects.first { $0.kind != .read && reachesProtected($0, scope) }
        if let opaque = command.opaque, opaque.kind == .depthLimit {
            offer(.block, "limits", "\(rendered): nesting deeper than the limit (\(opaque.detail))")
        }

        var matched = false
        let number = programNumbers[ProgramName(command.program)]
        let facts = CommandFacts(command, programNumber: number)
        func consider(_ index: Int) {
            let rule = rules[index]
            guard rule.match.contains(where: { matcher.commandClauseHolds($0, command, facts: facts) }) else { return }
            if rule.unless.contains(where: { matcher.commandClauseHolds($0, command, facts: facts) || matcher.textClauseHolds($0) }) {
                return
            }
            matched = true
            offer(rule.decision, rule.id, "\(rendered): \(rule.reason)")
        }
        // Both lists are sorted by rule id; visiting them merged keeps the canonical order.
        let indexed = number.map { byProgram[$0] } ?? []
        var i = 0
        var j = 0
        while i < indexed.count || j < anyProgram.count {
            if j == anyProgram.count || (i < indexed.count && indexed[i] < anyProgram[j]) {
                consider(indexed[i]); i += 1
            } else {
                consider(anyProgram[j]); j += 1
            }
        }

        if let access = evidenceAccess(command, context, scope: scope) {
            offer(access.verdict, "protected_paths", "\(rendered): \(access.why)")
        }
        if let ancestor {
            offer(.block, "protected_paths", "\(rendered): \(verb(ancestor.kind)) \(ancestor.path.absolute), which contains protected paths")
        }
        if let opaque = command.opaque {
            offer(document.onDynamic, "on_dynamic", "\(rendered): cannot be inspected (\(opaque.kind.rawValue): \(opaque.detail))")
        } else if command.programIsDynamic {
            offer(document.onDynamic, "on_dynamic", "\(rendered): the program name is only known at run time")
        }
        if !matched && !command.program.isEmpty {
            offer(document.defaultVerdict, "default",
                  "\(rendered): no rule matches '\(command.program)'; the policy default applies")
        }
        return best ?? Outcome(verdict: .allow, rule: "no_command", reason: "\(rendered): runs no program")
    }

    /// Programs that rewrite the files they open, whatever their flags say.
    static let editors: Set<String> = ["vi", "vim", "nvim", "view", "vimdiff", "ex", "ed", "nano", "pico", "emacs",
                                       "emacsclient", "joe", "micro", "mcedit", "kak", "hx", "helix"]
    /// Programs that make a second name for a file.
    static let linkers: Set<String> = ["ln", "link"]

    /// Routes to the evidence that are not plain effects: a link to a protected file (a
    /// later write through the link is not seen as touching it), an editor opening it, or
    /// a directory or glob that takes a key directory wholesale.
    private func evidenceAccess(_ command: EffectiveCommand, _ context: EvaluationContext,
                                scope: ProtectionScope) -> (verdict: Verdict, why: String)? {
        let linking = Self.linkers.contains(command.program)
        let editing = Self.editors.contains(command.program)
        for word in command.arguments {
            guard let path = word.path else { continue }
            if (linking || editing) && isProtected(path, context) {
                return (.block, "\(linking ? "links to" : "opens in an editor") protected path \(path.absolute)")
            }
            let absolute = path.absolute
            let isGlob = absolute.utf8.contains { $0 == 42 || $0 == 63 || $0 == 91 }  // * ? [
            let base = isGlob ? ProtectionScope.literalDirectoryPrefix(absolute) : absolute
            for tree in scope.keyDirectories where base == tree || (isGlob && base.hasPrefix(tree + "/")) {
                return (.escalate, "takes the key directory \(tree) wholesale (\(word.text)); it holds the signing key")
            }
        }
        return nil
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
}
