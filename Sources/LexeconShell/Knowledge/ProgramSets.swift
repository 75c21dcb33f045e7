/// Families of programs the lowering treats specially.
enum ProgramSets {
    /// Shells whose `-c SCRIPT`, stdin script or here-doc is parsed as a nested script.
    static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "yash", "rbash", "posh", "lksh"]

    /// Wrappers that run the rest of their arguments as a command; they are not reported
    /// themselves when they wrap a command (only listed in `via`).
    static let wrappers: Set<String> = [
        "sudo", "doas", "pkexec", "su", "env", "nice", "nohup", "timeout", "time", "command", "builtin", "exec", "stdbuf",
        "setsid", "flock", "chroot", "ionice", "taskset", "unbuffer", "watch", "strace", "ltrace", "xargs", "parallel",
        "busybox", "toybox", "eval", "trap", "caffeinate", "chrt", "cpulimit", "firejail", "torsocks", "proxychains",
        "proxychains4", "catchsegv", "faketime", "fakeroot", "runuser", "sg", "script", "numactl", "systemd-run",
    ]

    /// Interpreters whose inline code (`-c`, `-e`) or stdin code cannot be analysed.
    struct Interpreter {
        /// Short letters that introduce inline code (`c` for python, `e` for perl/ruby).
        var codeLetters: Set<UInt8>
        /// Long or single-dash-long options that introduce inline code.
        var codeOptions: Set<String> = []
        /// Short letters that take a value which is not code.
        var valueLetters: Set<UInt8> = []
        /// Options after which the rest is a module/program name, not a script file.
        var moduleLetters: Set<UInt8> = []
        /// A subcommand that takes code (`deno eval CODE`).
        var evalSubcommand: String?
    }

    static func interpreter(_ program: String) -> Interpreter? {
        if program.hasPrefix("python") || program == "pypy" || program == "pypy3" {
            return Interpreter(codeLetters: ascii("c"), valueLetters: ascii("WXQ"), moduleLetters: ascii("m"))
        }
        switch program {
        case "node", "nodejs", "bun":
            return Interpreter(codeLetters: ascii("ep"), codeOptions: ["--eval", "--print"], valueLetters: ascii("r"))
        case "deno": return Interpreter(codeLetters: [], evalSubcommand: "eval")
        case "perl", "perl5": return Interpreter(codeLetters: ascii("eE"), valueLetters: ascii("IMmx"))
        case "ruby", "jruby": return Interpreter(codeLetters: ascii("e"), valueLetters: ascii("Irx"))
        case "php": return Interpreter(codeLetters: ascii("r"), valueLetters: ascii("dcf"))
        case "lua", "luajit": return Interpreter(codeLetters: ascii("e"), valueLetters: ascii("l"))
        case "osascript": return Interpreter(codeLetters: ascii("e"), valueLetters: ascii("l"))
        case "Rscript": return Interpreter(codeLetters: ascii("e"))
        case "pwsh", "powershell", "powershell.exe":
            return Interpreter(codeLetters: ascii("c"), codeOptions: ["-Command", "-command", "-EncodedCommand", "-encodedcommand", "-ec", "-e", "-enc"])
        case "tclsh", "wish", "irb", "jshell", "groovy", "scala", "julia", "guile", "racket", "sbcl", "gjs":
            return Interpreter(codeLetters: ascii("e"))
        default: return nil
        }
    }

    static let awks: Set<String> = ["awk", "gawk", "mawk", "nawk", "busybox-awk"]

    private static func ascii(_ s: String) -> Set<UInt8> { Set(s.utf8) }

    /// Programs the knowledge tables describe; a script function with such a name does
    /// not hide the call.
    static func isKnown(_ program: String) -> Bool {
        shells.contains(program) || wrappers.contains(program) || ProgramTable.table[program] != nil
            || interpreter(program) != nil || awks.contains(program) || FileEffects.isKnown(program)
    }
}
