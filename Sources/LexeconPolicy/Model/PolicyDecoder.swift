/// Decodes a ``YAMLNode`` tree into a ``PolicyDocument``, checking the schema strictly:
/// unknown keys, missing keys, wrong types, unknown decisions, duplicate rule ids and
/// patterns that do not compile are located errors.
struct PolicyDecoder {
    let file: String

    static let topLevelKeys: Set<String> = [
        "version", "name", "description", "default", "on_parse_error", "on_dynamic", "protected_paths", "rules",
    ]
    static let ruleKeys: Set<String> = ["id", "decision", "reason", "description", "match", "unless", "examples"]
    static let clauseKeys: Set<String> = [
        "program", "program_word", "subcommand", "flags", "args", "args_regex", "operands", "effects", "redirect",
        "upstream", "via", "privileged", "opaque", "dynamic", "regex", "environment", "principal", "agent",
    ]
    static let pathClasses: Set<String> = [
        "root", "root_glob", "home", "under_home", "system", "device", "inside_workspace", "outside_workspace",
        "workspace_root", "protected", "secret", "dynamic", "contains_protected", "pseudo_device",
    ]
    /// Rule ids that name built-in decisions.
    static let reservedRuleIDs: Set<String> = [
        "default", "on_parse_error", "on_dynamic", "protected_paths", "internal_error", "limits", "no_command",
    ]
    static let effectKinds: Set<String> = ["read", "write", "delete", "move", "permissions"]
    static let redirectKinds: Set<String> = ["input", "output", "append", "here_document", "duplicate"]
    static let opaqueKinds: Set<String> = [
        "interpreter_code", "runtime_payload", "nested_parse_error", "dynamic_script", "depth_limit",
    ]

    // MARK: - Errors and primitive readers

    func error(_ code: PolicyError.Code, _ node: YAMLNode, _ message: String) -> PolicyError {
        PolicyError(code: code, file: file, line: node.line, column: node.column, message: message)
    }

    func mapping(_ node: YAMLNode, _ what: String, allowed: Set<String>) throws(PolicyError) -> [String: YAMLNode.Entry] {
        guard case .mapping(let entries) = node.kind else {
            throw error(.invalidValue, node, "\(what) must be a mapping, not \(node.typeName)")
        }
        var result: [String: YAMLNode.Entry] = [:]
        for entry in entries {
            guard allowed.contains(entry.key) else { throw unknownKey(entry, in: what, known: allowed) }
            result[entry.key] = entry
        }
        return result
    }

    /// The entries of a mapping, in file order; each decoder switches over the keys it
    /// knows (no dictionary per mapping: a policy has hundreds of them).
    func entries(_ node: YAMLNode, _ what: String) throws(PolicyError) -> [YAMLNode.Entry] {
        guard case .mapping(let entries) = node.kind else {
            throw error(.invalidValue, node, "\(what) must be a mapping, not \(node.typeName)")
        }
        return entries
    }

    func unknownKey(_ entry: YAMLNode.Entry, in what: String, known: Set<String>) -> PolicyError {
        PolicyError(code: .unknownKey, file: file, line: entry.keyLine, column: entry.keyColumn,
                    message: "unknown key '\(entry.key)' in \(what) (known: \(known.sorted().joined(separator: ", ")))")
    }

    func string(_ node: YAMLNode, _ what: String) throws(PolicyError) -> String {
        guard case .scalar(let value, _) = node.kind else {
            throw error(.invalidValue, node, "\(what) must be a string, not \(node.typeName)")
        }
        return value
    }

    func nonEmptyString(_ node: YAMLNode, _ what: String) throws(PolicyError) -> String {
        let value = try string(node, what)
        guard !value.isEmpty else { throw error(.invalidValue, node, "\(what) must not be empty") }
        return value
    }

