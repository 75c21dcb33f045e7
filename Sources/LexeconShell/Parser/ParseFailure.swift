/// A parse error at a byte offset; converted to `ShellParseError` (line:column) at the API.
struct ParseFailure: Error {
    var offset: Int
    var message: String

    /// Converts the byte offset in `bytes` to a 1-based line and a 1-based column counted
    /// in Unicode scalars, so editors point at the right character.
    func located(in bytes: [UInt8]) -> ShellParseError {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            if bytes[i] == Byte.newline {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var column = 1
        var j = lineStart
        while j < end {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return ShellParseError(line: line, column: column, message: message)
    }
}
