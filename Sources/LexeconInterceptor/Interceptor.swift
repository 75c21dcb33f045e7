#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LexeconCrypto
public import LexeconLedger

/// The enforcement boundary: request → policy decision → durable `decision` record →
/// (ESCALATE: approval, recorded) → execution → `result` record.
///
/// Nothing runs unless its decision record has been written and fsynced. Every failure
/// before execution — an unusable policy, request or ledger, a torn ledger tail, a failed
/// write or fsync — stops the command and is reported in the outcome; where the ledger
/// is writable the refusal is recorded as a BLOCK. BLOCK and an unapproved ESCALATE get a
/// `result` record with `executed: false`.
///
/// ```swift
/// let interceptor = try Interceptor.open(keyDirectory: ".lexecon", ledgerPath: ".audit/ledger.jsonl",
///                                        policy: myPolicy)
/// let outcome = interceptor.run(InterceptRequest(.shell("make test"), agent: "my-agent"))
/// if outcome.executed { print(outcome.execution!.shellStatus) }
/// ```
///
/// One interceptor owns one ``LedgerWriter``; the writer serialises appends from all
/// threads of the process (and other processes through its lock file), so share one
/// interceptor rather than creating several for the same ledger.
public final class Interceptor: Sendable {
    /// The ledger writer all records go through.
    public let ledger: LedgerWriter
    /// The policy in force.
    public let policy: any CommandPolicy
    /// Who answers ESCALATE.
    public let approver: any Approver
    /// Absolute path globs no command may touch: the ledger, its lock, head and torn-tail
    /// files, the key directory, and any extra paths given (e.g. the policy file).
    public let protectedPaths: [String]

    private let user: String
    private let host: String
    private let home: String
    /// The key directory, absolute and symlink-resolved: read-protected as a whole.
    private let keyDirectories: [String]

    /// Creates an interceptor around an existing writer.
    /// - Parameters:
    ///   - keyDirectory: the key directory to protect from commands (nil: none).
    ///   - extraProtectedPaths: more absolute or relative paths to protect (a trailing
    ///     `/**` protects a directory's contents).
    public init(ledger: LedgerWriter, policy: any CommandPolicy, approver: any Approver = RefusingApprover(),
                keyDirectory: String? = nil, extraProtectedPaths: [String] = []) {
        self.ledger = ledger
        self.policy = policy
        self.approver = approver
        var paths: [String] = []
        for file in [ledger.path, ledger.lockPath, ledger.headPath, ledger.path + ".torn-*", ledger.path + ".tmp-*",
                     ledger.headPath + ".tmp-*", ledger.frontierCachePath, ledger.frontierCachePath + ".tmp"] {
            paths += Interceptor.variants(of: file)
        }
        var keyDirectories: [String] = []
        if let keyDirectory {
            for directory in Interceptor.variants(of: keyDirectory) {
                paths += [directory, directory + "/**"]
                keyDirectories.append(directory)
            }
        }
        self.keyDirectories = keyDirectories
        for extra in extraProtectedPaths {
            if extra.hasSuffix("/**") {
                paths += Interceptor.variants(of: String(extra.dropLast(3))).map { $0 + "/**" }
            } else {
                paths += Interceptor.variants(of: extra)
            }
        }
        var seen = Set<String>()
        self.protectedPaths = paths.filter { seen.insert($0).inserted }
        self.user = ProcessIdentity.userName()
        self.host = ProcessIdentity.hostName()
        self.home = ProcessIdentity.homeDirectory()
    }

    /// Loads the private key from `keyDirectory` (refusing one that group or others can
    /// access) and creates an interceptor writing to `ledgerPath`.
    public static func open(keyDirectory: String, ledgerPath: String, policy: any CommandPolicy,
                            approver: any Approver = RefusingApprover(), extraProtectedPaths: [String] = [],
                            toolVersion: String = "0.1.0") throws(InterceptorError) -> Interceptor {
        let key: Ed25519PrivateKey
        do { key = try KeyDirectory(path: keyDirectory).loadPrivateKey() } catch {
            throw InterceptorError(.keyUnavailable, "cannot load the signing key: \(error.message)")
        }
        let writer = LedgerWriter(path: ledgerPath, key: key, toolVersion: toolVersion)
        return Interceptor(ledger: writer, policy: policy, approver: approver, keyDirectory: keyDirectory,
                           extraProtectedPaths: extraProtectedPaths)
    }

