import LexeconShell
import Testing

/// Quote removal, expansions, variables, program names.
@Suite struct LoweringTests {
    @Test(arguments: ["/bin/rm", "/usr/bin/rm", "\\rm", "'r''m'", "\"rm\"", "r\\m", "./rm", "$'\\x72m'", "$'\\162m'"])
    func programNamesAreBasenames(spelling: String) throws {
        let c = try #require(single("\(spelling) x"))
        #expect(c.program == "rm")
        #expect(!c.programIsDynamic)
    }

    @Test func programWordKeepsSpelling() throws {
        let c = try #require(single("/usr/bin/env"))
        #expect(c.program == "env")
        #expect(c.programWord == "/usr/bin/env")
    }

    @Test(arguments: ["$X -rf /", "$(echo rm) -rf /", "`which rm` x", "${!v} x", "r? x", "${CMD:-rm} x"])
    func dynamicProgramNames(script: String) {
        let all = commands(script)
        let last = all.last
        #expect(last?.programIsDynamic == true, "\(script): \(all.map(render))")
        #expect(last?.effects.isEmpty == true)
    }

    @Test func quotingAndEscapes() throws {
        let c = try #require(single(#"echo 'a b' "c $HOME d" e\ f "g\"h" 'i'"j"k $'t\tn\n' "\$x" '$y'"#))
        #expect(texts(c.arguments) == ["a b", "c /home/u d", "e f", "g\"h", "ijk", "t\tn\n", "$x", "$y"])
        #expect(c.arguments.allSatisfy { !$0.isDynamic })
    }

    @Test func ansiCEscapes() throws {
        let c = try #require(single(#"printf $'\x41\u00e9\101\cA\e\\\''"#))
        let expected = "AéA\u{01}\u{1B}\\'"
        #expect(c.arguments.first?.text == expected)
    }

    @Test func dynamicWordsKeepTheirSpelling() throws {
        let c = try #require(command("echo", in: #"echo $USER "${X}y" $(date) `id` $((1+2)) ${#a} $1 "$@""#))
        #expect(texts(c.arguments) == ["$USER", "${X}y", "$(date)", "`id`", "$((1+2))", "${#a}", "$1", "$@"])
        #expect(c.arguments.allSatisfy { $0.isDynamic })
    }

    @Test func homeExpansions() throws {
        let c = try #require(single("ls ~ ~/a $HOME ${HOME}/b \"~\" ~root ~+ x~"))
        #expect(texts(c.arguments) == ["/home/u", "/home/u/a", "/home/u", "/home/u/b", "~", "~root", "/ws/app", "x~"])
        #expect(c.arguments[5].isDynamic)
        #expect(!c.arguments[4].isDynamic)
    }

    @Test func homeAssignedInScriptIsUsed() throws {
        let all = commands("HOME=/; rm -rf ~")
        #expect(all.last?.positionals.first?.text == "/")
        #expect(has(all.last?.positionals.first?.path, "root"))
    }

