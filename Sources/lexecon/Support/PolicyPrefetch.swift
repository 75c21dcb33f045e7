import Dispatch
import LexeconPolicy
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts loading the built-in default policy on a second thread at process start, when
/// this invocation will most likely decide with it.
///
/// Loading the built-in policy takes about as long as parsing the command line, reading the
/// keys and opening the ledger; on two cores the two overlap and `lexecon run -- CMD` starts
/// CMD sooner. The guess only decides *when* the policy is loaded, never *which* one: the
/// command still resolves its policy as always, and a wrong guess costs a few milliseconds
/// of another core or gains nothing.
enum PolicyPrefetch {
    /// Subcommands that decide commands with a policy.
    private static let deciding: Set<String> = ["run", "check", "hook", "mcp"]

    static func startIfUseful(arguments: [String]) {
        guard arguments.count > 1, deciding.contains(arguments[1]) else { return }
        for argument in arguments.dropFirst(2) {
            if argument == "--" { break }
            if argument == "--policy" || argument.hasPrefix("--policy=") || argument == "--help" || argument == "-h" { return }
        }
        if PolicyLocation.file(explicit: nil) != nil { return }
        DispatchQueue.global(qos: .userInitiated).async { Policy.prepareBuiltinDefault() }
    }
}
