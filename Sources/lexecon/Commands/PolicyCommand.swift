import ArgumentParser
import LexeconCrypto
import LexeconPolicy

/// `lexecon policy lint|test|hash`: treat a policy like code.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Lint, test and hash policy files.",
        subcommands: [Lint.self, Test.self, Hash.self]
    )

    /// `lexecon policy lint FILE`
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Load a policy strictly and run its examples; print every error as FILE:LINE:COL: message (exit 1 on errors).")

        @Argument(help: "The policy file.")
        var file: String

        func run() async throws {
            let bytes: [UInt8]
            do {
                bytes = try FileInput.read(file)
            } catch {
                printError("\(file):1:1: cannot read: \(error)")
                throw ExitCode(1)
            }
            let errors = Policy.lint(yaml: bytes, name: file)
            if errors.isEmpty {
                let policy = try? Policy.load(yaml: bytes, name: file)
                let examples = policy?.exampleResults().count ?? 0
                print("\(file): OK (\(policy?.ruleCount ?? 0) rules, \(examples) examples)")
                return
            }
            for error in errors { printError(error.description) }
            printError("\(file): \(errors.count) error\(errors.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }

    /// `lexecon policy test FILE [CASES]`
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run a policy's examples and, optionally, a cases file of command → expected decision.",
            discussion: """
            CASES is YAML: `cases:` a list of {command: "…" (or argv: […]), expect: ALLOW|BLOCK|ESCALATE, \
            rule: id (optional), environment: … (optional), cwd: /abs (optional)}. Prints PASS or FAIL \
            per example and case and a summary; exit 1 when anything fails.
            """)

        @Argument(help: "The policy file.")
        var file: String

        @Argument(help: "A YAML file of test cases.")
        var cases: String?

        @Flag(name: .long, help: "Print only failures and the summary.")
        var quiet = false

        func run() async throws {
            let policy: Policy
            switch loadPolicy() {
            case .success(let loaded): policy = loaded
            case .failure(let error):
                printError(error.description)
                throw ExitCode(1)
            }
            var passed = 0
            var failed = 0
            var out = OutputBuffer(fd: 1)
            for result in policy.exampleResults() {
                let what = "example \(result.ruleID) \(result.expectsMatch ? "match" : "no_match"): \(result.command)"
                if result.passed {
                    passed += 1
                    if !quiet { out.append("PASS  \(what)\n") }
                } else {
                    failed += 1
                    out.append("FAIL  \(file):\(result.line):\(result.column): \(what)\n")
                }
            }
            if let cases {
                let testCases: [PolicyTestCase]
                switch loadCases(cases) {
                case .success(let loaded): testCases = loaded
                case .failure(let error):
                    out.flush()
                    printError(error.description)
                    throw ExitCode(1)
                }
                for testCase in testCases {
                    let decision = policy.evaluate(testCase.request)
                    let ruleOK = testCase.expectedRule.map { $0 == decision.rule } ?? true
                    let got = "\(decision.verdict.rawValue) (\(decision.rule))"
                    if decision.verdict == testCase.expected && ruleOK {
                        passed += 1
                        if !quiet { out.append("PASS  \(testCase.label) → \(got)\n") }
                    } else {
                        failed += 1
                        let expected = testCase.expected.rawValue + (testCase.expectedRule.map { " (\($0))" } ?? "")
                        out.append("FAIL  \(cases):\(testCase.line):\(testCase.column): \(testCase.label): expected \(expected), got \(got): \(decision.reason)\n")
                    }
                }
            }
            out.append("\(passed) passed, \(failed) failed\n")
            out.flush()
            if failed > 0 { throw ExitCode(1) }
        }

        private func loadPolicy() -> Result<Policy, PolicyError> {
            Result { () throws(PolicyError) -> Policy in
                try Policy.load(yaml: try readOrFail(file), name: file, checkingExamples: false)
            }
        }

        private func loadCases(_ path: String) -> Result<[PolicyTestCase], PolicyError> {
            Result { () throws(PolicyError) -> [PolicyTestCase] in
                try PolicyTestCase.load(yaml: try readOrFail(path), name: path)
            }
        }

        private func readOrFail(_ path: String) throws(PolicyError) -> [UInt8] {
            do {
                return try FileInput.read(path)
            } catch {
                throw PolicyError(code: .io, file: path, line: 1, column: 1, message: "cannot read: \(error)")
            }
        }
    }

    /// `lexecon policy hash FILE`
    struct Hash: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash",
            abstract: "Print the lowercase hex SHA-256 of a policy file's bytes (the hash recorded with every decision).")

        @Argument(help: "The policy file.")
        var file: String

        func run() async throws {
            do {
                print(SHA256.hex(try FileInput.read(file)))
            } catch {
                printError("lexecon policy hash: \(error)")
                throw ExitCode.internalFailure
            }
        }
    }
}