    // MARK: - The whole path

    /// Decides, records, asks (ESCALATE), runs when allowed, and records the result.
    /// Never throws: what happened, including lexecon's own failures, is in the outcome.
    /// - Parameter checkpoint: refresh `LEDGER.head` after the result record (a failure
    ///   there is a warning; the records themselves are already durable).
    public func run(_ request: InterceptRequest, options: ExecutionOptions = ExecutionOptions(),
                    checkpoint: Bool = true) -> InterceptOutcome {
        var relay: SignalRelay?
        var warnings: [String] = []
        if options.relaySignals {
            do { relay = try SignalRelay.install() } catch {
                // Without the relay a SIGTERM could kill lexecon between execution and the
                // result record; refuse rather than run unobserved.
                let authorization = refuse(request, because: error, rule: "lexecon:error")
                return finish(authorization, execution: nil, failure: error, warnings: [], checkpoint: checkpoint)
            }
        }
        defer { relay?.uninstall() }

        let authorization = authorize(request, signals: relay)
        guard authorization.mayExecute, let resolved = authorization.request else {
            return finish(authorization, execution: nil, failure: authorization.failure, warnings: warnings, checkpoint: checkpoint)
        }
        let ledgerBefore = LedgerFileIdentity(path: ledger.path)
        do {
            let execution = try ChildProcess.run(resolved.command, cwd: resolved.cwd, options: options, relay: relay)
            if execution.forwardedSignals.isEmpty, let late = relay?.received.first {
                warnings.append("\(SignalNames.name(late)) received after the command ended")
            }
            if let problem = ledgerBefore?.changeSince(path: ledger.path) {
                // Writing now would append to (or start a new genesis in) a ledger the command
                // tampered with, and a checkpoint would sign the tampered state. Report instead.
                var outcome = InterceptOutcome(authorization: authorization, execution: execution, resultSeq: nil,
                                               failure: nil, warnings: warnings)
                outcome.warnings.append("the ledger \(ledger.path) \(problem) while the command ran; no result record or checkpoint was written: run `lexecon verify \(ledger.path)`")
                return outcome
            }
            return finish(authorization, execution: execution, failure: nil, warnings: warnings, checkpoint: checkpoint)
        } catch {
            return finish(authorization, execution: nil, failure: error, warnings: warnings, checkpoint: checkpoint)
        }
    }

    // MARK: - Two phases, for callers that run the command themselves

    /// Decides `request`, writes the durable decision record and, for ESCALATE, asks the
    /// approver and records the answer. The caller may run the command only when
    /// ``Authorization/mayExecute`` is true, and then reports with ``recordResult(of:execution:note:)``.
    public func authorize(_ request: InterceptRequest) -> Authorization {
        authorize(request, signals: nil)
    }

    /// Writes the `result` record for an authorization: `executed: false` when
    /// `execution` is nil (with `note` saying why), else the exit, signal, duration and
    /// output digests. Returns the record's seq.
    @discardableResult
    public func recordResult(of authorization: Authorization, execution: ExecutionResult?,
                             note: String? = nil) throws(InterceptorError) -> Int64 {
        guard let decisionSeq = authorization.decisionSeq else {
            throw InterceptorError(.ledgerFailed, "there is no decision record to attach a result to")
        }
        var entry = ResultEntry(of: decisionSeq, executed: execution != nil, note: note)
        if let execution {
            entry.exitCode = Int64(execution.shellStatus)
            if case .signaled(let signal) = execution.termination { entry.signal = SignalNames.name(signal) }
            entry.durationMilliseconds = execution.durationMilliseconds
            entry.stdout = ResultEntry.Output(bytes: execution.stdout.bytes, sha256: execution.stdout.sha256)
            entry.stderr = ResultEntry.Output(bytes: execution.stderr.bytes, sha256: execution.stderr.sha256)
        }
        do { return try ledger.append(result: entry).seq } catch {
            throw InterceptorError(.ledgerFailed, "cannot record the result: \(error.message)")
        }
    }

