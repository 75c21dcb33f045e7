import LexeconShell
import Testing

/// Grammar coverage: every construct parses and every command inside it is reported.
@Suite struct ParserTests {
    @Test(arguments: [
        ("a; b", ["a", "b"]),
        ("a && b || c", ["a", "b", "c"]),
        ("a & b", ["a", "b"]),
        ("a\nb\n\nc", ["a", "b", "c"]),
        ("a | b |& c", ["a", "b", "c"]),
        ("! a | b", ["a", "b"]),
        ("(a; b) && { c; d; }", ["a", "b", "c", "d"]),
        ("echo $(a $(b))", ["b", "a", "echo"]),
        ("echo `a \\`b\\``", ["b", "a", "echo"]),
        ("echo $((1 + $(a)))", ["a", "echo"]),
        ("diff <(a) <(b) > >(c)", ["a", "b", "c", "diff"]),
        ("if a; then b; elif c; then d; else e; fi", ["a", "b", "c", "d", "e"]),
        ("for x in 1 2; do a; done", ["a"]),
        ("for x in $(a); do b; done", ["a", "b"]),
        ("for ((i=0; i<3; i++)); do a; done", ["a"]),
        ("for x; do a; done", ["a"]),
        ("for x do a; done", ["a"]),
        ("select x in 1 2; do a; done", ["a"]),
        ("while a; do b; done", ["a", "b"]),
        ("until a; do b; done", ["a", "b"]),
        ("case $x in a|b) c;; (d) e;& f) g;;& *) h;; esac", ["c", "e", "g", "h"]),
        ("case x in esac", []),
        ("case $(a) in x) ;; esac", ["a"]),
        ("[[ -f $(a) && $x =~ ^(b|c)$ ]]", ["a"]),
        ("(( x = $(a) + 1 ))", ["a"]),
        ("f() { a; }; function g { b; }; function h() ( c )", ["a", "b", "c"]),
        ("X=1", []),
        ("X=$(a)", ["a"]),
        ("X=1 Y=2 a", ["a"]),
        ("arr=(1 $(a) 3)", ["a"]),
        ("a # comment; b", ["a"]),
        ("a \\\n  b", ["a"]),
        ("time a | b", ["a", "b"]),
        ("{ a; } > out 2>&1", ["a", ""]),
        ("echo ${x:-$(a)}", ["a", "echo"]),
        ("echo \"$(a \"q\")\"", ["a", "echo"]),
        ("a <<EOF\n$(b)\nEOF\n", ["b", "a"]),
        ("a <<'EOF'\n$(b)\nEOF\n", ["a"]),
        ("a <<-EOF\n\t$(b)\n\tEOF\nc", ["b", "a", "c"]),
        ("a <<A; b <<B\nx\nA\ny\nB\nc", ["a", "b", "c"]),
        ("a $'\\x41' $\"b\"", ["a"]),
        ("echo $(case x in a) b;; esac)", ["b", "echo"]),
        ("a; ", ["a"]),
        ("a &", ["a"]),
        ("if a\nthen\n  b\nfi", ["a", "b"]),
        ("a &&\n b ||\n c", ["a", "b", "c"]),
        ("a |\n b", ["a", "b"]),
    ])
    func constructsParse(script: String, programs: [String]) {
        let result = analyze(script)
        #expect(result.parseError == nil, "\(script): \(String(describing: result.parseError))")
        #expect(result.commands.map(\.program) == programs, "\(script)")
    }

    @Test(arguments: [
        ("echo 'abc", 1, 6, "unterminated single-quoted string"),
        ("echo \"abc", 1, 6, "unterminated double-quoted string"),
        ("if true; then\n  ls\n", 1, 1, "missing 'fi'"),
        ("ls )", 1, 4, "unexpected ')'"),
        ("echo $(ls", 1, 6, "unterminated command substitution"),
        ("echo `ls", 1, 6, "unterminated backquote"),
        ("while true; do ls", 1, 1, "missing 'done'"),
        ("case x in a) ls", 1, 1, "missing 'esac'"),
        ("{ ls", 1, 1, "missing '}'"),
        ("( ls", 1, 1, "missing ')'"),
        ("ls &&", 1, 6, "unexpected end of file"),
        ("| ls", 1, 1, "unexpected '|'"),
        ("ls ;; ls", 1, 4, "unexpected ';;'"),
        ("echo ${x", 1, 6, "unterminated parameter expansion"),
        ("ls >", 1, 4, "expected a word after redirection"),
        ("fi", 1, 1, "unexpected 'fi'"),
        ("if then fi", 1, 1, "empty if condition"),
        ("echo ok\nls 'x\ny", 2, 4, "unterminated single-quoted string"),
        ("echo é 'x", 1, 8, "unterminated single-quoted string"),
        ("[[ -f x", 1, 1, "missing ']]'"),
        ("f() ls", 1, 2, "function body must be a compound command"),
        ("echo $'abc", 1, 6, "unterminated $'"),
        ("a=(1 2", 1, 3, "unterminated array assignment"),
    ])
    func parseErrorsHaveLineAndColumn(script: String, line: Int, column: Int, message: String) throws {
        let result = analyze(script)
        let error = try #require(result.parseError, "\(script) should not parse")
        #expect(result.commands.isEmpty)
        #expect(error.line == line, "\(script): \(error)")
        #expect(error.column == column, "\(script): \(error)")
        #expect(error.message.contains(message), "\(script): \(error)")
    }

    @Test func emptyScriptHasNoCommands() {
        #expect(analyze("").commands.isEmpty)
        #expect(analyze("").parseError == nil)
        #expect(analyze("   \n# only a comment\n").commands.isEmpty)
    }

    @Test func oversizedScriptIsAParseError() throws {
        let context = AnalysisContext(cwd: "/ws", workspace: "/ws", home: "/home/u", maxScriptBytes: 10)
        let error = try #require(ShellAnalyzer.analyze(script: "echo 01234567890", context: context).parseError)
        #expect(error.line == 1 && error.column == 1)
        #expect(error.message.contains("limit"))
    }

    @Test func reservedWordsAreOrdinaryArguments() throws {
        let c = try #require(single("echo if then fi done { } ]]"))
        #expect(texts(c.arguments) == ["if", "then", "fi", "done", "{", "}", "]]"])
    }

    @Test func hereDocBodyIsNotACommand() {
        #expect(commands("cat <<EOF\nrm -rf /\nEOF\n").map(\.program) == ["cat"])
        #expect(commands("cat <<'EOF' > f\nrm -rf /\nEOF").map(\.program) == ["cat"])
    }

    @Test func hereDocAtEndOfFileWithoutDelimiter() {
        #expect(commands("cat <<EOF\nhello").map(\.program) == ["cat"])
        #expect(commands("cat <<EOF").map(\.program) == ["cat"])
    }

    @Test func commentsOnlyAtWordStart() throws {
        let c = try #require(single("echo a#b #c"))
        #expect(texts(c.arguments) == ["a#b"])
    }

    @Test func subshellVersusArithmetic() {
        #expect(commands("((a) | b)").map(\.program) == ["a", "b"])
        #expect(commands("(( 1 + 2 ))").isEmpty)
        #expect(commands("echo $( (a) )").map(\.program) == ["a", "echo"])
    }
}
