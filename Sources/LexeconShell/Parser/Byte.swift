/// ASCII byte constants used by the parser and lowering, which work on UTF-8 bytes.
enum Byte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let bang: UInt8 = 0x21  // !
    static let doubleQuote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let dollar: UInt8 = 0x24  // $
    static let percent: UInt8 = 0x25  // %
    static let ampersand: UInt8 = 0x26  // &
    static let singleQuote: UInt8 = 0x27  // '
    static let openParen: UInt8 = 0x28  // (
    static let closeParen: UInt8 = 0x29  // )
    static let star: UInt8 = 0x2A  // *
    static let plus: UInt8 = 0x2B  // +
    static let comma: UInt8 = 0x2C  // ,
    static let minus: UInt8 = 0x2D  // -
    static let dot: UInt8 = 0x2E  // .
    static let slash: UInt8 = 0x2F  // /
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A  // :
    static let semicolon: UInt8 = 0x3B  // ;
    static let less: UInt8 = 0x3C  // <
    static let equals: UInt8 = 0x3D  // =
    static let greater: UInt8 = 0x3E  // >
    static let question: UInt8 = 0x3F  // ?
    static let at: UInt8 = 0x40  // @
    static let openBracket: UInt8 = 0x5B  // [
    static let backslash: UInt8 = 0x5C  // \
    static let closeBracket: UInt8 = 0x5D  // ]
    static let caret: UInt8 = 0x5E  // ^
    static let underscore: UInt8 = 0x5F  // _
    static let backtick: UInt8 = 0x60  // `
    static let openBrace: UInt8 = 0x7B  // {
    static let pipe: UInt8 = 0x7C  // |
    static let closeBrace: UInt8 = 0x7D  // }
    static let tilde: UInt8 = 0x7E  // ~

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == underscore
    }
    @inline(__always) static func isNameChar(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    /// Bytes that end an unquoted word (blanks, newline and the shell's operator characters).
    @inline(__always) static func isWordBreak(_ b: UInt8) -> Bool {
        switch b {
        case space, tab, newline, semicolon, ampersand, pipe, openParen, closeParen, less, greater: return true
        default: return false
        }
    }
    @inline(__always) static func isGlobMeta(_ b: UInt8) -> Bool { b == star || b == question || b == openBracket }
}

extension Array where Element == UInt8 {
    /// The bytes as a String (invalid UTF-8 is replaced, never trapped on).
    var string: String { String(decoding: self, as: UTF8.self) }
}

extension ArraySlice where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}