    // MARK: - Steps

    private func authorize(_ request: InterceptRequest, signals relay: SignalRelay?) -> Authorization {
        let resolved: ResolvedRequest
        do { resolved = try resolve(request) } catch { return refuse(request, because: error, rule: "lexecon:invalid_request") }

        let verdict = policy.decide(resolved, protectedPaths: protectedPaths)
        var authorization = Authorization(request: resolved, original: request, decision: verdict.decision,
                                          rule: verdict.rule, reason: verdict.reason, decisionSeq: nil,
                                          approval: nil, failure: nil)
        if let failure = verdict.failure {
            authorization.decision = .block
            authorization.failure = InterceptorError(.policyUnavailable, failure)
        }
        do {
            authorization.decisionSeq = try ledger.append(decision: decisionEntry(resolved, authorization)).seq
        } catch {
            authorization.failure = InterceptorError(.ledgerFailed, "cannot record the decision: \(error.message)")
            return authorization
        }
        guard authorization.failure == nil, authorization.decision == .escalate, let seq = authorization.decisionSeq else {
            return authorization
        }
        if let first = relay?.drain().first ?? relay?.received.first {
            authorization.approval = .unavailable(reason: "\(SignalNames.name(first)) received before asking")
            return authorization
        }
        let outcome = approver.approve(ApprovalRequest(request: resolved, verdict: verdict, decisionSeq: seq))
        authorization.approval = outcome
        if case .answered(let granted, let who) = outcome {
            do {
                try ledger.append(approval: ApprovalEntry(of: seq, granted: granted, approver: who))
            } catch {
                authorization.failure = InterceptorError(.ledgerFailed, "cannot record the approval: \(error.message)")
            }
        }
        return authorization
    }

    /// Records a BLOCK for a request that could not be decided (where the ledger allows).
    private func refuse(_ request: InterceptRequest, because error: InterceptorError, rule: String) -> Authorization {
        var authorization = Authorization(request: nil, original: request, decision: .block,
                                          rule: rule, reason: error.message,
                                          decisionSeq: nil, approval: nil, failure: error)
        let cwd = request.cwd.isEmpty ? (ProcessIdentity.currentDirectory() ?? "") : ProcessIdentity.absolute(request.cwd)
        let stand = ResolvedRequest(request: request, cwd: cwd, workspace: cwd, home: home, principal: user)
        if let seq = try? ledger.append(decision: decisionEntry(stand, authorization)).seq {
            authorization.decisionSeq = seq
        }
        return authorization
    }

    private func resolve(_ request: InterceptRequest) throws(InterceptorError) -> ResolvedRequest {
        switch request.command {
        case .shell(let line) where line.utf8.contains(0):
            throw InterceptorError(.invalidRequest, "the command contains a NUL byte")
        case .argv(let argv) where argv.isEmpty || argv[0].isEmpty:
            throw InterceptorError(.invalidRequest, "the command is empty")
        case .argv(let argv) where argv.contains(where: { $0.utf8.contains(0) }):
            throw InterceptorError(.invalidRequest, "an argument contains a NUL byte")
        default:
            break
        }
        let given = request.cwd.isEmpty ? "." : request.cwd
        guard let cwd = ProcessIdentity.realPath(ProcessIdentity.absolute(given)), ProcessIdentity.isDirectory(cwd) else {
            throw InterceptorError(.invalidRequest, "the working directory \(given) does not exist or is not a directory")
        }
        let workspace = request.workspace.map { ProcessIdentity.realPath(ProcessIdentity.absolute($0)) ?? ProcessIdentity.absolute($0) } ?? cwd
        let home = request.home.map(ProcessIdentity.absolute) ?? self.home
        return ResolvedRequest(request: request, cwd: cwd, workspace: workspace, home: home,
                               principal: request.principal ?? user, keyDirectories: keyDirectories)
    }

