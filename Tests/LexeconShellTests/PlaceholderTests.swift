import LexeconShell
import Testing

@Test func unparsedScriptsFailClosed() {
    let ctx = AnalysisContext(cwd: "/ws", workspace: "/ws", home: "/home/u")
    #expect(ShellAnalyzer.analyze(script: "", context: ctx).commands.isEmpty)
}
