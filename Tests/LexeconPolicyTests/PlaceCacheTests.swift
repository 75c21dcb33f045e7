import Foundation
import Synchronization
import Testing
@testable import LexeconPolicy

/// A policy remembers the analysis context of the place the last request came from. A
/// request from another place (workspace, home, cwd, extra protected paths or key
/// directories) must never be
/// decided with the remembered one, sequentially or from many threads.
@Suite struct PlaceCacheTests {
    struct Place: Sendable {
        var cwd: String
        var workspace: String
        var home: String
        var extra: [String]
        var keys: [String] = []
    }

    static let places = [
        Place(cwd: "/work/a", workspace: "/work/a", home: "/home/a", extra: []),
        Place(cwd: "/work/b/sub", workspace: "/work/b", home: "/home/b", extra: []),
        Place(cwd: "/work/a", workspace: "/work/a", home: "/home/a", extra: ["/work/a/secret.db", "/etc/app/**"]),
        Place(cwd: "/work/a/x", workspace: "/work/a", home: "/home/a", extra: []),
        Place(cwd: "/work/a", workspace: "/work/a", home: "/home/a", extra: [], keys: ["/work/a/keys"]),
    ]

    /// Commands whose decision depends on the place: protected directories of the
    /// workspace, the extra paths, home and workspace roots, relative paths.
    static let commands = [
        "rm -rf /work/a/.audit", "rm -rf /work/b/.audit", "rm -rf .audit", "rm -rf ../.lexecon", "rm /work/a/secret.db",
        "echo x > /etc/app/conf", "rm -rf ~", "rm -rf /work/a", "rm -rf /work/b", "rm -rf build", "cat ~/.ssh/id_rsa",
        "ls -la", "git push --force origin main", "tar czf /tmp/k.tgz /work/a/keys", "cp -r keys /tmp/k",
    ]

    static func request(_ command: String, _ place: Place) -> PolicyRequest {
        PolicyRequest(command: .shell(command), cwd: place.cwd, workspace: place.workspace, home: place.home,
                      extraProtectedPaths: place.extra, keyDirectories: place.keys)
    }

    static func load() throws -> Policy {
        try Policy.load(yaml: Array(DefaultPolicy.yaml.utf8), name: "default", checkingExamples: false)
    }

    /// Decisions of a policy that only ever sees one place.
    static func expected() throws -> [[PolicyDecision]] {
        try places.map { place in
            let policy = try load()
            return commands.map { policy.evaluate(request($0, place)) }
        }
    }

    @Test func placesThatAlternateAreDecidedAsOnTheirOwn() throws {
        let expected = try Self.expected()
        // The answers differ between places, so a stale context would show.
        #expect(Set(expected.map { $0.map(\.verdict) }).count > 1)
        let shared = try Self.load()
        for round in 0..<3 {
            for (p, place) in Self.places.enumerated() {
                for (c, command) in Self.commands.enumerated() where (c + round) % 2 == 0 || p % 2 == 1 {
                    let decision = shared.evaluate(Self.request(command, place))
                    #expect(decision.verdict == expected[p][c].verdict, "\(command) at \(place.cwd)")
                    #expect(decision.rule == expected[p][c].rule, "\(command) at \(place.cwd)")
                    #expect(decision.reason == expected[p][c].reason, "\(command) at \(place.cwd)")
                }
            }
        }
    }

    @Test func placesFromManyThreadsAreDecidedAsOnTheirOwn() throws {
        let expected = try Self.expected()
        let shared = try Self.load()
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { thread in
            let p = thread % Self.places.count
            for _ in 0..<20 {
                for (c, command) in Self.commands.enumerated() {
                    let decision = shared.evaluate(Self.request(command, Self.places[p]))
                    if decision.verdict != expected[p][c].verdict || decision.reason != expected[p][c].reason {
                        mismatches.withLock { $0 += 1 }
                    }
                }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
