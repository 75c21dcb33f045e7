internal import LexeconCrypto
internal import LexeconShell

/// A loaded, checked policy that decides commands.
///
/// ```swift
/// let policy = try Policy.load(path: ".lexecon/policy.yaml")
/// let decision = policy.evaluate(PolicyRequest(command: .shell("rm -rf /"), cwd: "/ws"))
/// // decision.verdict == .block, decision.rule == "fs-wipe-root"
/// ```
///
/// Loading is strict (see ``PolicyError``) and runs every rule's examples; evaluation is
/// deterministic and never throws: any problem during evaluation is a BLOCK.
public struct Policy: Sendable {
    /// The policy's name: the path it was loaded from, or `builtin:default`.
    public var name: String
    /// Lowercase hex SHA-256 of the policy bytes, recorded with every decision.
    public var sha256: String
    let evaluator: Evaluator
    /// The analysis context of the place the last request came from.
    let contexts = PreparedContextCache()

    /// Largest script (or argv, in total) evaluated; larger input is BLOCKed.
    public static let maxCommandBytes = 256 * 1024
    /// Deepest nesting of wrappers and nested scripts unwrapped before BLOCK.
    public static let maxNestingDepth = 16
    /// Most commands one request may run: the shell analyser's budget. A longer script
    /// does not parse and gets `on_parse_error` (BLOCK by default).
    public static let maxEffectiveCommands = ShellAnalyzer.maxCommands

    init(name: String, sha256: String, document: PolicyDocument) {
        self.name = name
        self.sha256 = sha256
        self.evaluator = Evaluator(document: document)
    }

    /// Reads and loads the policy at `path`; ``name`` is the path.
    public static func load(path: String) throws(PolicyError) -> Policy {
        try load(yaml: FileBytes.read(path: path, limit: YAMLReader.maxBytes), name: path)
    }

    /// Loads a policy from YAML bytes; errors are reported against `name`. Every rule's
    /// examples must hold, or the first that fails is thrown.
    public static func load(yaml: [UInt8], name: String) throws(PolicyError) -> Policy {
        let policy = try loadUnchecked(yaml: yaml, name: name)
        if let failure = policy.exampleFailures().first { throw failure }
        return policy
    }

    /// Loads a policy; with `checkingExamples: false` the rule examples are not run (for
    /// `lexecon policy test`, which reports each example itself through ``exampleResults()``).
    public static func load(yaml: [UInt8], name: String, checkingExamples: Bool) throws(PolicyError) -> Policy {
        checkingExamples ? try load(yaml: yaml, name: name) : try loadUnchecked(yaml: yaml, name: name)
    }

    /// Loads without running examples (for `lint`, which reports every failing example).
    static func loadUnchecked(yaml: [UInt8], name: String) throws(PolicyError) -> Policy {
        let root = try YAMLReader(file: name).read(yaml)
        let document = try PolicyDecoder(file: name).decode(root)
        return Policy(name: name, sha256: SHA256.hex(yaml), document: document)
    }

    /// Every problem with a policy: the load error, or every example that does not hold.
    /// Empty when the policy is good.
    public static func lint(yaml: [UInt8], name: String) -> [PolicyError] {
        do {
            return try loadUnchecked(yaml: yaml, name: name).exampleFailures()
        } catch {
            return [error]
        }
    }

    /// The built-in default policy (`Policies/default.yaml`, compiled in). Its examples are
    /// proven by the test suite rather than at every start. Should it ever fail to load, a
    /// policy that blocks everything is returned instead (fail closed).
    public static func builtinDefault() -> Policy { cachedDefault }

    /// Loads the built-in default policy and initialises the shell analyser's tables now, on
    /// the calling thread, so that a later ``builtinDefault()`` or first ``evaluate(_:)``
    /// does not wait for them. Safe from any thread at any time; once done, it costs nothing.
    ///
    /// Loading takes a few milliseconds, about as long as the rest of a short-lived
    /// process's start-up: a command line tool can call this on a second thread while it
    /// parses its arguments and reads its keys.
    public static func prepareBuiltinDefault() {
        _ = cachedDefault.evaluate(PolicyRequest(command: .shell("true"), cwd: "/"))
    }