    func bool(_ node: YAMLNode, _ what: String) throws(PolicyError) -> Bool {
        guard case .scalar(let value, let plain) = node.kind, plain else {
            throw error(.invalidValue, node, "\(what) must be true or false")
        }
        switch value {
        case "true": return true
        case "false": return false
        default: throw error(.invalidValue, node, "\(what) must be true or false, not '\(value)'")
        }
    }

    func verdict(_ node: YAMLNode, _ what: String) throws(PolicyError) -> Verdict {
        let value = try string(node, what)
        guard let verdict = Verdict(rawValue: value.uppercased()) else {
            throw error(.unknownDecision, node, "\(what) must be ALLOW, BLOCK or ESCALATE, not '\(value)'")
        }
        return verdict
    }

    /// A string or a list of strings.
    func strings(_ node: YAMLNode, _ what: String) throws(PolicyError) -> [(String, YAMLNode)] {
        switch node.kind {
        case .scalar(let value, _):
            return [(value, node)]
        case .sequence(let items):
            guard !items.isEmpty else { throw error(.invalidValue, node, "\(what) must not be an empty list") }
            var result: [(String, YAMLNode)] = []
            result.reserveCapacity(items.count)
            for item in items {
                // The message is built only on error: this runs for every entry of every list.
                guard case .scalar(let value, _) = item.kind, !value.isEmpty else {
                    _ = try nonEmptyString(item, "each entry of \(what)")
                    continue
                }
                result.append((value, item))
            }
            return result
        case .mapping:
            throw error(.invalidValue, node, "\(what) must be a string or a list of strings, not a mapping")
        }
    }

    func globs(_ node: YAMLNode, _ what: String, pathMode: Bool = false) throws(PolicyError) -> [Glob] {
        var result: [Glob] = []
        for (text, item) in try strings(node, what) { result.append(try glob(text, item, what, pathMode: pathMode)) }
        return result
    }

    func glob(_ text: String, _ node: YAMLNode, _ what: String, pathMode: Bool) throws(PolicyError) -> Glob {
        do {
            return try Glob(text, pathMode: pathMode)
        } catch {
            let shown = text.utf8.count <= 120 ? text : String(text.prefix(100)) + "…"
            throw self.error(.invalidGlob, node, "invalid glob '\(shown)' in \(what): \(error.message) at offset \(error.offset)")
        }
    }

    func regex(_ node: YAMLNode, _ what: String) throws(PolicyError) -> LinearRegex {
        let text = try nonEmptyString(node, what)
        do {
            return try LinearRegex(text)
        } catch {
            throw self.error(.invalidRegex, node, "invalid regex in \(what): \(error.message) at offset \(error.offset)")
        }
    }

