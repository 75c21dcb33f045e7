import Testing
import LexeconCrypto

/// Expects `body` to throw a ``CryptoError`` with `code`; returns the error for message checks.
@discardableResult
func expectCryptoError<T>(_ code: CryptoError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () throws -> T) -> CryptoError? {
    do {
        _ = try body()
        Issue.record("expected CryptoError \(code), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as CryptoError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected CryptoError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
