/// Splits `env -S` strings into words: blanks separate, `'…'` is literal, `"…"` and `\`
/// escape, `${NAME}` is a run-time value.
enum ArgumentSplitter {
    static func split(_ t: [UInt8]) -> [LoweredWord] {
        var words: [LoweredWord] = []
        var current: [UInt8] = []
        var inWord = false
        var dynamicAt: Int?
        var i = 0
        func finish() {
            if inWord {
                words.append(LoweredWord(bytes: current, isDynamic: dynamicAt != nil, staticPrefix: dynamicAt))
            }
            current = []
            inWord = false
            dynamicAt = nil
        }
        while i < t.count {
            let b = t[i]
            switch b {
            case Byte.space, Byte.tab, Byte.newline:
                finish()
                i += 1
            case Byte.singleQuote:
                inWord = true
                i += 1
                while i < t.count && t[i] != Byte.singleQuote {
                    current.append(t[i])
                    i += 1
                }
                i += 1
            case Byte.doubleQuote:
                inWord = true
                i += 1
                while i < t.count && t[i] != Byte.doubleQuote {
                    if t[i] == Byte.backslash && i + 1 < t.count { i += 1 }
                    if t[i] == Byte.dollar && dynamicAt == nil { dynamicAt = current.count }
                    current.append(t[i])
                    i += 1
                }
                i += 1
            case Byte.backslash:
                inWord = true
                if i + 1 < t.count {
                    let e = t[i + 1]
                    if e == UInt8(ascii: "c") {
                        // `\c` ends the string.
                        finish()
                        return words
                    }
                    current.append(e == UInt8(ascii: "_") ? Byte.space : e)
                }
                i += 2
            case Byte.dollar:
                inWord = true
                if dynamicAt == nil { dynamicAt = current.count }
                current.append(b)
                i += 1
            default:
                inWord = true
                current.append(b)
                i += 1
            }
        }
        finish()
        return words
    }
}
