import Testing
@testable import LexeconAgents

@Suite("HookJSON")
struct HookJSONTests {
    @Test func readsAnEvent() throws {
        let event = try HookJSON.parse(Array(#"{"a":"x\u00e9\ud83d\ude00","n":-1.5e3,"i":120000,"b":true,"z":null,"l":[1,{}]}"#.utf8))
        #expect(event["a"]?.string == "xé😀")
        #expect(event["n"] == .number("-1.5e3"))
        #expect(event["n"]?.integer == nil)
        #expect(event["i"]?.integer == 120000)
        #expect(event["b"]?.bool == true)
        #expect(event["z"] == .null)
    }

    @Test(arguments: [
        #"{"a":1"#, #"{"a":"x"#, #"{"a":1,"a":2}"#, #"{"a":"\ud800"}"#, "{\"a\":\"\u{1}\"}", #"{"a":01}"#,
        #"{"a":1} x"#, "", #"{"a":tru}"#, #"[1,]"#,
    ])
    func rejects(_ text: String) {
        #expect(throws: HookJSONError.self) { try HookJSON.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: HookJSONError.self) { try HookJSON.parse([0x22, 0xff, 0x22]) }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: HookJSONError.self) { try HookJSON.parse(Array(deep.utf8)) }
    }
}