    private func decisionEntry(_ resolved: ResolvedRequest, _ authorization: Authorization) -> DecisionEntry {
        let request = resolved.request
        var line: String?
        var argv: [String]?
        switch request.command {
        case .shell(let text): line = text
        case .argv(let words): argv = words
        }
        var context: [JSONMember] = []
        if let environment = request.environment { context.append(JSONMember("environment", .string(environment))) }
        if let principal = request.principal { context.append(JSONMember("principal", .string(principal))) }
        if let toolUseID = request.toolUseID { context.append(JSONMember("tool_use_id", .string(toolUseID))) }
        if resolved.workspace != resolved.cwd { context.append(JSONMember("workspace", .string(resolved.workspace))) }
        let actor = Actor(uid: Int64(getuid()), user: user, pid: Int64(getpid()), ppid: Int64(getppid()),
                          agent: request.agent, session: request.session)
        return DecisionEntry(tool: request.tool, commandLine: line, argv: argv, cwd: resolved.cwd, actor: actor,
                             hostName: host, policyName: policy.name, policySHA256: policy.sha256,
                             rule: authorization.rule, decision: authorization.decision.rawValue,
                             reason: authorization.reason, context: context)
    }

    private func finish(_ authorization: Authorization, execution: ExecutionResult?, failure: InterceptorError?,
                        warnings: [String], checkpoint: Bool) -> InterceptOutcome {
        var outcome = InterceptOutcome(authorization: authorization, execution: execution, resultSeq: nil,
                                       failure: failure ?? authorization.failure, warnings: warnings)
        guard authorization.decisionSeq != nil else { return outcome }
        var note: String?
        if execution == nil {
            if let failure = outcome.failure {
                note = failure.message
            } else if authorization.decision == .block {
                note = "blocked by rule \(authorization.rule)"
            } else if case .unavailable(let reason)? = authorization.approval {
                note = "escalation not approved: \(reason)"
            } else if case .answered(false, let who)? = authorization.approval {
                note = "escalation refused by \(who)"
            }
        } else if let execution, execution.timedOut {
            note = "timeout: killed after the time limit"
        }
        do {
            outcome.resultSeq = try recordResult(of: authorization, execution: execution, note: note)
        } catch {
            outcome.warnings.append(error.message)
            return outcome
        }
        if checkpoint {
            do { try ledger.writeCheckpoint() } catch {
                outcome.warnings.append("the ledger checkpoint was not refreshed: \(error.message)")
            }
        }
        return outcome
    }

    /// `path` made absolute, plus its symlink-resolved form when that differs (the parent
    /// directory is resolved when the path itself does not exist yet).
    private static func variants(of path: String) -> [String] {
        let absolute = ProcessIdentity.absolute(path)
        var result = [absolute]
        let slash = absolute.lastIndex(of: "/")!
        let parent = slash == absolute.startIndex ? "/" : String(absolute[..<slash])
        let leaf = String(absolute[absolute.index(after: slash)...])
        if let real = ProcessIdentity.realPath(parent) {
            let resolved = real == "/" ? "/" + leaf : real + "/" + leaf
            if resolved != absolute { result.append(resolved) }
        }
        return result
    }
}

/// Device, inode and size of the ledger file, to notice a command that truncated, replaced or
/// removed it while it ran (e.g. through a hard link the policy did not recognise).
private struct LedgerFileIdentity {
    let device: UInt64
    let inode: UInt64
    let size: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
    }

    /// What happened to the file since, or nil when it is the same file, not shorter.
    func changeSince(path: String) -> String? {
        guard let now = LedgerFileIdentity(path: path) else { return "was removed" }
        if now.device != device || now.inode != inode { return "was replaced by another file" }
        if now.size < size { return "shrank from \(size) to \(now.size) bytes" }
        return nil
    }
}
