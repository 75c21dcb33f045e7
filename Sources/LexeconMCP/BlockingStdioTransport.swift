#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import struct Foundation.Data
public import class Foundation.Thread
public import Logging
public import MCP

/// A stdio transport for the MCP server that blocks instead of polling.
///
/// The SDK's `StdioTransport` puts stdin in non-blocking mode and sleeps 10 ms whenever a
/// read finds nothing, which adds up to 10 ms to every request. Here a dedicated thread does
/// blocking `read(2)` calls and yields each newline-delimited message into the stream the
/// moment it is complete; `send` writes the message and its newline with `write(2)` from
/// inside the actor, so concurrent responses never interleave on stdout.
public actor BlockingStdioTransport: Transport {
    public nonisolated let logger: Logger

    private let input: Int32
    private let output: Int32
    private let maxMessageBytes: Int
    private var started = false
    private var closed = false
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// - Parameters:
    ///   - maxMessageBytes: a longer line ends the session with an error rather than
    ///     growing the buffer without bound.
    public init(input: Int32 = 0, output: Int32 = 1, maxMessageBytes: Int = 16 << 20, logger: Logger) {
        self.input = input
        self.output = output
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Swift.Error).self)
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        for fd in [input, output] {
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0, flags & O_NONBLOCK != 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        }
        let reader = LineReaderThread(fd: input, maxMessageBytes: maxMessageBytes, continuation: continuation, logger: logger)
        let thread = Thread { reader.run() }
        thread.name = "lexecon-mcp-stdin"
        thread.start()
    }

    public func disconnect() async {
        closed = true
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        guard !closed else { throw MCPError.internalError("the stdio transport is closed") }
        var message = [UInt8](data)
        message.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < message.count {
            let written = message.withUnsafeBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                logger.error("stdout write failed: \(String(cString: strerror(code)))")
                closed = true
                continuation.finish()
                throw MCPError.internalError("stdout write failed: \(String(cString: strerror(code)))")
            }
            offset += written
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Swift.Error> {
        stream
    }
}

/// The reader thread's state: blocking reads, split on LF.
private final class LineReaderThread: @unchecked Sendable {
    // Touched only by the reader thread after start.
    private let fd: Int32
    private let maxMessageBytes: Int
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
    private let logger: Logger

    init(fd: Int32, maxMessageBytes: Int, continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation, logger: Logger) {
        self.fd = fd
        self.maxMessageBytes = maxMessageBytes
        self.continuation = continuation
        self.logger = logger
    }

    func run() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                logger.error("stdin read failed: \(String(cString: strerror(errno)))")
                continuation.finish(throwing: MCPError.internalError("stdin read failed"))
                return
            }
            if count == 0 {
                // A last message without its newline is still a message.
                if !pending.isEmpty { yield(pending[...]) }
                continuation.finish()
                return
            }
            var start = 0
            let chunk = buffer[0..<count]
            var searchFrom = chunk.startIndex
            while let newline = chunk[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                if pending.isEmpty {
                    yield(chunk[start..<newline])
                } else {
                    pending.append(contentsOf: chunk[start..<newline])
                    yield(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                start = newline + 1
                searchFrom = start
            }
            pending.append(contentsOf: chunk[start...])
            if pending.count > maxMessageBytes {
                logger.error("a message is longer than \(maxMessageBytes) bytes; closing the session")
                continuation.finish(throwing: MCPError.parseError("message longer than \(maxMessageBytes) bytes"))
                return
            }
        }
    }

    private func yield(_ line: ArraySlice<UInt8>) {
        var slice = line
        if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        guard !slice.isEmpty else { return }
        continuation.yield(Data(slice))
    }
}
