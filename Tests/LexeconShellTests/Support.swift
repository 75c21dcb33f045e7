import LexeconShell
import Testing

/// The context every test uses unless it needs its own.
let testContext = AnalysisContext(
    cwd: "/ws/app", workspace: "/ws", home: "/home/u",
    protectedPaths: ["/ws/.audit/ledger.jsonl*", "/ws/.lexecon/**"])

func analyze(_ script: String, context: AnalysisContext = testContext) -> ShellAnalysis {
    ShellAnalyzer.analyze(script: script, context: context)
}

/// The commands of a script that must parse.
func commands(_ script: String, context: AnalysisContext = testContext, sourceLocation: SourceLocation = #_sourceLocation) -> [EffectiveCommand] {
    let result = analyze(script, context: context)
    #expect(result.parseError == nil, "unexpected parse error \(String(describing: result.parseError)) for \(script)", sourceLocation: sourceLocation)
    return result.commands
}

/// The only command of a script.
func single(_ script: String, context: AnalysisContext = testContext, sourceLocation: SourceLocation = #_sourceLocation) -> EffectiveCommand? {
    let all = commands(script, context: context, sourceLocation: sourceLocation)
    #expect(all.count == 1, "expected one command, got \(all.map(render)) for \(script)", sourceLocation: sourceLocation)
    return all.first
}

/// The first command running `program`.
func command(_ program: String, in script: String, context: AnalysisContext = testContext, sourceLocation: SourceLocation = #_sourceLocation) -> EffectiveCommand? {
    let all = commands(script, context: context, sourceLocation: sourceLocation)
    let found = all.first { $0.program == program }
    #expect(found != nil, "no \(program) in \(all.map(render)) for \(script)", sourceLocation: sourceLocation)
    return found
}

func texts(_ words: [Word]) -> [String] { words.map(\.text) }

/// A compact rendering for failure messages.
func render(_ c: EffectiveCommand) -> String {
    var s = c.program.isEmpty ? "<bare>" : c.program
    if c.programIsDynamic { s += "(dyn)" }
    s += " flags=\(c.flags.sorted()) pos=\(texts(c.positionals))"
    if !c.optionValues.isEmpty { s += " values=\(c.optionValues.sorted { $0.key < $1.key })" }
    if !c.via.isEmpty { s += " via=\(c.via)" }
    if c.privileged { s += " priv" }
    if !c.upstream.isEmpty { s += " upstream=\(c.upstream)" }
    if let o = c.opaque { s += " opaque=\(o.kind.rawValue)(\(o.detail))" }
    for e in c.effects { s += " \(e.kind.rawValue)\(e.recursive ? "-r" : ""):\(e.path.absolute)\(e.path.classes.map(\.rawValue).sorted())" }
    return s
}

func classes(_ path: ResolvedPath?) -> Set<String> { Set(path?.classes.map(\.rawValue) ?? []) }

/// True when the path has every one of the classes.
func has(_ path: ResolvedPath?, _ names: String...) -> Bool {
    let present = classes(path)
    return names.allSatisfy(present.contains)
}
