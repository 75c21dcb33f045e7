import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process entry point: settles process-wide signal dispositions, then runs the CLI.
@main
enum Main {
    static func main() async {
        // A write past RLIMIT_FSIZE must fail with EFBIG (and be reported, nothing run)
        // rather than kill lexecon with SIGXFSZ before it can say why.
        signal(SIGXFSZ, SIG_IGN)
        // A closed stdout must surface as EPIPE from write(), not kill the process mid-record.
        signal(SIGPIPE, SIG_IGN)
        PolicyPrefetch.startIfUseful(arguments: CommandLine.arguments)
        await Lexecon.main()
    }
}
