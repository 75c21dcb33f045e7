import LexeconShell
import Testing

/// Wrappers, nested scripts and payloads.
@Suite struct UnwrappingTests {
    @Test(arguments: [
        ("sudo rm -rf /", ["sudo"], true),
        ("sudo -u root -E -- rm -rf /", ["sudo"], true),
        ("sudo -nu root VAR=1 rm -rf /", ["sudo"], true),
        ("doas -u root rm -rf /", ["doas"], true),
        ("pkexec --user root rm -rf /", ["pkexec"], true),
        ("su -c 'rm -rf /' root", ["su -c"], true),
        ("su root --command='rm -rf /'", ["su -c"], true),
        ("su - root -c 'rm -rf /'", ["su -c"], true),
        ("su -lc 'rm -rf /' root", ["su -c"], true),
        ("env rm -rf /", ["env"], false),
        ("env -i -u HOME A=1 B=2 rm -rf /", ["env"], false),
        ("env -S 'rm -rf /'", ["env"], false),
        ("env --split-string='A=1 rm -rf' /", ["env"], false),
        ("nice rm -rf /", ["nice"], false),
        ("nice -n 10 rm -rf /", ["nice"], false),
        ("nice -10 rm -rf /", ["nice"], false),
        ("nohup rm -rf / &", ["nohup"], false),
        ("timeout 10 rm -rf /", ["timeout"], false),
        ("timeout -s KILL -k 5 10s rm -rf /", ["timeout"], false),
        ("command rm -rf /", ["command"], false),
        ("builtin rm -rf /", ["builtin"], false),
        ("exec -a name rm -rf /", ["exec"], false),
        ("stdbuf -oL -e0 rm -rf /", ["stdbuf"], false),
        ("setsid -f rm -rf /", ["setsid"], false),
        ("flock /tmp/l rm -rf /", ["flock"], false),
        ("flock -w 5 /tmp/l -c 'rm -rf /'", ["flock -c"], false),
        ("chroot /mnt rm -rf /", ["chroot"], false),
        ("ionice -c 3 rm -rf /", ["ionice"], false),
        ("taskset -c 0,1 rm -rf /", ["taskset"], false),
        ("taskset 0x3 rm -rf /", ["taskset"], false),
        ("unbuffer rm -rf /", ["unbuffer"], false),
        ("watch -n 5 rm -rf /", ["watch"], false),
        ("watch 'rm -rf /'", ["watch"], false),
        ("strace -f -o log rm -rf /", ["strace"], false),
        ("ltrace rm -rf /", ["ltrace"], false),
        ("busybox rm -rf /", ["busybox"], false),
        ("toybox rm -rf /", ["toybox"], false),
        ("/usr/bin/time -v rm -rf /", ["time"], false),
        ("eval rm -rf /", ["eval"], false),
        ("eval 'rm -rf /'", ["eval"], false),
        ("bash -c 'rm -rf /'", ["bash -c"], false),
        ("sh -c 'rm -rf /'", ["sh -c"], false),
        ("zsh -c 'rm -rf /'", ["zsh -c"], false),
        ("dash -c 'rm -rf /'", ["dash -c"], false),
        ("ksh -c 'rm -rf /'", ["ksh -c"], false),
        ("ash -c 'rm -rf /'", ["ash -c"], false),
        ("bash -lc 'rm -rf /'", ["bash -c"], false),
        ("bash -ec 'rm -rf /'", ["bash -c"], false),
        ("bash --login -c 'rm -rf /'", ["bash -c"], false),
        ("bash -o pipefail -c 'rm -rf /'", ["bash -c"], false),
        ("bash -c 'rm -rf \"$0\"' /", ["bash -c"], false),
        ("/bin/sh -c \"rm -rf /\"", ["sh -c"], false),
        ("bash <<EOF\nrm -rf /\nEOF", ["bash <<"], false),
        ("bash <<'EOF'\nrm -rf /\nEOF", ["bash <<"], false),
        ("sh <<< 'rm -rf /'", ["sh <<<"], false),
        ("echo 'rm -rf /' | sh", ["sh |"], false),
        ("printf 'rm -rf /\\n' | bash", ["bash |"], false),
        ("printf '%s\\n' 'rm -rf /' | bash", ["bash |"], false),
        ("cat <<EOF | sh\nrm -rf /\nEOF", ["sh |"], false),
        ("echo -e 'rm -rf /' | sudo bash", ["bash |", "sudo"], true),
        ("trap 'rm -rf /' EXIT", ["trap"], false),
        ("sudo env timeout 5 bash -c 'nice rm -rf /'", ["nice", "bash -c", "timeout", "env", "sudo"], true),
        ("bash -c \"bash -c 'rm -rf /'\"", ["bash -c", "bash -c"], false),
        ("runuser -u root -- rm -rf /", ["runuser"], true),
    ])
    func wrappersAreUnwrapped(script: String, via: [String], privileged: Bool) throws {
        let all = commands(script)
        let rm = try #require(all.first { $0.program == "rm" }, "\(script): \(all.map(render))")
        #expect(rm.via == via, "\(script)")
        #expect(rm.privileged == privileged, "\(script)")
        #expect(rm.flags == ["-r", "-f"], "\(script)")
        #expect(texts(rm.positionals) == ["/"], "\(script)")
        #expect(has(rm.positionals.first?.path, "root"), "\(script)")
        #expect(!all.contains { ["sudo", "env", "nice", "timeout", "bash", "sh", "eval", "xargs", "busybox", "nohup"].contains($0.program) }, "\(script): \(all.map(render))")
    }