    @Test func braceExpansion() throws {
        let c = try #require(single("echo {a,b}{1..3} x{,y} {c..a} {01..03} {1..7..3} {a} {a,{b,c}}d '{q,r}'"))
        #expect(texts(c.arguments) == [
            "a1", "a2", "a3", "b1", "b2", "b3", "x", "xy", "c", "b", "a", "01", "02", "03", "1", "4", "7", "{a}", "ad", "bd", "cd", "{q,r}",
        ])
    }

    @Test func hugeBraceExpansionBecomesDynamic() throws {
        let c = try #require(single("rm -rf /{1..99999999}"))
        #expect(c.positionals.count == 1)
        #expect(c.positionals[0].isDynamic)
        #expect(c.positionals[0].text == "/{1..99999999}")
    }

    @Test func rootGlobBraces() throws {
        let c = try #require(single("rm -rf /{*,.*}"))
        #expect(texts(c.positionals) == ["/*", "/.*"])
        #expect(c.positionals.allSatisfy { has($0.path, "root_glob") })
    }

    @Test func staticVariablesAreSubstituted() throws {
        #expect(single("D=/; rm -rf $D")?.positionals.first?.text == "/")
        #expect(command("rm", in: "D=\"$HOME\"/x; rm -rf \"$D\"")?.positionals.first?.text == "/home/u/x")
        #expect(command("rm", in: "A=/tmp; B=$A/x; rm -rf ${B}")?.positionals.first?.text == "/tmp/x")
        #expect(command("rm", in: "export T=/etc; rm -rf $T")?.positionals.first?.text == "/etc")
        #expect(command("rm", in: "f() { local P=/usr; rm -rf $P; }")?.positionals.first?.text == "/usr")
    }

    @Test func unquotedValuesAreFieldSplit() throws {
        let c = try #require(single("C='rm -rf /'; $C"))
        #expect(c.program == "rm")
        #expect(c.flags == ["-r", "-f"])
        #expect(texts(c.positionals) == ["/"])
        let quoted = try #require(commands("C='rm -rf /'; \"$C\"").last)
        #expect(quoted.programWord == "rm -rf /")
        #expect(quoted.flags.isEmpty)
    }

    @Test func emptyExpansionDisappears() throws {
        let c = try #require(single("E=; rm -rf $E /tmp/x \"$E\"/"))
        #expect(texts(c.positionals) == ["/tmp/x", "/"])
    }

    @Test func customIFSIsHonoured() throws {
        let c = try #require(command("rm", in: "IFS=,; C=rm,-rf,/; $C"))
        #expect(c.flags == ["-r", "-f"])
        #expect(texts(c.positionals) == ["/"])
    }

    @Test(arguments: [
        "X=/a; X=/b; rm -rf $X",
        "X=/a; read X; rm -rf $X",
        "for X in /a /b; do rm -rf $X; done",
        "X=/a; unset X; rm -rf $X",
        "X=/a; X+=b; rm -rf $X",
        "X=/a; (( X = 1 )); rm -rf $X",
        "X=/a; : ${X:=/b}; rm -rf $X",
        "X=$(pwd); rm -rf $X",
        "X=(a b); rm -rf $X",
        "rm -rf $UNSET",
    ])
    func ambiguousVariablesAreDynamic(script: String) throws {
        let c = try #require(commands(script).last { $0.program == "rm" })
        #expect(c.positionals.first?.isDynamic == true, "\(script)")
        #expect(has(c.positionals.first?.path, "dynamic"), "\(script)")
    }

    @Test func sameValueTwiceIsStillStatic() throws {
        let c = try #require(commands("X=/a; X=/a; rm -rf $X").last)
        #expect(c.positionals.first?.text == "/a")
        #expect(c.positionals.first?.isDynamic == false)
    }

    @Test func variableCyclesAreDynamic() throws {
        let c = try #require(commands("A=$B; B=$A; rm $A").last)
        #expect(c.positionals.first?.isDynamic == true)
    }

    @Test func positionalParametersOfShDashC() throws {
        let c = try #require(single("sh -c 'rm -rf \"$1\"' _ /"))
        #expect(c.program == "rm")
        #expect(texts(c.positionals) == ["/"])
        #expect(has(c.positionals.first?.path, "root"))
        let d = try #require(single("bash -c 'rm -rf \"$2\"' _ /"))
        #expect(d.positionals.first?.isDynamic == true)
    }

    @Test func globsAreDynamicButClassified() throws {
        let c = try #require(single("rm -f *.o src/[ab].c x?"))
        #expect(c.positionals.allSatisfy { $0.isGlob && $0.isDynamic })
        #expect(c.positionals[0].path?.absolute == "/ws/app/*.o")
        #expect(has(c.positionals[0].path, "inside_workspace"))
        let q = try #require(single("echo '*' \"?\" [ ]"))
        #expect(q.arguments.allSatisfy { !$0.isGlob })
    }

    @Test func testBracketIsNotAGlob() throws {
        let c = try #require(single("[ -f x ]"))
        #expect(c.program == "[")
        #expect(!c.programIsDynamic)
    }

    @Test func cdChangesTheWorkingDirectory() throws {
        let all = commands("cd /tmp && rm -rf build; cd ..; rm -rf x; cd; rm y")
        let rms = all.filter { $0.program == "rm" }
        #expect(rms.map { $0.positionals.first?.path?.absolute } == ["/tmp/build", "/x", "/home/u/y"])
    }

    @Test func cdInSubshellDoesNotLeak() throws {
        let rms = commands("(cd /; rm a); rm b; echo $(cd /etc); rm c; cd / & rm d").filter { $0.program == "rm" }
        #expect(rms.map { $0.positionals.first?.path?.absolute } == ["/a", "/ws/app/b", "/ws/app/c", "/ws/app/d"])
    }

    @Test func conditionalCdMakesTheDirectoryUnknown() throws {
        let c = try #require(commands("if x; then cd /; fi; rm -rf *").last)
        #expect(has(c.positionals.first?.path, "dynamic"))
        let d = try #require(commands("cd \"$X\"; rm -rf build").last)
        #expect(has(d.positionals.first?.path, "dynamic"))
        #expect(d.positionals.first?.path?.classes == [.dynamic])
    }

    @Test func functionCallsAreNotReportedButTheirBodiesAre() throws {
        #expect(commands("cleanup() { rm -rf /tmp/x; }; cleanup; cleanup").map(\.program) == ["rm"])
    }

    @Test func functionsCannotHideKnownPrograms() {
        let all = commands("rm() { echo no; }; rm -rf /")
        #expect(all.map(\.program) == ["echo", "rm"])
        #expect(all.last.map { texts($0.positionals) } == ["/"])
    }

    @Test func bareRedirectionIsReported() throws {
        let c = try #require(single("> /etc/passwd"))
        #expect(c.program == "")
        #expect(c.effects.map(\.kind) == [.write])
        #expect(c.effects.first?.path.absolute == "/etc/passwd")
    }

    @Test func timeKeywordIsAVia() throws {
        let all = commands("time rm -rf x | cat")
        #expect(all.map(\.via) == [["time"], ["time"]])
    }

    @Test func substitutionsComeFirst() {
        #expect(commands("rm -rf $(find / -name x)").map(\.program) == ["find", "rm"])
    }

    @Test func directArgvIsLiteral() throws {
        let r = ShellAnalyzer.analyze(argv: ["rm", "-rf", "$HOME", "*"], context: testContext)
        let c = try #require(r.commands.first)
        #expect(texts(c.positionals) == ["$HOME", "*"])
        #expect(c.positionals.allSatisfy { !$0.isDynamic })
    }

    @Test func argvShellDashCIsUnwrapped() throws {
        let r = ShellAnalyzer.analyze(argv: ["/bin/bash", "-lc", "rm -rf \"$1\"", "name", "/"], context: testContext)
        #expect(r.parseError == nil)
        let c = try #require(r.commands.first)
        #expect(c.program == "rm")
        #expect(c.via.isEmpty)
        #expect(texts(c.positionals) == ["/"])
        let bad = ShellAnalyzer.analyze(argv: ["sh", "-c", "echo 'x"], context: testContext)
        #expect(bad.parseError != nil)
        #expect(ShellAnalyzer.analyze(argv: [], context: testContext).commands.isEmpty)
    }

    @Test func argvWrappersAreUnwrapped() throws {
        let r = ShellAnalyzer.analyze(argv: ["sudo", "-u", "root", "rm", "-rf", "/"], context: testContext)
        let c = try #require(r.commands.first)
        #expect(c.program == "rm" && c.privileged && c.via == ["sudo"])
    }
}
