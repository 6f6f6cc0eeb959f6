import Contracts
import Foundation
import Testing
@testable import Envelope

@Suite("Typed payloads: contracts to JSON trees and back, and their schemas")
struct CodingTests {
    struct Sample: Codable, Equatable {
        enum Kind: String, ContractEnum { case small, large }
        var name: String
        var count: Int
        var ratio: Double?
        var kind: Kind
        var at: Date
        var tags: [String]
        var extra: [String: Int]?
        var nested: Inner?
        struct Inner: Codable, Equatable { var flag: Bool }
    }

    let sample = Sample(name: "a", count: 3, ratio: nil, kind: .large, at: Date(timeIntervalSince1970: 1_795_000_000.5), tags: ["x"],
                        extra: ["k": 1], nested: .init(flag: true))

    @Test("a value survives encoding to a tree, writing, parsing and decoding; nil members are left out; dates are RFC 3339")
    func roundTrip() throws {
        let tree = try JSONValueEncoder().encode(sample)
        #expect(tree["ratio"] == nil)
        #expect(tree["at"] == "2026-11-18T11:06:40.500Z")
        #expect(tree["kind"] == "large")
        let bytes = try tree.jsonData()
        #expect(try JSONValueDecoder().decode(Sample.self, from: JSONValue.parse(bytes)) == sample)
    }

    @Test("decoding names the field and what is wrong with it")
    func decodingErrors() throws {
        func reason(_ json: String, strict: Bool = false) -> String {
            do {
                _ = try JSONValueDecoder(rejectingUnknownKeys: strict).decode(Sample.self, from: JSONValue.parse(Data(json.utf8)))
                return "decoded"
            } catch let error as DecodingError {
                return "\(error.fieldAndReason.field): \(error.fieldAndReason.reason)"
            } catch {
                return "\(error)"
            }
        }
        let valid = #""name":"a","kind":"small","at":"2026-11-18T14:13:20Z","tags":[]"#
        #expect(reason("{\(valid)}") == "count: is required")
        #expect(reason(#"{\#(valid),"count":1.5}"#) == "count: must be a whole number in range")
        #expect(reason(#"{\#(valid),"count":"3"}"#) == "count: expected an integer, found a string")
        #expect(reason(#"{"name":"a","count":1,"kind":"huge","at":"2026-11-18T14:13:20Z","tags":[]}"#) == "kind: must be one of small, large")
        #expect(reason(#"{"name":"a","count":1,"kind":"small","at":"2026-11-18 14:13","tags":[]}"#) == "at: is not an RFC 3339 time with a zone")
        #expect(reason(#"{\#(valid),"count":1,"tags":[1]}"#) == "tags[0]: expected a string, found a number")
        #expect(reason(#"{\#(valid),"count":1,"colour":"red"}"#) == "decoded", "unknown members are ignored by default")
        #expect(reason(#"{\#(valid),"count":1,"colour":"red"}"#, strict: true) == "colour: is not a field of this message")
    }

    @Test("the schema is read off the type: required and optional members, enums, arrays, maps, nesting")
    func schema() throws {
        let schema = JSONSchema.of(Sample.self)
        #expect(schema["type"] == "object")
        #expect(schema["required"] == ["name", "count", "kind", "at", "tags"])
        let properties = try #require(schema["properties"])
        #expect(properties["ratio"] == ["type": "number"])
        #expect(properties["kind"] == ["type": "string", "enum": ["small", "large"]])
        #expect(properties["at"] == ["type": "string", "format": "date-time"])
        #expect(properties["tags"] == ["type": "array", "items": ["type": "string"]])
        #expect(properties["extra"] == ["type": "object", "additionalProperties": ["type": "integer"]])
        #expect(properties["nested"] == ["type": "object", "properties": ["flag": ["type": "boolean"]], "required": ["flag"]])
    }

    @Test("a flattened contract reads its shared part and its own at one level")
    func flattened() throws {
        let step = CaseStep(caseID: "c1", status: .acknowledged, category: "gkpw",
                            location: GridLocation(street: "s01", community: "c01", grid: "g01"), reporter: nil,
                            detail: TaskStepped(step: .acknowledged, task: "c1-cg", department: "cg", role: .lead, state: .acknowledged))
        let tree = try JSONValueEncoder().encode(step)
        #expect(tree["case"] == "c1" && tree["action"] == "acknowledged" && tree["task"] == "c1-cg" && tree["reporter"] == nil)
        #expect(step.eventType == "whistle.case.acknowledged" && step.topic.name == "status.case.s01.c01.g01")
        let back = try JSONValueDecoder().decode(CaseTaskStepped.self, from: tree)
        #expect(back.detail == step.detail && back.caseID == "c1")
        let schema = JSONSchema.of(CaseTaskStepped.self)
        #expect(schema["required"] == ["case", "status", "category", "street", "community", "grid", "action", "task", "department", "role", "state"])
    }
}