    /// Loaded once per process, by the first thread that asks; others wait for it.
    private static let cachedDefault: Policy = loadBuiltinDefault()

    private static func loadBuiltinDefault() -> Policy {
        let bytes = Array(DefaultPolicy.yaml.utf8)
        let name = "builtin:default"
        do {
            // Its examples are checked by the test suite, not at every process start. The
            // YAML's tree is read from its compiled snapshot (the tests prove the two equal);
            // should the snapshot not read, the YAML itself is.
            if let root = YAMLSnapshot.decode(base64: DefaultPolicySnapshot.base64) {
                let document = try PolicyDecoder(file: name).decode(root)
                return Policy(name: name, sha256: DefaultPolicySnapshot.sha256, document: document)
            }
            return try loadUnchecked(yaml: bytes, name: name)
        } catch {
            // Block everything, including scripts that run no program (`> /etc/hosts`).
            let everything = MatchClause()
            everything.regex = try? LinearRegex("^")
            let rule = Rule(id: "builtin-default-failed", decision: .block, reason: "the built-in default policy failed to load",
                            match: [everything], unless: [], mustMatch: [], mustNotMatch: [], line: 1, column: 1)
            let document = PolicyDocument(
                version: 1, name: "builtin:fail-closed", defaultVerdict: .block, onParseError: .block, onDynamic: .block,
                protectedPaths: [], rules: [rule])
            return Policy(name: "builtin:default (failed to load: \(error))", sha256: SHA256.hex(bytes), document: document)
        }
    }

    /// The number of rules.
    public var ruleCount: Int { evaluator.document.rules.count }

    /// The result of every rule example, in file order.
    public func exampleResults() -> [PolicyExampleResult] {
        var results: [PolicyExampleResult] = []
        for (index, rule) in evaluator.document.rules.enumerated() {
            for (examples, expected) in [(rule.mustMatch, true), (rule.mustNotMatch, false)] {
                for example in examples {
                    let cwd = example.cwd ?? ExampleContext.workspace
                    let request = PolicyRequest(command: .shell(example.command), cwd: cwd, workspace: ExampleContext.workspace,
                                                home: ExampleContext.home, environment: example.environment)
                    let (analysis, context) = prepare(request)
                    let matched = evaluator.ruleMatches(index, analysis: analysis, context: context)
                    results.append(PolicyExampleResult(
                        ruleID: rule.id, command: example.command, expectsMatch: expected, passed: matched == expected,
                        line: example.line, column: example.column))
                }
            }
        }
        return results
    }

    func exampleFailures() -> [PolicyError] {
        exampleResults().filter { !$0.passed }.map { result in
            PolicyError(code: .exampleFailed, file: name, line: result.line, column: result.column,
                        message: "rule '\(result.ruleID)' should \(result.expectsMatch ? "match" : "not match") example '\(result.command)' but \(result.expectsMatch ? "does not" : "does")")
        }
    }

    /// Decides a request. Never throws: limits and internal problems are BLOCK decisions.
    public func evaluate(_ request: PolicyRequest) -> PolicyDecision {
        let outcome = decide(request)
        return PolicyDecision(verdict: outcome.verdict, rule: outcome.rule, reason: outcome.reason,
                              policyName: name, policySHA256: sha256)
    }

    private func decide(_ request: PolicyRequest) -> Outcome {
        for (label, path) in [("cwd", request.cwd), ("workspace", request.workspace), ("home", request.home)] where !path.hasPrefix("/") {
            return Outcome(verdict: .block, rule: "internal_error", reason: "\(label) '\(path)' is not an absolute path")
        }
        let size: Int = switch request.command {
        case .shell(let text): text.utf8.count
        case .argv(let words): words.reduce(0) { $0 + $1.utf8.count + 1 }
        }
        if size > Self.maxCommandBytes {
            return Outcome(verdict: .block, rule: "limits",
                           reason: "the command is \(size) bytes; the limit is \(Self.maxCommandBytes)")
        }
        let (analysis, context) = prepare(request)
        return evaluator.decide(analysis: analysis, context: context)
    }