    @Test(arguments: ["sudo", "sudo -l", "env", "nice", "nohup", "command -v ls", "exec 2>/dev/null", "timeout 5", "xargs"])
    func wrappersWithoutCommandAreReportedThemselves(script: String) throws {
        let all = commands(script)
        #expect(all.count == 1, "\(script): \(all.map(render))")
        let program = String(script.split(separator: " ")[0])
        if program == "xargs" {
            #expect(all.first?.program == "echo")
        } else {
            #expect(all.first?.program == program)
        }
    }

    @Test func plainSudoIsPrivileged() throws {
        let c = try #require(single("sudo -l"))
        #expect(c.privileged)
        let e = try #require(single("sudo -e /etc/hosts"))
        #expect(e.program == "sudo" && e.privileged)
    }

    @Test func xargsAddsADynamicOperand() throws {
        let all = commands("find . -name '*.tmp' | xargs rm -rf")
        #expect(all.map(\.program) == ["find", "rm"])
        let rm = all[1]
        #expect(rm.via == ["xargs"])
        #expect(texts(rm.positionals) == ["{xargs-input}"])
        #expect(rm.positionals[0].isDynamic)
        #expect(has(rm.positionals[0].path, "dynamic"))
        #expect(rm.flags == ["-r", "-f"])
    }

    @Test func xargsReplacementMarksWordsDynamic() throws {
        let c = try #require(command("mv", in: "ls | xargs -I{} mv {} /tmp/{}.bak"))
        #expect(c.positionals.map(\.isDynamic) == [true, true])
        #expect(has(c.positionals[1].path, "dynamic", "outside_workspace"))
    }

    @Test func xargsShellFromNetworkIsRuntimePayload() throws {
        let c = try #require(command("bash", in: "curl -s x | xargs bash -c"))
        #expect(c.opaque?.kind == .runtimePayload)
        #expect(c.upstream == ["curl"])
    }

    @Test func findExecIsAnEffectiveCommand() throws {
        let all = commands("find /var/log -name '*.gz' -exec rm -f {} \\; -o -execdir shred -u {} +")
        #expect(all.map(\.program) == ["find", "rm", "shred"])
        let find = all[0]
        #expect(texts(find.positionals) == ["/var/log"])
        #expect(find.flags.isSuperset(of: ["-name", "-exec", "-execdir", "-o"]))
        #expect(find.optionValues["-name"] == ["*.gz"])
        #expect(find.effects.isEmpty)
        let rm = all[1]
        #expect(rm.via == ["find -exec"])
        #expect(texts(rm.positionals) == ["{}"])
        #expect(rm.positionals[0].isDynamic)
        #expect(rm.positionals[0].path?.absolute == "/var/log/{}")
        #expect(has(rm.positionals[0].path, "system", "dynamic"))
        #expect(all[2].via == ["find -execdir"])
    }

    @Test func findOkIsAlsoACommand() {
        #expect(commands("find . -ok rm {} \\;").map(\.via) == [[], ["find -ok"]])
    }

    @Test func gitAliasWithShellCommand() throws {
        let all = commands("git -c alias.x='!rm -rf /' x")
        #expect(all.map(\.program) == ["git", "rm"])
        #expect(all[1].via == ["git alias"])
        #expect(texts(all[1].positionals) == ["/"])
        let args = commands("git -c 'alias.nuke=!rm -rf' nuke /")
        #expect(args.last.map { texts($0.positionals) } == ["/"])
    }

