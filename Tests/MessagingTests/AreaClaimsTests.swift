import Testing
@testable import Messaging

@Suite("Area claims: which instance owns a street")
struct AreaClaimsTests {
    @Test("a service's streets, or all of them, as heartbeats carry them")
    func tokens() {
        #expect(AreaClaims(service: "dispatch", streets: ["s01", "s02"], since: 1).tokens == ["dispatch:s01", "dispatch:s02"])
        #expect(AreaClaims(service: "dispatch", streets: [], since: 1).tokens == ["dispatch:*"])
    }

    @Test("claims meet on the same street of the same service, and 'every street' meets each", arguments: [
        (["s01"], ["dispatch:s01"], ["dispatch:s01"]),
        (["s01"], ["dispatch:s02"], []),
        (["s01"], ["mediation:s01"], []),                       // another service's street is not ours
        (["s01", "s02"], ["dispatch:*"], ["dispatch:s01", "dispatch:s02"]),
        ([], ["dispatch:s02"], ["dispatch:*"]),
        ([], ["mediation:*"], []),
        (["s01"], ["dispatch"], []),                            // not a claim
    ])
    func shared(streets: [String], theirs: [String], expected: [String]) {
        #expect(AreaClaims(service: "dispatch", streets: streets, since: 1).shared(with: theirs) == expected)
    }

    @Test("the later claim yields; at the same moment the later name; a claim with no time never wins")
    func yields() {
        let mine = AreaClaims(service: "dispatch", streets: ["s02"], since: 2_000)
        #expect(mine.yields(to: "dispatch-b", since: 1_000, ownName: "dispatch-a"))
        #expect(!mine.yields(to: "dispatch-b", since: 3_000, ownName: "dispatch-a"))
        #expect(mine.yields(to: "dispatch-a", since: 2_000, ownName: "dispatch-b"))
        #expect(!mine.yields(to: "dispatch-b", since: 2_000, ownName: "dispatch-a"))
        #expect(!mine.yields(to: "dispatch-b", since: nil, ownName: "dispatch-a"))
    }
}