    /// Decides a request whose analysis is already known (tests build effective commands by hand).
    func evaluate(analysis: ShellAnalysis, request: PolicyRequest) -> PolicyDecision {
        let (_, context) = prepare(request, analyze: false)
        let outcome = evaluator.decide(analysis: analysis, context: context)
        return PolicyDecision(verdict: outcome.verdict, rule: outcome.rule, reason: outcome.reason,
                              policyName: name, policySHA256: sha256)
    }

    /// Runs the shell analyzer with the policy's protected paths and builds the rule context.
    func prepare(_ request: PolicyRequest, analyze: Bool = true) -> (ShellAnalysis, EvaluationContext) {
        let place = contexts.entry(for: request) {
            let extra = extraGlobs(request)
            return PreparedContextCache.Entry(
                prepared: PreparedContext(analysisContext(request)), extraProtected: extra,
                protection: ProtectionScope(document: evaluator.document, workspace: request.workspace, home: request.home,
                                            extraProtected: extra, keyDirectories: request.keyDirectories))
        }
        let prepared = place.prepared
        var analysis = ShellAnalysis(commands: [])
        let rawText: String
        switch request.command {
        case .shell(let script):
            if analyze { analysis = ShellAnalyzer.analyze(script: script, prepared: prepared) }
            rawText = script
        case .argv(let words):
            if analyze { analysis = ShellAnalyzer.analyze(argv: words, prepared: prepared) }
            if words.count >= 3, ["sh", "bash", "zsh", "dash"].contains(basename(words[0])), words[1] == "-c" || words[1] == "-lc" {
                rawText = words[2]
            } else {
                rawText = words.joined(separator: " ")
            }
        }
        let context = EvaluationContext(
            cwd: request.cwd, workspace: request.workspace, home: request.home, environment: request.environment,
            principal: request.principal, agent: request.agent, rawText: rawText, extraProtected: place.extraProtected,
            keyDirectories: request.keyDirectories, protection: place.protection)
        return (analysis, context)
    }

    /// The request's extra protected paths as path globs (a path that is not a valid glob
    /// is protected literally).
    private func extraGlobs(_ request: PolicyRequest) -> [Glob] {
        var extra: [Glob] = []
        for text in request.extraProtectedPaths {
            if let glob = try? Glob(text, pathMode: true) {
                extra.append(glob)
            } else if let literal = try? Glob(escapeGlob(text), pathMode: true) {
                extra.append(literal)
            }
        }
        return extra
    }

    /// The shell analyser's context for `request`: the policy's protected globs anchored
    /// at the request's workspace and home, plus the request's own.
    private func analysisContext(_ request: PolicyRequest) -> AnalysisContext {
        var protected: [String] = []
        for entry in evaluator.document.protectedPaths {
            switch entry.anchor {
            case .absolute: protected.append(entry.pattern)
            case .workspace: protected.append(join(request.workspace, entry.pattern))
            case .home: protected.append(join(request.home, entry.pattern))
            }
        }
        protected.append(contentsOf: request.extraProtectedPaths)
        return AnalysisContext(
            cwd: request.cwd, workspace: request.workspace, home: request.home, protectedPaths: protected,
            maxDepth: Self.maxNestingDepth, maxScriptBytes: Self.maxCommandBytes)
    }

    private func join(_ base: String, _ pattern: String) -> String {
        if pattern.isEmpty { return base }
        return base.hasSuffix("/") ? base + pattern : base + "/" + pattern
    }

    private func basename(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    private func escapeGlob(_ text: String) -> String {
        var result = ""
        for character in text {
            if "*?[]{}\\".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