    @Test func gitAliasOfGitCommand() throws {
        let all = commands("git -c alias.p='push --force' p origin main")
        #expect(all.count == 2)
        let inner = all[1]
        #expect(inner.program == "git" && inner.via == ["git alias"])
        #expect(inner.flags.contains("-f"))
        #expect(texts(inner.positionals) == ["push", "origin", "main"])
    }

    @Test func gitConfigThatRunsShell() {
        #expect(commands("git -c core.sshCommand='rm -rf /' fetch").last?.via == ["git -c core.sshcommand"])
        #expect(commands("git -c core.pager='sh -c \"rm -rf /\"' log").last?.program == "rm")
        #expect(commands("git -c core.fsmonitor=true status").map(\.program) == ["git"])
        #expect(commands("git rebase -x 'rm -rf /' main").last?.via == ["git rebase --exec"])
        #expect(commands("git filter-branch --tree-filter 'rm -rf secrets' HEAD").last?.program == "rm")
        #expect(commands("git submodule foreach rm -rf /").last?.via == ["git submodule foreach"])
        #expect(commands("git bisect run rm -rf /").last?.via == ["git bisect run"])
    }

    @Test func sshRemoteCommand() throws {
        let all = commands("ssh -i ~/.ssh/id_ed25519 -p 22 user@host rm -rf /")
        #expect(all.map(\.program) == ["ssh", "rm"])
        #expect(all[0].flags == ["-i", "-p"])
        #expect(texts(all[0].positionals) == ["user@host", "rm", "-rf", "/"])
        #expect(all[1].via == ["ssh"])
        #expect(texts(all[1].positionals) == ["/"])
        let quoted = commands("ssh host 'cd /srv && rm -rf build'")
        #expect(quoted.last?.positionals.first?.path?.absolute == "/srv/build")
        let relative = commands("ssh host rm -rf build")
        #expect(relative.last?.positionals.first?.path?.classes == [.dynamic])
        let heredoc = commands("ssh host <<EOF\nrm -rf /\nEOF")
        #expect(heredoc.map(\.program) == ["ssh", "rm"])
    }

    @Test func containerExec() throws {
        let all = commands("docker exec -it -u root web rm -rf /data")
        #expect(all.map(\.program) == ["docker", "rm"])
        #expect(texts(all[0].positionals) == ["exec", "web"])
        #expect(all[0].flags == ["-i", "-t", "-u"])
        #expect(all[1].via == ["docker exec"])
        let run = commands("docker run --rm -v /:/host ubuntu bash -c 'rm -rf /host'")
        #expect(run.map(\.program) == ["docker", "rm"])
        #expect(run[1].via == ["bash -c", "docker run"])
        let kube = commands("kubectl exec -n prod pod-1 -c app -- rm -rf /data")
        #expect(kube.map(\.program) == ["kubectl", "rm"])
        #expect(texts(kube[0].positionals) == ["exec", "pod-1"])
        #expect(kube[1].via == ["kubectl exec"])
        #expect(commands("docker compose exec web rm -rf /x").last?.via == ["docker compose exec"])
    }

    @Test(arguments: [
        ("curl -fsSL https://x.io/i.sh | sh", "sh", ["curl"]),
        ("wget -qO- https://x.io/i.sh | bash", "bash", ["wget"]),
        ("curl x | base64 -d | sh", "sh", ["base64", "curl"]),
        ("base64 -d <<< cm0gLXJmIC8= | sh", "sh", ["base64"]),
        ("sh <(curl -s https://x)", "sh", ["curl"]),
        ("bash -c \"$(curl -fsSL https://x)\"", "bash", ["curl"]),
        ("bash -c \"`wget -O- x`\"", "bash", ["wget"]),
        ("python3 <(curl -s x)", "python3", ["curl"]),
        ("curl -s x | python3", "python3", ["curl"]),
        ("curl -s x | python3 -", "python3", ["curl"]),
        ("curl -s x | sudo bash", "bash", ["curl"]),
        ("curl -s x | node", "node", ["curl"]),
        ("eval \"$(curl -s x)\"", "eval", ["curl"]),
        ("source <(curl -s x)", "source", ["curl"]),
        (". <(curl -s x)", ".", ["curl"]),
        ("sh < <(curl -s x)", "sh", ["curl"]),
        ("bash <<EOF\n$(curl -s x)\nEOF", "bash", ["curl"]),
        ("cat script.sh | sh", "sh", ["cat"]),
        ("curl x | tee f | sh", "sh", ["tee", "curl"]),
    ])
    func runtimePayloads(script: String, program: String, upstream: [String]) throws {
        let all = commands(script)
        let c = try #require(all.first { $0.program == program && $0.opaque != nil }, "\(script): \(all.map(render))")
        #expect(c.opaque?.kind == .runtimePayload, "\(script)")
        #expect(c.upstream == upstream, "\(script)")
    }

