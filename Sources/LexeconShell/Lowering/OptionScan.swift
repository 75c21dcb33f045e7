/// Skips a wrapper's own options to find where its command starts.
struct OptionScan {
    /// Index of the first operand (== argv.count when there is none).
    var operandIndex: Int
    var flags: Set<String> = []
    var values: [String: [LoweredWord]] = [:]

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ flag: String) -> LoweredWord? { values[flag]?.last }

    /// Scans options from `start`. `valueOptions` take the next word (or the rest of a
    /// cluster / `=value`); `attached` take only an attached value (`-i[SUF]`). Stops at
    /// the first operand, at `--` (consumed) or at a dynamic word.
    static func scan(_ argv: [LoweredWord], from start: Int, values valueOptions: Set<String> = [],
                     attached: Set<String> = [], plusOptions: Bool = false) -> OptionScan {
        var out = OptionScan(operandIndex: argv.count)
        var i = start
        while i < argv.count {
            let word = argv[i]
            let t = word.bytes
            guard !word.isDynamic, t.count >= 2, t[0] == Byte.minus || (plusOptions && t[0] == Byte.plus) else { break }
            if t == [Byte.minus, Byte.minus] {
                i += 1
                break
            }
            if t[1] == Byte.minus {
                let (name, value) = ArgumentParser.split(t)
                out.flags.insert(name)
                if let value {
                    out.values[name, default: []].append(LoweredWord(staticBytes: value))
                } else if valueOptions.contains(name), i + 1 < argv.count {
                    out.values[name, default: []].append(argv[i + 1])
                    i += 1
                }
                i += 1
                continue
            }
            var j = 1
            while j < t.count {
                let option = "-" + String(decoding: t[j...j], as: UTF8.self)
                out.flags.insert(option)
                if valueOptions.contains(option) || attached.contains(option) {
                    if j + 1 < t.count {
                        out.values[option, default: []].append(LoweredWord(staticBytes: Array(t[(j + 1)...])))
                    } else if valueOptions.contains(option), i + 1 < argv.count {
                        out.values[option, default: []].append(argv[i + 1])
                        i += 1
                    }
                    break
                }
                j += 1
            }
            i += 1
        }
        out.operandIndex = min(i, argv.count)
        return out
    }
}
