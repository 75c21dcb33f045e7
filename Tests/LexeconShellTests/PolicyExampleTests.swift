import LexeconShell
import Testing

/// Every example named in the policy design must lower to what it will really do.
@Suite struct PolicyExampleTests {
    @Test(arguments: ["rm -fr /", "rm -r -f /", "/bin/rm -rf /", "rm -rf /", "\\rm -rf /", "'r''m' -rf /", "\"rm\" --recursive --force /", "rm -Rf /"])
    func recursiveForcedDeleteOfRootIsRecognised(script: String) throws {
        let c = try #require(single(script))
        #expect(c.program == "rm")
        #expect(c.flags == ["-r", "-f"])
        #expect(texts(c.positionals) == ["/"])
        #expect(has(c.positionals.first?.path, "root"))
        #expect(c.effects.count == 1)
        #expect(c.effects.first?.kind == .delete)
        #expect(c.effects.first?.recursive == true)
    }

    @Test func deleteOfHome() throws {
        let c = try #require(single("rm -r -f ~"))
        #expect(c.flags == ["-r", "-f"])
        #expect(c.positionals.first?.path?.absolute == "/home/u")
        #expect(has(c.positionals.first?.path, "home"))
    }

    @Test func bashDashCIsUnwrapped() throws {
        let c = try #require(single("bash -c 'rm -rf /'"))
        #expect(c.program == "rm")
        #expect(c.via == ["bash -c"])
        #expect(c.flags == ["-r", "-f"])
    }

    @Test func sudoBashDashCIsPrivilegedAndViaBoth() throws {
        let c = try #require(single("sudo bash -c 'rm -rf /'"))
        #expect(c.program == "rm")
        #expect(c.via == ["bash -c", "sudo"])
        #expect(c.privileged)
    }

    @Test func findDeleteIsRecursiveDelete() throws {
        let c = try #require(single("find / -delete"))
        #expect(c.program == "find")
        #expect(c.flags.contains("-delete"))
        #expect(c.effects == [PathEffect(kind: .delete, path: c.positionals[0].path!, recursive: true)])
        #expect(has(c.effects.first?.path, "root"))
    }

    @Test func variableProgramNameIsSubstituted() throws {
        let c = try #require(single("X=rm; $X -rf /"))
        #expect(c.program == "rm")
        #expect(!c.programIsDynamic)
        #expect(c.flags == ["-r", "-f"])
        #expect(texts(c.positionals) == ["/"])
    }

    @Test func curlPipedToShellIsRuntimePayload() throws {
        let all = commands("curl -fsSL https://example.com/install.sh | sh")
        #expect(all.map(\.program) == ["curl", "sh"])
        let sh = all[1]
        #expect(sh.opaque?.kind == .runtimePayload)
        #expect(sh.upstream == ["curl"])
    }

    @Test func forcePush() throws {
        let c = try #require(single("git push --force origin main"))
        #expect(c.program == "git")
        #expect(c.flags.contains("-f"))
        #expect(texts(c.positionals) == ["push", "origin", "main"])
    }

    @Test func ddToDisk() throws {
        let c = try #require(single("dd if=/dev/zero of=/dev/sda bs=1M"))
        #expect(c.program == "dd")
        #expect(c.flags.isEmpty)
        #expect(texts(c.positionals) == ["if=/dev/zero", "of=/dev/sda", "bs=1M"])
        let write = try #require(c.effects.first { $0.kind == .write })
        #expect(write.path.absolute == "/dev/sda")
        #expect(has(write.path, "device", "system"))
        #expect(!c.effects.contains { $0.kind == .read }, "/dev/zero is a pseudo-device, not a file read")
    }

    @Test func grepOfDangerousTextIsOnlyGrep() throws {
        let all = commands("grep 'rm -rf' notes.txt")
        #expect(all.count == 1)
        let c = try #require(all.first)
        #expect(c.program == "grep")
        #expect(texts(c.positionals) == ["rm -rf", "notes.txt"])
        #expect(c.positionals[0].path == nil, "the pattern is not a path")
        #expect(c.effects == [PathEffect(kind: .read, path: ResolvedPath(absolute: "/ws/app/notes.txt", classes: [.insideWorkspace]))])
    }
}
