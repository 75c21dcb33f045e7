/// The context rule examples and test cases are evaluated in, unless they say otherwise.
enum ExampleContext {
    /// Workspace root and working directory of examples.
    static let workspace = "/home/dev/project"
    /// Home directory of examples.
    static let home = "/home/dev"
}
