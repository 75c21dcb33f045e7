import LexeconShell
import Testing

/// Lexical resolution and classification of path operands.
@Suite struct PathTests {
    private func path(_ operand: String, context: AnalysisContext = testContext) -> ResolvedPath? {
        single("ls \(operand)", context: context)?.positionals.first?.path
    }

    @Test(arguments: [
        ("/", "/"), ("//", "/"), ("/..", "/"), ("/../..", "/"), ("..", "/ws"), ("../..", "/"), ("../../../..", "/"),
        (".", "/ws/app"), ("./x/../y//z/", "/ws/app/y/z"), ("~", "/home/u"), ("~/", "/home/u"), ("$HOME/.ssh", "/home/u/.ssh"),
        ("/tmp/./a/../b", "/tmp/b"), ("a/b/../../..", "/ws"),
    ])
    func normalisation(operand: String, absolute: String) {
        #expect(path(operand)?.absolute == absolute, "\(operand)")
    }

    @Test(arguments: [
        ("/", ["root", "outside_workspace", "contains_protected"]),
        ("/*", ["root_glob", "outside_workspace", "contains_protected"]),
        ("/.*", ["root_glob", "outside_workspace"]),
        ("/**", ["root_glob", "outside_workspace", "contains_protected"]),
        ("~", ["home", "outside_workspace"]),
        ("~/", ["home", "outside_workspace"]),
        ("~/*", ["home", "outside_workspace"]),
        ("$HOME", ["home", "outside_workspace"]),
        ("~/projects/x", ["under_home", "outside_workspace"]),
        ("/etc", ["system", "outside_workspace"]),
        ("/etc/hosts", ["system", "outside_workspace"]),
        ("/usr/local/bin", ["system", "outside_workspace"]),
        ("/var/lib/docker", ["system", "outside_workspace"]),
        ("/Library/Keychains", ["system", "outside_workspace"]),
        ("/b*", ["system", "outside_workspace"]),
        ("/tmp/x", ["outside_workspace"]),
        ("/dev/sda", ["device", "system", "outside_workspace"]),
        ("/dev/sda1", ["device", "system", "outside_workspace"]),
        ("/dev/nvme0n1", ["device", "system", "outside_workspace"]),
        ("/dev/mapper/root", ["device", "system", "outside_workspace"]),
        ("/dev/disk/by-id/x", ["device", "system", "outside_workspace"]),
        ("/dev/mem", ["device", "system", "outside_workspace"]),
        ("/dev/null", ["pseudo_device", "outside_workspace"]),
        ("/dev/stdout", ["pseudo_device", "outside_workspace"]),
        ("/dev/fd/3", ["pseudo_device", "outside_workspace"]),
        ("/dev/shm/x", ["system", "outside_workspace"]),
        ("/ws", ["workspace_root", "inside_workspace", "contains_protected"]),
        ("/ws/*", ["workspace_root", "inside_workspace"]),
        ("/ws/.*", ["workspace_root", "inside_workspace", "protected", "contains_protected"]),
        ("..", ["workspace_root", "inside_workspace", "contains_protected"]),
        ("src/main.swift", ["inside_workspace"]),
        ("/ws2/x", ["outside_workspace"]),
        ("/ws/.audit/ledger.jsonl", ["protected", "inside_workspace"]),
        ("/ws/.audit/ledger.jsonl.lock", ["protected", "inside_workspace"]),
        ("/ws/.audit", ["contains_protected", "inside_workspace"]),
        ("/ws/.audit/*", ["protected", "inside_workspace"]),
        ("/ws/.lexecon", ["protected", "inside_workspace"]),
        ("/ws/.lexecon/keys/private_key.pem", ["protected", "secret", "inside_workspace"]),
        ("/ws/.lex*", ["protected", "inside_workspace"]),
        ("~/.ssh", ["secret", "under_home", "outside_workspace"]),
        ("~/.ssh/id_rsa", ["secret", "under_home", "outside_workspace"]),
        ("~/.ssh/*", ["secret", "under_home", "outside_workspace"]),
        ("~/.aws/credentials", ["secret", "under_home", "outside_workspace"]),
        ("~/.config/gcloud/x.json", ["secret", "under_home", "outside_workspace"]),
        ("~/.kube/config", ["secret", "under_home", "outside_workspace"]),
        ("~/.docker/config.json", ["secret", "under_home", "outside_workspace"]),
        ("~/.netrc", ["secret", "under_home", "outside_workspace"]),
        ("~/.bash_history", ["secret", "under_home", "outside_workspace"]),
        ("~/.gnupg/pubring.kbx", ["secret", "under_home", "outside_workspace"]),
        (".env", ["secret", "inside_workspace"]),
        (".env.production", ["secret", "inside_workspace"]),
        ("certs/server.key", ["secret", "inside_workspace"]),
        ("deploy/id_ed25519", ["secret", "inside_workspace"]),
        ("/etc/shadow", ["secret", "system", "outside_workspace"]),
        ("/etc/sudoers", ["secret", "system", "outside_workspace"]),
        ("environment.txt", ["inside_workspace"]),
        // Near misses of the secret names are not secret.
        ("~/.sshkeys", ["under_home", "outside_workspace"]),
        ("~/.kube/config.bak", ["under_home", "outside_workspace"]),
        ("~/.netrc.d/x", ["under_home", "outside_workspace"]),
        ("~/x/.netrc", ["under_home", "outside_workspace"]),
    ])
    func classification(operand: String, expected: [String]) {
        #expect(classes(path(operand)) == Set(expected), "\(operand): \(String(describing: path(operand)))")
    }

