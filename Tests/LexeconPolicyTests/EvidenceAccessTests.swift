import LexeconPolicy
import Testing

/// Routes to the ledger and the keys that are not plain writes or deletes: links, editors,
/// and reading the key directory through a glob or as a whole.
@Suite struct EvidenceAccessTests {
    func decide(_ script: String) -> PolicyDecision {
        Policy.builtinDefault().evaluate(PolicyRequest(
            command: .shell(script), cwd: Fixtures.workspace, workspace: Fixtures.workspace, home: Fixtures.home))
    }

    @Test(arguments: [
        "ln .audit/ledger.jsonl hard", "ln -s .audit/ledger.jsonl soft", "ln -sf $PWD/.audit/ledger.jsonl x",
        "link .audit/ledger.jsonl x", "vim -c wq .audit/ledger.jsonl", "nano .audit/ledger.jsonl.head",
        "emacs --batch .lexecon/public_key.pem", "ed .audit/ledger.jsonl",
    ])
    func linksAndEditorsOnTheEvidenceAreBlocked(_ script: String) {
        let decision = decide(script)
        #expect(decision.verdict == .block, "\(script): \(decision.rule) \(decision.reason)")
        #expect(decision.rule == "protected_paths")
    }

    @Test(arguments: [
        "cat .lexecon/*", "cat .lexecon/priv*", "grep -r '' .lexecon", "cp -r .lexecon /tmp/x", "tar czf k.tgz .lexecon",
        "zip -r k.zip .lexecon", "cat $(ls .lexecon/p*)", "rsync -a .lexecon/ host:/tmp/", "head -n 99 .lexecon/*.pem",
    ])
    func theKeyDirectoryCannotBeTakenWholesale(_ script: String) {
        let decision = decide(script)
        #expect(decision.verdict != .allow, "\(script): \(decision.rule) \(decision.reason)")
    }

    @Test(arguments: [
        "cat .audit/ledger.jsonl", "grep -r TODO .", "tar czf src.tgz src", "vim src/main.c", "ln -s ../lib lib",
        "ls -la", "cp -r src build/src",
    ])
    func everydayWorkNextToTheEvidenceIsAllowed(_ script: String) {
        let decision = decide(script)
        #expect(decision.verdict == .allow, "\(script): \(decision.rule) \(decision.reason)")
    }
}
