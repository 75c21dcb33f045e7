/// What `echo`, `printf` and `cat <<EOF` print when everything is static, so that
/// `echo 'rm -rf /' | sh` can be analysed as the script it feeds.
enum StaticOutput {
    static func of(_ argv: [LoweredWord], stdin: StdinSource) -> [UInt8]? {
        guard let first = argv.first, !argv.contains(where: \.isDynamic) else { return nil }
        switch Lowerer.basename(first.bytes) {
        case "echo": return echo(argv.dropFirst())
        case "printf": return printf(argv.dropFirst())
        case "cat":
            guard argv.count == 1 || (argv.count == 2 && argv[1].bytes == [Byte.minus]) else { return nil }
            if case .document(let text?, _, _) = stdin { return text }
            if case .pipe(_, let text?) = stdin { return text }
            return nil
        default: return nil
        }
    }

    private static func echo(_ args: ArraySlice<LoweredWord>) -> [UInt8] {
        var newline = true
        var escapes = false
        var rest = args
        while let option = rest.first?.bytes, option.count >= 2, option[0] == Byte.minus,
            option.dropFirst().allSatisfy({ $0 == UInt8(ascii: "n") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        {
            for b in option.dropFirst() {
                if b == UInt8(ascii: "n") { newline = false }
                if b == UInt8(ascii: "e") { escapes = true }
                if b == UInt8(ascii: "E") { escapes = false }
            }
            rest = rest.dropFirst()
        }
        var out: [UInt8] = []
        for (i, word) in rest.enumerated() {
            if i > 0 { out.append(Byte.space) }
            out.append(contentsOf: escapes ? decodeEscapes(word.bytes) : word.bytes)
        }
        if newline { out.append(Byte.newline) }
        return out
    }

    /// `printf FORMAT ARGS…` for `%s`, `%b`, `%%` and backslash escapes; nil otherwise.
    private static func printf(_ args: ArraySlice<LoweredWord>) -> [UInt8]? {
        var rest = args
        if rest.first?.bytes == [Byte.minus, Byte.minus] { rest = rest.dropFirst() }
        guard let format = rest.first?.bytes else { return nil }
        var operands = Array(rest.dropFirst())
        var out: [UInt8] = []
        var rounds = 0
        repeat {
            var consumed = false
            var i = 0
            while i < format.count {
                let b = format[i]
                if b == Byte.percent, i + 1 < format.count {
                    let c = format[i + 1]
                    i += 2
                    if c == Byte.percent {
                        out.append(Byte.percent)
                    } else if c == UInt8(ascii: "s") || c == UInt8(ascii: "b") {
                        let value = operands.isEmpty ? [] : operands.removeFirst().bytes
                        consumed = true
                        out.append(contentsOf: c == UInt8(ascii: "b") ? decodeEscapes(value) : value)
                    } else {
                        return nil
                    }
                } else if b == Byte.backslash {
                    var j = i
                    out.append(contentsOf: decodeEscape(format, &j))
                    i = j
                } else {
                    out.append(b)
                    i += 1
                }
            }
            rounds += 1
            if !consumed { break }
        } while !operands.isEmpty && rounds < 1000
        return out
    }

    static func decodeEscapes(_ t: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            if t[i] == Byte.backslash {
                out.append(contentsOf: decodeEscape(t, &i))
            } else {
                out.append(t[i])
                i += 1
            }
        }
        return out
    }

    /// Decodes one backslash escape at `t[i]`, advancing `i`.
    private static func decodeEscape(_ t: [UInt8], _ i: inout Int) -> [UInt8] {
        guard i + 1 < t.count else {
            i += 1
            return [Byte.backslash]
        }
        let e = t[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "n"): return [Byte.newline]
        case UInt8(ascii: "t"): return [Byte.tab]
        case UInt8(ascii: "r"): return [0x0D]
        case Byte.backslash: return [Byte.backslash]
        case UInt8(ascii: "x"):
            var value: UInt8 = 0
            var digits = 0
            while digits < 2, i < t.count, let d = hexDigit(t[i]) {
                value = value &* 16 &+ d
                i += 1
                digits += 1
            }
            return digits == 0 ? [Byte.backslash, e] : [value]
        case Byte.zero...UInt8(ascii: "7"):
            var value = UInt32(e - Byte.zero)
            var digits = 1
            while digits < 3, i < t.count, t[i] >= Byte.zero, t[i] <= UInt8(ascii: "7") {
                value = value * 8 + UInt32(t[i] - Byte.zero)
                i += 1
                digits += 1
            }
            return [UInt8(truncatingIfNeeded: value)]
        default: return [Byte.backslash, e]
        }
    }

    private static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case Byte.zero...Byte.nine: return b - Byte.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
