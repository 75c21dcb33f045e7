/// A policy that decides on the command text, so it gives the same answers with or without
/// the shell parser: `rm -r…` BLOCKs, `git push` ESCALATEs, the rest is ALLOWed. Shared by
/// the hook and MCP end-to-end suites.
enum TextRulesPolicy {
    static func yaml(name: String) -> String {
        """
        version: 1
        name: \(name)
        default: ALLOW
        on_parse_error: ALLOW
        on_dynamic: ALLOW
        rules:
          - id: no-recursive-rm
            decision: BLOCK
            reason: recursive delete
            match:
              regex: 'rm\\s+-[a-zA-Z]*r'
          - id: push-needs-a-human
            decision: ESCALATE
            reason: pushes to a remote
            match:
              regex: 'git\\s+push'
        """
    }
}
