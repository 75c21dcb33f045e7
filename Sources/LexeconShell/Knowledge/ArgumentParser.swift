/// The normalised reading of a command's arguments.
struct ParsedArguments {
    var flags: Set<String> = []
    var optionValues: [String: [String]] = [:]
    /// Option values as words, for options whose values are paths.
    var optionWords: [(option: String, word: LoweredWord)] = []
    /// Operands in order, with their index in the argument list.
    var positionals: [LoweredWord] = []
    /// The spec in force after subcommands were merged.
    var spec: ProgramSpec?
    /// The subcommand, when the spec has subcommands and one was found.
    var subcommand: String?

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func values(_ flag: String) -> [String] { optionValues[flag] ?? [] }
}

/// Splits arguments into normalised flags, option values and operands.
///
/// Rules (also in the evaluator notes): `--` ends options; `--name=value` is flag `--name`
/// with a value; a long option the spec says takes a value consumes the next word; a
/// single-dash word is a cluster of one-letter flags (`-rf` → `-r -f`) unless the spec
/// reads single-dash words whole (`find -name`); in a cluster, the first letter that takes
/// a value takes the rest of the word or else the next word (`-n5`, `-C dir`); flags are
/// mapped through the spec's aliases (`--recursive` → `-r`); dynamic words are operands.
enum ArgumentParser {
    static func parse(_ args: ArraySlice<LoweredWord>, spec initial: ProgramSpec?) -> ParsedArguments {
        var out = ParsedArguments()
        out.positionals.reserveCapacity(args.count)
        var spec = initial
        var optionsEnded = false
        var i = args.startIndex
        while i < args.endIndex {
            let word = args[i]
            i += 1
            let t = word.bytes
            if !optionsEnded, !word.isDynamic, t.count == 2, t[0] == Byte.minus, t[1] == Byte.minus {
                optionsEnded = true
                continue
            }
            if optionsEnded || word.isDynamic || t.count < 2 || t[0] != Byte.minus {
                if out.positionals.isEmpty, let s = spec, !s.subcommands.isEmpty {
                    let name = word.text
                    out.subcommand = name
                    if let sub = s.subcommands[name] {
                        spec = sub.merged
                    } else {
                        spec = s.withoutSubcommands
                    }
                }
                out.positionals.append(word)
                if spec?.options.stopAtFirstOperand == true { optionsEnded = true }
                continue
            }
            if t[1] == Byte.minus {
                // Long option.
                let (name, value) = split(t)
                let canonical = spec?.canonical(name) ?? name
                out.flags.insert(canonical)
                if let value {
                    record(&out, canonical, LoweredWord(staticBytes: value), spec)
                } else if let s = spec, takesNextValue(canonical, s, next: i < args.endIndex ? args[i] : nil) {
                    record(&out, canonical, args[i], spec)
                    i += 1
                }
                continue
            }
            if let s = spec, s.options.singleDashLong || s.options.singleDashNames.contains(String(decoding: t, as: UTF8.self)) {
                let (name, value) = split(t)
                let canonical = s.canonical(name)
                out.flags.insert(canonical)
                if let value {
                    record(&out, canonical, LoweredWord(staticBytes: value), spec)
                } else if s.options.valueOptions.contains(canonical), !s.options.attachedOnly.contains(canonical), i < args.endIndex {
                    record(&out, canonical, args[i], spec)
                    i += 1
                }
                continue
            }
            if let letters = spec?.options.shortLetters, t.dropFirst().contains(where: { !letters.contains($0) }) {
                out.positionals.append(word)
                continue
            }
            // Cluster of short options.
            var j = 1
            while j < t.count {
                let option = "-" + String(decoding: t[j...j], as: UTF8.self)
                let canonical = spec?.canonical(option) ?? option
                out.flags.insert(canonical)
                if let s = spec, s.options.valueOptions.contains(canonical) {
                    if j + 1 < t.count {
                        var rest = Array(t[(j + 1)...])
                        if rest.first == Byte.equals && !s.options.attachedOnly.contains(canonical) { rest.removeFirst() }
                        record(&out, canonical, LoweredWord(staticBytes: rest), spec)
                    } else if !s.options.attachedOnly.contains(canonical), i < args.endIndex {
                        record(&out, canonical, args[i], spec)
                        i += 1
                    }
                    break
                }
                j += 1
            }
        }
        out.spec = spec
        return out
    }

    private static func takesNextValue(_ canonical: String, _ spec: ProgramSpec, next: LoweredWord?) -> Bool {
        guard let next else { return false }
        if spec.options.attachedOnly.contains(canonical) { return false }
        if spec.options.valueOptions.contains(canonical) { return true }
        if spec.options.longValueByDefault && !spec.options.booleanOptions.contains(canonical) && !canonical.hasPrefix("--no-") {
            return next.isDynamic || next.bytes.first != Byte.minus
        }
        return false
    }

    private static func record(_ out: inout ParsedArguments, _ option: String, _ word: LoweredWord, _ spec: ProgramSpec?) {
        out.optionValues[option, default: []].append(word.text)
        if spec?.options.pathValues.contains(option) == true { out.optionWords.append((option, word)) }
    }

    /// `--name=value` → (`--name`, value); otherwise (word, nil).
    static func split(_ t: [UInt8]) -> (String, [UInt8]?) {
        if let eq = t.firstIndex(of: Byte.equals) {
            return (String(decoding: t[..<eq], as: UTF8.self), Array(t[(eq + 1)...]))
        }
        return (String(decoding: t, as: UTF8.self), nil)
    }
}