    @Test func dynamicPathsKeepTheirDirectoryClasses() {
        #expect(path("/etc/$X").map { classes($0) } == ["dynamic", "system", "outside_workspace"])
        #expect(path("/etc/$X")?.absolute == "/etc/$X")
        #expect(path("$X").map { classes($0) } == ["dynamic"])
        #expect(path("\"$X\"/y").map { classes($0) } == ["dynamic"])
        #expect(path("build/$X").map { classes($0) } == ["dynamic", "inside_workspace"])
        #expect(path("~/$X").map { classes($0) } == ["dynamic", "under_home", "outside_workspace"])
        #expect(path("/$X").map { classes($0) } == ["dynamic", "outside_workspace"])
    }

    @Test func workspaceAtRootIsEverything() {
        let context = AnalysisContext(cwd: "/", workspace: "/", home: "/root")
        #expect(path("/etc", context: context).map { classes($0) } == ["system", "inside_workspace"])
        #expect(path("/", context: context).map { classes($0) } == ["root", "workspace_root", "inside_workspace"])
    }

    @Test func urlsAndRemoteOperandsHaveNoPath() throws {
        #expect(path("https://example.com/x") == nil)
        let scp = try #require(single("scp host:/etc/passwd ./local"))
        #expect(scp.positionals[0].path == nil)
        #expect(scp.positionals[1].path?.absolute == "/ws/app/local")
    }

    @Test func textProgramsHaveNoPaths() throws {
        let c = try #require(single("echo ~/.ssh/id_rsa /etc/shadow"))
        #expect(c.positionals.allSatisfy { $0.path == nil })
    }

    @Test func argumentsCarryOperandPaths() throws {
        let c = try #require(single("cp -t /tmp a b"))
        #expect(c.arguments.map { $0.path?.absolute } == [nil, nil, "/ws/app/a", "/ws/app/b"])
    }

    @Test func gitDashCChangesTheBase() throws {
        let c = try #require(single("git -C /srv/repo rm -r docs"))
        #expect(c.positionals.last?.path?.absolute == "/srv/repo/docs")
        #expect(c.positionals.first?.path == nil)
    }

    @Test func redirectionTargetsHavePaths() throws {
        let c = try #require(single("cmd > out.txt 2>> ~/log < /etc/hosts 2>&1"))
        #expect(c.redirections.map(\.kind) == [.output, .append, .input, .duplicate])
        #expect(c.redirections.map(\.fd) == [1, 2, 0, 2])
        #expect(c.redirections.map { $0.target.path?.absolute } == ["/ws/app/out.txt", "/home/u/log", "/etc/hosts", nil])
        #expect(c.redirections[3].target.text == "1")
    }
}