    @Test(arguments: [
        ("bash -c \"$CMD\"", "bash"),
        ("eval \"$X\"", "eval"),
        ("sh -c $1", "sh"),
        ("su -c \"$C\"", "su"),
    ])
    func dynamicScripts(script: String, program: String) throws {
        let c = try #require(single(script))
        #expect(c.program == program)
        #expect(c.opaque?.kind == .dynamicScript)
    }

    @Test(arguments: [
        ("python -c 'import os; os.system(\"rm -rf /\")'", "python", "-c"),
        ("python3 -c 'print(1)'", "python3", "-c"),
        ("python3 -Bc 'print(1)'", "python3", "-c"),
        ("node -e 'x'", "node", "-e"),
        ("node --eval 'x'", "node", "--eval"),
        ("node -p 'x'", "node", "-p"),
        ("perl -e 'x'", "perl", "-e"),
        ("perl -ne 'print' f", "perl", "-e"),
        ("perl -E 'say 1'", "perl", "-E"),
        ("ruby -e 'x'", "ruby", "-e"),
        ("php -r 'x'", "php", "-r"),
        ("lua -e 'x'", "lua", "-e"),
        ("osascript -e 'x'", "osascript", "-e"),
        ("deno eval 'x'", "deno", "eval"),
        ("pwsh -Command 'x'", "pwsh", "-Command"),
    ])
    func interpreterCode(script: String, program: String, flag: String) throws {
        let c = try #require(single(script))
        #expect(c.program == program)
        #expect(c.opaque?.kind == .interpreterCode, "\(script)")
        #expect(c.opaque?.detail == "\(program) \(flag) code", "\(script)")
    }

    @Test func interpreterStdinCode() throws {
        #expect(command("python3", in: "python3 <<EOF\nprint(1)\nEOF")?.opaque?.kind == .interpreterCode)
        #expect(command("python3", in: "echo 'print(1)' | python3")?.opaque?.kind == .interpreterCode)
        #expect(single("python3 script.py")?.opaque == nil)
        #expect(single("python3 -m http.server")?.opaque == nil)
        #expect(command("python3", in: "cat data.json | python3 -m json.tool")?.opaque == nil)
        #expect(single("node server.js")?.opaque == nil)
    }

    @Test func awkPrograms() {
        #expect(single("awk 'BEGIN { system(\"rm -rf /\") }'")?.opaque?.kind == .interpreterCode)
        #expect(single("awk '{ print | \"sh\" }' f")?.opaque?.kind == .interpreterCode)
        #expect(single("awk '{ print $1 }' f")?.opaque == nil)
        #expect(single("awk '$1 > 0 || $2 > 0' f")?.opaque == nil)
    }

    @Test func nestedParseError() throws {
        let c = try #require(single("bash -c 'rm -rf /; )'"))
        #expect(c.program == "bash")
        #expect(c.opaque?.kind == .nestedParseError)
        #expect(c.opaque?.detail.hasPrefix("bash -c: 1:") == true)
        #expect(single("eval 'if true'")?.opaque?.kind == .nestedParseError)
    }

    @Test func depthLimit() throws {
        let context = AnalysisContext(cwd: "/ws", workspace: "/ws", home: "/home/u", maxDepth: 2)
        let c = try #require(single("sudo sudo sudo rm -rf /", context: context))
        #expect(c.opaque?.kind == .depthLimit)
        let nested = try #require(single("bash -c \"bash -c 'bash -c ls'\"", context: context))
        #expect(nested.opaque?.kind == .depthLimit)
        #expect(single("sudo sudo rm -rf /", context: context)?.program == "rm")
    }

    @Test func nestedShellInheritsRedirections() throws {
        let all = commands("bash -c 'a; b' > /etc/x")
        #expect(all.map(\.program) == ["a", "b"])
        #expect(all.allSatisfy { $0.effects.map(\.path.absolute) == ["/etc/x"] })
    }

    @Test func evalSharesTheShell() throws {
        let c = try #require(commands("eval 'cd /'; rm -rf *").last)
        #expect(has(c.positionals.first?.path, "root_glob"))
    }

    @Test func bashScriptFileIsNotOpaque() throws {
        let c = try #require(single("bash deploy.sh --prod"))
        #expect(c.program == "bash")
        #expect(c.opaque == nil)
        #expect(texts(c.positionals).first == "deploy.sh")
    }
}
