/// One case of a policy test file: a command and the decision it must get.
///
/// A cases file is YAML:
///
/// ```yaml
/// cases:
///   - command: "rm -rf /"
///     expect: BLOCK
///   - command: "terraform apply"
///     environment: prod
///     expect: ESCALATE
///     rule: iac-apply-prod        # optional: the deciding rule too
///   - argv: [git, status]
///     expect: ALLOW
/// ```
///
/// Unless a case sets `cwd`, it runs with workspace and cwd `/home/dev/project` and home
/// `/home/dev`, like rule examples.
public struct PolicyTestCase: Sendable, Hashable {
    /// The command to decide.
    public var command: PolicyRequest.Command
    /// The decision the case expects.
    public var expected: Verdict
    /// The rule id the case expects, if it names one.
    public var expectedRule: String?
    /// The `environment` the request carries.
    public var environment: String
    /// The working directory (and workspace) of the request.
    public var cwd: String
    /// Where the case is written (1-based).
    public var line: Int
    /// Where the case is written (1-based).
    public var column: Int

    /// The request this case evaluates.
    public var request: PolicyRequest {
        PolicyRequest(command: command, cwd: cwd, workspace: cwd, home: ExampleContext.home, environment: environment)
    }

    /// A short label: the shell text or the argv joined by spaces.
    public var label: String {
        switch command {
        case .shell(let text): text
        case .argv(let words): words.joined(separator: " ")
        }
    }

    /// Reads a cases file.
    public static func load(yaml: [UInt8], name: String) throws(PolicyError) -> [PolicyTestCase] {
        let root = try YAMLReader(file: name).read(yaml)
        let decoder = PolicyDecoder(file: name)
        let top = try decoder.mapping(root, "the cases file", allowed: ["cases"])
        guard let list = top["cases"] else { throw decoder.error(.missingKey, root, "missing key 'cases'") }
        guard case .sequence(let items) = list.value.kind else {
            throw decoder.error(.invalidValue, list.value, "cases must be a list")
        }
        var result: [PolicyTestCase] = []
        for item in items {
            let fields = try decoder.mapping(item, "a case", allowed: ["command", "argv", "expect", "rule", "environment", "cwd"])
            let command: PolicyRequest.Command
            if let entry = fields["command"] {
                guard fields["argv"] == nil else { throw decoder.error(.invalidValue, item, "a case has either command or argv") }
                command = .shell(try decoder.string(entry.value, "command"))
            } else if let entry = fields["argv"] {
                guard case .sequence(let words) = entry.value.kind, !words.isEmpty else {
                    throw decoder.error(.invalidValue, entry.value, "argv must be a non-empty list of strings")
                }
                var argv: [String] = []
                for word in words { argv.append(try decoder.string(word, "each argv word")) }
                command = .argv(argv)
            } else {
                throw decoder.error(.missingKey, item, "a case needs 'command' or 'argv'")
            }
            guard let expect = fields["expect"] else { throw decoder.error(.missingKey, item, "a case needs 'expect'") }
            var testCase = PolicyTestCase(
                command: command, expected: try decoder.verdict(expect.value, "expect"), expectedRule: nil,
                environment: "", cwd: ExampleContext.workspace, line: item.line, column: item.column)
            if let entry = fields["rule"] { testCase.expectedRule = try decoder.nonEmptyString(entry.value, "rule") }
            if let entry = fields["environment"] { testCase.environment = try decoder.string(entry.value, "environment") }
            if let entry = fields["cwd"] {
                let cwd = try decoder.nonEmptyString(entry.value, "cwd")
                guard cwd.hasPrefix("/") else { throw decoder.error(.invalidValue, entry.value, "cwd must be absolute") }
                testCase.cwd = cwd
            }
            result.append(testCase)
        }
        return result
    }
}
