#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Record timestamps: UTC RFC 3339 with exactly six fractional digits, and the monotonic
/// clock and boot id that let a verifier tell a wall-clock step from tampering.
public enum Timestamp {
    /// The current time as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    public static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: Int(spec.tv_sec), microseconds: Int(spec.tv_nsec / 1000))
    }

    /// Formats a UTC time in the years 0000–9999; `microseconds` is 0–999,999.
    public static func format(seconds: Int, microseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        precondition((0..<1_000_000).contains(microseconds) && (0...9999).contains(Int(parts.tm_year) + 1900),
                     "timestamp out of the format's range")
        // Written digit by digit: this runs for every record appended.
        return String(unsafeUninitializedCapacity: 27) { out in
            var at = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    out[i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                at += width
            }
            func put(_ separator: Unicode.Scalar) {
                out[at] = UInt8(ascii: separator)
                at += 1
            }
            put(Int(parts.tm_year) + 1900, 4); put("-"); put(Int(parts.tm_mon) + 1, 2); put("-"); put(Int(parts.tm_mday), 2)
            put("T"); put(Int(parts.tm_hour), 2); put(":"); put(Int(parts.tm_min), 2); put(":"); put(Int(parts.tm_sec), 2)
            put("."); put(microseconds, 6); put("Z")
            return at
        }
    }

    /// True when `text` has the exact shape `YYYY-MM-DDTHH:MM:SS.ffffffZ` with plausible fields.
    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            guard b.count == 27 else { return false }
            // Digits everywhere but the separators of YYYY-MM-DDTHH:MM:SS.ffffffZ.
            for i in 0..<26 where i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19 {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return false }
            }
            guard b[4] == 0x2d, b[7] == 0x2d, b[10] == 0x54, b[13] == 0x3a, b[16] == 0x3a, b[19] == 0x2e, b[26] == 0x5a else {
                return false
            }
            func number(_ from: Int) -> Int { Int(b[from] - 0x30) * 10 + Int(b[from + 1] - 0x30) }
            let month = number(5), day = number(8), hour = number(11), minute = number(14), second = number(17)
            return (1...12).contains(month) && (1...31).contains(day) && hour < 24 && minute < 60 && second < 61
        }
    }

    /// Nanoseconds of the monotonic clock (not comparable across boots).
    public static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// The kernel's boot id (Linux), or nil where there is none.
    public static let bootID: String? = {
        let fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 64) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        let trimmed = text.split(whereSeparator: { $0 == "\n" || $0 == " " }).first.map(String.init)
        return trimmed?.isEmpty == false ? trimmed : nil
    }()
}
