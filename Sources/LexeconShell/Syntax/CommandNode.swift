/// One element of a pipeline.
indirect enum CommandNode {
    case simple(SimpleCommandNode)
    case compound(CompoundNode)
    case function(FunctionNode)
}

/// `NAME=value … word … redirection …`
struct SimpleCommandNode {
    var assignments: [AssignmentNode] = []
    var words: [WordNode] = []
    var redirections: [RedirectionNode] = []
    /// Byte offset of the command's first token.
    var offset: Int
}

/// `NAME=value`, `NAME+=value` or `NAME=(a b c)`.
struct AssignmentNode {
    var name: String
    /// The value word; nil for array assignments.
    var value: WordNode?
    /// Elements of an array assignment.
    var elements: [WordNode]?
    /// `NAME+=…` appends, so the resulting value is not the word alone.
    var isAppend = false
}

/// `name() body` or `function name body`.
struct FunctionNode {
    var name: String
    var body: CommandNode
}

/// Any compound command. Lowering only needs what runs: bodies, evaluated words and
/// nested scripts from arithmetic text, so one shape serves every kind.
struct CompoundNode {
    enum Kind {
        case subshell, group, ifClause, whileLoop, untilLoop, forLoop, selectLoop
        case arithmeticFor, caseClause, conditional, arithmetic
    }
    var kind: Kind
    /// Bodies in source order (condition lists included).
    var bodies: [ScriptNode] = []
    /// Words evaluated by the construct (`for` list, `case` subject and patterns, `[[ … ]]`).
    var words: [WordNode] = []
    /// The loop variable of `for`/`select`.
    var variable: String?
    /// Command substitutions found in arithmetic text (`(( $(cmd) ))`, `for ((…))`).
    var nested: [ScriptNode] = []
    /// Arithmetic text as written (`(( … ))`, `for (( … ))`), for variables it assigns.
    var arithmeticText: [UInt8] = []
    var redirections: [RedirectionNode] = []
}
