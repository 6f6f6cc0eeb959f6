import Testing
import Messaging

@Suite("Street custody: a store never takes on a street whose cases are in another store")
struct StreetCustodyTests {
    @Test("a first start holds what it is given; a restart with the same streets, or fewer with none of theirs open, holds them still")
    func steady() throws {
        #expect(try StreetCustody(held: nil).admit(["s01"], adopting: [], openCases: [:], instance: "dispatch-s01", service: "dispatch") == ["s01"])
        #expect(try StreetCustody(held: nil).admit([], adopting: [], openCases: [:], instance: "dispatch-1", service: "dispatch") == ["*"])
        #expect(try StreetCustody(held: ["s01", "s02"]).admit(["s01"], adopting: [], openCases: ["s01": 4], instance: "d", service: "dispatch") == ["s01", "s02"])
        #expect(try StreetCustody(held: ["*"]).admit(["s02"], adopting: [], openCases: ["s02": 1], instance: "d", service: "dispatch") == ["*", "s02"])
    }

    @Test("a street the store never held is refused, naming it and the way to move a partition, unless adopted")
    func neverHeld() throws {
        #expect(throws: StreetCustody.Refusal.neverHeld(instance: "dispatch-s01", service: "dispatch", streets: ["s02"])) {
            try StreetCustody(held: ["s01"]).admit(["s01", "s02"], adopting: [], openCases: [:], instance: "dispatch-s01", service: "dispatch")
        }
        #expect(throws: StreetCustody.Refusal.neverHeld(instance: "dispatch-s01", service: "dispatch", streets: ["*"])) {
            try StreetCustody(held: ["s01"]).admit([], adopting: [], openCases: [:], instance: "dispatch-s01", service: "dispatch")
        }
        #expect(try StreetCustody(held: ["s01"]).admit(["s01", "s03"], adopting: ["s03"], openCases: [:], instance: "d", service: "dispatch") == ["s01", "s03"])
        let said = StreetCustody.Refusal.neverHeld(instance: "dispatch-s01", service: "dispatch", streets: ["s02"]).description
        #expect(said.hasPrefix("dispatch-s01's store never held s02: ") && said.contains("dispatch.adopt: [s02]"))
        #expect(StreetCustody.Refusal.neverHeld(instance: "mediation-s01", service: "mediation", streets: ["s02"]).description
            .contains("mediation.adopt: [s02]"))
    }

    @Test("giving up a street whose cases are open here is refused, with the count of each, whatever the store held")
    func openCases() {
        #expect(throws: StreetCustody.Refusal.openCases(instance: "dispatch-s02", byStreet: ["s02": 3])) {
            try StreetCustody(held: ["s02"]).admit(["s03"], adopting: ["s03"], openCases: ["s02": 3], instance: "dispatch-s02", service: "dispatch")
        }
        #expect(throws: StreetCustody.Refusal.openCases(instance: "dispatch-1", byStreet: ["s02": 1])) {
            try StreetCustody(held: nil).admit(["s01"], adopting: [], openCases: ["s01": 2, "s02": 1], instance: "dispatch-1", service: "dispatch")
        }
        #expect(StreetCustody.Refusal.openCases(instance: "d", byStreet: ["s02": 3, "s01": 1]).description
            .hasPrefix("d's store has open cases of streets it is no longer given (1 of s01, 3 of s02)"))
    }
}
