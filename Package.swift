// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "lexecon",
    products: [
        .executable(name: "lexecon", targets: ["lexecon"]),
        .library(name: "LexeconCrypto", targets: ["LexeconCrypto"]),
        .library(name: "LexeconLedger", targets: ["LexeconLedger"]),
        .library(name: "LexeconVerifier", targets: ["LexeconVerifier"]),
        .library(name: "LexeconShell", targets: ["LexeconShell"]),
        .library(name: "LexeconPolicy", targets: ["LexeconPolicy"]),
        .library(name: "LexeconInterceptor", targets: ["LexeconInterceptor"]),
        .library(name: "LexeconAgents", targets: ["LexeconAgents"]),
        .executable(name: "lexecon-mcp", targets: ["lexecon-mcp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
    ],
    targets: [
        // System libraries: installed by `make` (apt-get) when pkg-config cannot find them.
        .systemLibrary(
            name: "CLibSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // Ed25519, SHA-256, PEM keys, zeroing secret storage.
        .target(name: "LexeconCrypto", dependencies: ["CLibSodium"]),
        // Canonical JSON, records, chain, checkpoints and the durable writer.
        .target(name: "LexeconLedger", dependencies: ["LexeconCrypto"]),
        // The offline verifier: depends on the format and crypto only, never on policy code.
        .target(name: "LexeconVerifier", dependencies: ["LexeconLedger", "LexeconCrypto"]),
        // Shell grammar, parser and lowering to effective commands.
        .target(name: "LexeconShell"),
        // YAML policy loading and evaluation.
        .target(name: "LexeconPolicy", dependencies: ["LexeconShell", "LexeconCrypto", "CLibYAML"]),
        // Request → decision → durable record → (approval) → execution → result record.
        .target(name: "LexeconInterceptor", dependencies: ["LexeconPolicy", "LexeconLedger", "LexeconCrypto"]),
        // Agent integrations: Claude Code hook events and answers.
        .target(name: "LexeconAgents", dependencies: ["LexeconInterceptor", "LexeconLedger", "LexeconCrypto"]),
        // The MCP server (swift-sdk) and its blocking stdio transport. The SDK links full Foundation
        // with FoundationNetworking (libcurl and ~35 more shared libraries, ~13 ms CPU per process
        // start), so it lives in its own executable, `lexecon-mcp`, which `lexecon mcp` execs:
        // `lexecon run` and the hook stay fast.
        .target(
            name: "LexeconMCP",
            dependencies: ["LexeconInterceptor", "LexeconLedger", "LexeconPolicy", .product(name: "MCP", package: "swift-sdk")]
        ),
        .executableTarget(name: "lexecon-mcp", dependencies: ["LexeconMCP"]),

        .executableTarget(
            name: "lexecon",
            dependencies: [
                "LexeconCrypto", "LexeconLedger", "LexeconVerifier", "LexeconShell", "LexeconPolicy", "LexeconInterceptor",
                "LexeconAgents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "lexecon-bench",
            dependencies: ["LexeconCrypto", "LexeconLedger", "LexeconVerifier", "LexeconShell", "LexeconPolicy", "LexeconInterceptor", "CLibSodium"]
        ),

        .testTarget(name: "LexeconCryptoTests", dependencies: ["LexeconCrypto"], resources: [.copy("Vectors")]),
        .testTarget(name: "LexeconLedgerTests", dependencies: ["LexeconLedger", "LexeconCrypto"], resources: [.copy("Vectors")]),
        .testTarget(name: "LexeconVerifierTests", dependencies: ["LexeconVerifier", "LexeconLedger", "LexeconCrypto"], resources: [.copy("Vectors")]),
        .testTarget(name: "LexeconShellTests", dependencies: ["LexeconShell"]),
        .testTarget(name: "LexeconPolicyTests", dependencies: ["LexeconPolicy", "LexeconShell"], resources: [.copy("Corpus")]),
        .testTarget(name: "LexeconInterceptorTests", dependencies: ["LexeconInterceptor", "LexeconLedger", "LexeconCrypto"]),
        .testTarget(
            name: "LexeconAgentsTests",
            dependencies: ["LexeconAgents", "LexeconMCP", "LexeconInterceptor", "LexeconLedger", "LexeconCrypto",
                           .product(name: "MCP", package: "swift-sdk")]
        ),
        .testTarget(name: "LexeconCLITests", dependencies: ["LexeconCrypto", "LexeconLedger"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
