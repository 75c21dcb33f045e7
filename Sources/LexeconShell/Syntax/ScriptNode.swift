/// A list of and-or lists: a whole script, a compound body or a substitution's contents.
struct ScriptNode {
    var items: [AndOrNode] = []
}

/// Pipelines joined by `&&` / `||`, optionally run in the background (`&`).
struct AndOrNode {
    var pipelines: [PipelineNode]
    var background = false
}

/// Commands joined by `|` or `|&`, optionally negated (`!`) or timed (`time`).
struct PipelineNode {
    var elements: [CommandNode]
    var negated = false
    var timed = false
}
