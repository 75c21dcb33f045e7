import Foundation
import Synchronization
import Testing
@testable import LexeconShell

/// Subcommand specs are merged with their program's the first time a command uses them.
@Suite struct ProgramSpecTests {
    static func spec() -> ProgramSpec {
        ProgramSpec(aliases: "-C", values: "-C", subcommands: [
            "push": ProgramSpec(aliases: "-f --force", values: "-o"),
            "commit": ProgramSpec(aliases: "-m --message", values: "-m"),
        ])
    }

    @Test func theMergedSpecHasBothOptionSets() throws {
        let spec = Self.spec()
        let push = try #require(spec.subcommands["push"]).merged
        #expect(push.canonical("--force") == "-f")
        #expect(push.options.valueOptions.isSuperset(of: ["-C", "-o"]))
        #expect(push.subcommands.isEmpty)
        #expect(spec.withoutSubcommands.subcommands.isEmpty)
        #expect(spec.withoutSubcommands.options.valueOptions == ["-C"])
        let parsed = ArgumentParser.parse([LoweredWord("commit"), LoweredWord("--message=x"), LoweredWord("-C"), LoweredWord("d")][...], spec: spec)
        #expect(parsed.subcommand == "commit")
        #expect(parsed.values("-m") == ["x"])
        #expect(parsed.values("-C") == ["d"])
    }

    /// Threads racing to use a subcommand first all get the one merged spec.
    @Test func firstUseFromManyThreadsMergesOnce() throws {
        for _ in 0..<20 {
            let slot = try #require(Self.spec().subcommands["push"])
            let seen = Mutex<[ObjectIdentifier]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let merged = slot.merged
                seen.withLock { $0.append(ObjectIdentifier(merged)) }
            }
            #expect(Set(seen.withLock { $0 }).count == 1)
            #expect(slot.merged.canonical("--force") == "-f")
        }
    }
}
