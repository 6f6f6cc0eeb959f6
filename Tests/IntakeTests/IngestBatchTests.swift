import CityModel
import Contracts
import Envelope
import Foundation
import Logging
import Messaging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleIntake

@Suite("Group commit: requests waiting together are answered as one transaction, each as it would be alone")
struct IngestBatchTests {
    let city = try! City.demo()

    func request(_ id: String, category: String = "ljdf") throws -> ReplyServer.Request {
        let event = CloudEvent(id: id, source: "/apps/resident/r-001", type: ResidentReport.eventTypes[0],
                               data: try JSONValueEncoder().encode(ResidentReport(category: category, grid: "g01")))
        return ReplyServer.Request(payload: try event.encoded(), sender: nil)
    }

    func decoded(_ reply: Data) throws -> IngestReply { try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(reply)) }

    @Test("a burst with a repeat, garbage, an unknown category and a missing frame: each gets its own answer, two cases commit")
    func burst() throws {
        let store = try IntakeStore(.inMemory, name: "intake-1", logger: Logger(label: "test"))
        let ingest = IngestServer(store: store, rules: IntakeRules(city: city), devices: DeviceRegistry(city.devices?.registry ?? []), clock: ManualClock(),
                                  logger: Logger(label: "test"))
        let requests = [try request("a"), try request("a"), ReplyServer.Request(payload: Data("{".utf8), sender: nil),
                        try request("b", category: "nosuch"), ReplyServer.Request(payload: nil, sender: nil), try request("c")]
        let replies = try ingest.answer(batch: requests).map(decoded)
        #expect(replies.count == requests.count)
        #expect(replies[0].status == .accepted && replies[5].status == .accepted && replies[0].caseID != replies[5].caseID)
        #expect(replies[1] == replies[0], "the same source and id twice in one burst: the first one's answer")
        #expect(replies[2].error == .malformedJSON && replies[3].error == .unknownCategory && replies[4].error == .wrongFrameCount)
        #expect(try store.caseCount() == 2)
        let again = try ingest.answer(batch: [try request("c")]).map(decoded)
        #expect(again == [replies[5]], "a later retry gets the committed answer")
    }
}
