// swift-tools-version: 6.1
// A program that embeds the lexecon gate. Not built by `make test`; build it with
//   cd Examples/embed-swift && swift build && .build/debug/embed-example
import PackageDescription

let package = Package(
    name: "embed-example",
    dependencies: [
        .package(name: "lexecon", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "embed-example",
            dependencies: [
                .product(name: "LexeconInterceptor", package: "lexecon"),
                .product(name: "LexeconCrypto", package: "lexecon"),
                .product(name: "LexeconLedger", package: "lexecon"),
            ]
        ),
    ]
)