    func names(_ node: YAMLNode, _ what: String, from allowed: Set<String>) throws(PolicyError) -> Set<String> {
        var result: Set<String> = []
        for (text, item) in try strings(node, what) {
            guard allowed.contains(text) else {
                throw error(.invalidValue, item, "unknown \(what) '\(text)' (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            result.insert(text)
        }
        return result
    }

    // MARK: - Document

    func decode(_ root: YAMLNode) throws(PolicyError) -> PolicyDocument {
        let top = try mapping(root, "the policy", allowed: Self.topLevelKeys)
        guard let versionEntry = top["version"] else {
            throw error(.missingKey, root, "missing key 'version' (use version: 1)")
        }
        let versionText = try string(versionEntry.value, "version")
        guard versionText == "1" else {
            throw error(.invalidValue, versionEntry.value, "unsupported version '\(versionText)' (this lexecon reads version 1)")
        }
        var document = PolicyDocument(
            version: 1, name: nil, defaultVerdict: .escalate, onParseError: .block, onDynamic: .escalate,
            protectedPaths: [], rules: [])
        if let entry = top["name"] { document.name = try nonEmptyString(entry.value, "name") }
        if let entry = top["description"] { _ = try string(entry.value, "description") }
        if let entry = top["default"] { document.defaultVerdict = try verdict(entry.value, "default") }
        if let entry = top["on_parse_error"] { document.onParseError = try verdict(entry.value, "on_parse_error") }
        if let entry = top["on_dynamic"] { document.onDynamic = try verdict(entry.value, "on_dynamic") }
        if let entry = top["protected_paths"] {
            guard case .sequence(let items) = entry.value.kind else {
                throw error(.invalidValue, entry.value, "protected_paths must be a list of path globs")
            }
            for item in items {
                let text = try nonEmptyString(item, "each entry of protected_paths")
                document.protectedPaths.append(try protectedPath(text, item))
            }
        } else {
            let node = root
            for text in PolicyDocument.defaultProtectedPaths {
                document.protectedPaths.append(try protectedPath(text, node))
            }
        }
        guard let rulesEntry = top["rules"] else {
            throw error(.missingKey, root, "missing key 'rules' (a list of rules; may be empty: rules: [])")
        }
        guard case .sequence(let ruleNodes) = rulesEntry.value.kind else {
            throw error(.invalidValue, rulesEntry.value, "rules must be a list, not \(rulesEntry.value.typeName)")
        }
        var ids: [String: Int] = [:]
        for node in ruleNodes {
            let rule = try decodeRule(node)
            if let previous = ids[rule.id] {
                throw error(.duplicateRuleID, node, "duplicate rule id '\(rule.id)' (first at line \(previous))")
            }
            ids[rule.id] = node.line
            document.rules.append(rule)
        }
        return document
    }

    func protectedPath(_ text: String, _ node: YAMLNode) throws(PolicyError) -> PolicyDocument.ProtectedPath {
        var anchor = PolicyDocument.Anchor.workspace
        var pattern = text
        if text.hasPrefix("/") {
            anchor = .absolute
        } else if text == "~" || text.hasPrefix("~/") {
            anchor = .home
            pattern = text == "~" ? "" : String(text.dropFirst(2))
        } else if text.hasPrefix("./") {
            pattern = String(text.dropFirst(2))
        }
        if pattern.split(separator: "/").contains("..") {
            throw error(.invalidGlob, node, "protected path '\(text)' must not contain '..'")
        }
        return .init(anchor: anchor, pattern: pattern, glob: try glob(pattern, node, "protected_paths", pathMode: true))
    }

    // MARK: - Rules

    func decodeRule(_ node: YAMLNode) throws(PolicyError) -> Rule {
        let fields = try mapping(node, "a rule", allowed: Self.ruleKeys)
        guard let idEntry = fields["id"] else { throw error(.missingKey, node, "rule is missing 'id'") }
        let id = try nonEmptyString(idEntry.value, "id")
        guard id.utf8.allSatisfy({ ByteSet.word.contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else {
            throw error(.invalidValue, idEntry.value, "rule id '\(id)' may use only letters, digits, '-', '_' and '.'")
        }
        if Self.reservedRuleIDs.contains(id) {
            throw error(.invalidValue, idEntry.value, "rule id '\(id)' is reserved for a built-in decision")
        }
        guard let decisionEntry = fields["decision"] else { throw error(.missingKey, node, "rule '\(id)' is missing 'decision'") }
        let decision = try verdict(decisionEntry.value, "decision")
        guard let reasonEntry = fields["reason"] else { throw error(.missingKey, node, "rule '\(id)' is missing 'reason'") }
        let reason = try nonEmptyString(reasonEntry.value, "reason")
        if let entry = fields["description"] { _ = try string(entry.value, "description") }
        guard let matchEntry = fields["match"] else { throw error(.missingKey, node, "rule '\(id)' is missing 'match'") }
        let match = try clauses(matchEntry.value, "match")
        let unless = try fields["unless"].map { entry throws(PolicyError) in try clauses(entry.value, "unless") } ?? []
        var rule = Rule(id: id, decision: decision, reason: reason, match: match, unless: unless,
                        mustMatch: [], mustNotMatch: [], line: node.line, column: node.column)
        if let entry = fields["examples"] {
            let examples = try mapping(entry.value, "examples", allowed: ["match", "no_match"])
            if let list = examples["match"] { rule.mustMatch = try decodeExamples(list.value, "examples.match") }
            if let list = examples["no_match"] { rule.mustNotMatch = try decodeExamples(list.value, "examples.no_match") }
        }
        return rule
    }

    func decodeExamples(_ node: YAMLNode, _ what: String) throws(PolicyError) -> [Rule.Example] {
        guard case .sequence(let items) = node.kind else {
            throw error(.invalidValue, node, "\(what) must be a list of commands")
        }
        var result: [Rule.Example] = []
        for item in items {
            switch item.kind {
            case .scalar(let text, _):
                result.append(.init(command: text, environment: "", cwd: nil, line: item.line, column: item.column))
            case .mapping:
                let fields = try mapping(item, "an example", allowed: ["command", "environment", "cwd"])
                guard let command = fields["command"] else { throw error(.missingKey, item, "example is missing 'command'") }
                var example = Rule.Example(command: try string(command.value, "command"), environment: "", cwd: nil,
                                           line: item.line, column: item.column)
                if let env = fields["environment"] { example.environment = try string(env.value, "environment") }
                if let cwd = fields["cwd"] { example.cwd = try nonEmptyString(cwd.value, "cwd") }
                result.append(example)
            case .sequence:
                throw error(.invalidValue, item, "each example must be a command string or a mapping with 'command'")
            }
        }
        return result
    }

    /// `match:` is one mapping or a list of mappings (alternatives).
    func clauses(_ node: YAMLNode, _ what: String) throws(PolicyError) -> [MatchClause] {
        switch node.kind {
        case .mapping:
            return [try clause(node, what)]
        case .sequence(let items):
            guard !items.isEmpty else { throw error(.invalidValue, node, "\(what) must not be empty") }
            var result: [MatchClause] = []
            for item in items { result.append(try clause(item, what)) }
            return result
        case .scalar:
            throw error(.invalidValue, node, "\(what) must be a mapping of conditions or a list of them")
        }
    }

    func clause(_ node: YAMLNode, _ what: String) throws(PolicyError) -> MatchClause {
        let fields = try entries(node, what)
        guard !fields.isEmpty else { throw error(.invalidValue, node, "\(what) needs at least one condition") }
        let clause = MatchClause()
        for entry in fields {
            let value = entry.value
            switch entry.key {
            case "program": clause.program = try globs(value, "program")
            case "program_word": clause.programWord = try globs(value, "program_word")
            case "subcommand": clause.subcommand = try subcommands(value)
            case "flags": clause.flags = try listCondition(value, "flags")
            case "args": clause.args = try listCondition(value, "args")
            case "args_regex": clause.argsRegex = try regex(value, "args_regex")
            case "operands": clause.operands = try pathCondition(value, "operands")
            case "effects": clause.effects = try effectCondition(value, "effects", kinds: Self.effectKinds)
            case "redirect": clause.redirect = try effectCondition(value, "redirect", kinds: Self.redirectKinds)
            case "upstream": clause.upstream = try globs(value, "upstream")
            case "via": clause.via = try globs(value, "via")
            case "privileged": clause.privileged = try bool(value, "privileged")
            case "opaque":
                if case .scalar(let text, true) = value.kind, text == "true" || text == "false" {
                    clause.opaque = text == "true" ? Self.opaqueKinds : []
                } else {
                    clause.opaque = try names(value, "opaque kind", from: Self.opaqueKinds)
                }
            case "dynamic": clause.dynamic = try bool(value, "dynamic")
            case "regex": clause.regex = try regex(value, "regex")
            case "environment": clause.environment = try globs(value, "environment")
            case "principal": clause.principal = try globs(value, "principal")
            case "agent": clause.agent = try globs(value, "agent")
            default: throw unknownKey(entry, in: what, known: Self.clauseKeys)
            }
        }
        return clause.sealed()
    }

    /// `subcommand: [push]` (one sequence of leading words) or `[[rb], [rm, --recursive]]`
    /// (alternatives). Each word is a glob.
    func subcommands(_ node: YAMLNode) throws(PolicyError) -> [[Glob]] {
        switch node.kind {
        case .scalar:
            return [try globs(node, "subcommand")]
        case .sequence(let items):
            guard let first = items.first else { throw error(.invalidValue, node, "subcommand must not be empty") }
            if case .sequence = first.kind {
                var result: [[Glob]] = []
                for item in items {
                    guard case .sequence = item.kind else {
                        throw error(.invalidValue, item, "subcommand alternatives must all be lists")
                    }
                    result.append(try globs(item, "subcommand"))
                }
                return result
            }
            return [try globs(node, "subcommand")]
        case .mapping:
            throw error(.invalidValue, node, "subcommand must be a list of words or a list of such lists")
        }
    }

    func listCondition(_ node: YAMLNode, _ what: String) throws(PolicyError) -> ListCondition {
        guard case .mapping(let fields) = node.kind else { return ListCondition(any: try globs(node, what)) }
        guard !fields.isEmpty else { throw error(.invalidValue, node, "\(what) needs any, all or none") }
        var any: [Glob] = []
        var all: [Glob] = []
        var none: [Glob] = []
        for entry in fields {
            switch entry.key {
            case "any": any = try globs(entry.value, "\(what).any")
            case "all": all = try globs(entry.value, "\(what).all")
            case "none": none = try globs(entry.value, "\(what).none")
            default: throw unknownKey(entry, in: what, known: ["any", "all", "none"])
            }
        }
        return ListCondition(any: any, all: all, none: none)
    }

    func pathCondition(_ node: YAMLNode, _ what: String) throws(PolicyError) -> PathCondition {
        let fields = try entries(node, what)
        guard !fields.isEmpty else { throw error(.invalidValue, node, "\(what) needs classes, not_classes, paths or not_paths") }
        var path = PathFields()
        for entry in fields {
            guard try decodePath(entry, what, into: &path) else {
                throw unknownKey(entry, in: what, known: ["classes", "not_classes", "paths", "not_paths"])
            }
        }
        return path.condition
    }

    func effectCondition(_ node: YAMLNode, _ what: String, kinds: Set<String>) throws(PolicyError) -> EffectCondition {
        let fields = try entries(node, what)
        guard !fields.isEmpty else { throw error(.invalidValue, node, "\(what) needs at least one condition") }
        var effectKinds: Set<String> = []
        var recursive: Bool? = nil
        var path = PathFields()
        for entry in fields {
            switch entry.key {
            case "kind": effectKinds = try names(entry.value, "\(what) kind", from: kinds)
            case "recursive": recursive = try bool(entry.value, "recursive")
            default:
                guard try decodePath(entry, what, into: &path) else {
                    throw unknownKey(entry, in: what, known: ["kind", "recursive", "classes", "not_classes", "paths", "not_paths"])
                }
            }
        }
        return EffectCondition(kinds: effectKinds, recursive: recursive, path: path.condition)
    }

    /// The path keys of a condition while it is decoded.
    private struct PathFields {
        var classes: Set<String> = []
        var notClasses: Set<String> = []
        var paths: [Glob] = []
        var notPaths: [Glob] = []

        var condition: PathCondition {
            PathCondition(classes: classes, notClasses: notClasses, paths: paths, notPaths: notPaths)
        }
    }

    /// Decodes `entry` when it is one of the path keys; false when it is not.
    private func decodePath(_ entry: YAMLNode.Entry, _ what: String, into condition: inout PathFields) throws(PolicyError) -> Bool {
        switch entry.key {
        case "classes": condition.classes = try names(entry.value, "path class", from: Self.pathClasses)
        case "not_classes": condition.notClasses = try names(entry.value, "path class", from: Self.pathClasses)
        case "paths": condition.paths = try globs(entry.value, "\(what).paths", pathMode: true)
        case "not_paths": condition.notPaths = try globs(entry.value, "\(what).not_paths", pathMode: true)
        default: return false
        }
        return true
    }
}
