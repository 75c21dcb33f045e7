/// A word after quote removal and static expansion.
public struct Word: Sendable, Hashable {
    /// The text after quote and escape removal, `$'…'` decoding, tilde and brace expansion.
    /// Dynamic parts are kept as written (`$HOME`, `$(cmd)`) so reasons stay readable.
    public var text: String
    /// True when the word's value depends on run time (`$X`, `$(…)`, backticks, globs
    /// that are not resolved, `${!v}`, arrays).
    public var isDynamic: Bool
    /// The word resolved as a path against the request's `cwd` (and `~` against the home
    /// directory given in the context), when it is usable as one; nil for dynamic words.
    public var path: ResolvedPath?
    /// True when the word contains unquoted glob characters (`*`, `?`, `[…]`). Such a
    /// word is also `isDynamic` (what it matches is only known at run time) but still has
    /// a lexically resolved `path` whose classes say what the glob covers (`/*` →
    /// `root_glob`).
    public var isGlob: Bool

    public init(text: String, isDynamic: Bool = false, path: ResolvedPath? = nil, isGlob: Bool = false) {
        self.text = text
        self.isDynamic = isDynamic
        self.path = path
        self.isGlob = isGlob
    }
}
