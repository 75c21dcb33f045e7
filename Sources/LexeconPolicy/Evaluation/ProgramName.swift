/// A program name as a dictionary or set key, compared and hashed as UTF-8 bytes.
///
/// Swift strings compare by Unicode canonical equivalence, so a precomposed `café` equals a
/// decomposed one; on disk they are two different files. Literal `program:` names are
/// indexed by this key so they match exactly like every other glob: byte for byte.
struct ProgramName: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: ProgramName, rhs: ProgramName) -> Bool {
        lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
