import ArgumentParser

// Exit codes are declared once here and documented in the README.
extension ExitCode {
    /// `verify`: the ledger is invalid (also `--strict` with warnings).
    static let invalid = ExitCode(1)
    /// `verify`: usage or I/O error (the ledger could not be read at all).
    static let ioError = ExitCode(2)
    /// `verify`: valid, with warnings only (something was not proven).
    static let validWithWarnings = ExitCode(3)
    /// `check`/`run`: the policy decided BLOCK (EX_NOPERM).
    static let blocked = ExitCode(77)
    /// `check`/`run`: the policy decided ESCALATE and no approval was given (EX_TEMPFAIL).
    static let escalated = ExitCode(75)
    /// lexecon itself failed before anything ran (key, policy, ledger): nothing executed (EX_SOFTWARE).
    static let internalFailure = ExitCode(70)
}
