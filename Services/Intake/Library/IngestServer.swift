public import CityModel
public import Logging
public import Messaging
public import ZeroMQ
import Foundation

/// Acknowledged ingest over ZeroMQ: one CloudEvent per request (REQ or DEALER clients), answered
/// with an `IngestReply` only after the case is committed.
public struct IngestServer: Sendable {
    /// Requests larger than this get their sender disconnected by libzmq.
    static let maximumRequestSize = 512 * 1024

    let store: IntakeStore
    let city: City
    let alarmWindow: Double
    let logger: Logger
    public let stats = DeliveryStats(role: "ingest", name: "intake")
    public let server: ReplyServer

    public init(store: IntakeStore, city: City, context: ZMQContext, bind: String, alarmWindow: Double, logger: Logger) {
        self.store = store
        self.city = city
        self.alarmWindow = alarmWindow
        self.logger = logger
        let stats = self.stats
        server = ReplyServer(name: "intake-ingest", context: context, bind: bind,
                             maximumRequestSize: IngestServer.maximumRequestSize, logger: logger) {
            [store, city, alarmWindow, logger] request in
            IngestServer.answer(request, store: store, city: city, alarmWindow: alarmWindow, stats: stats, logger: logger)
        }
    }

    public var endpoint: StartupSignal<Result<String, ZMQError>> { server.endpoint }

    static func answer(_ payload: Data?, store: IntakeStore, city: City, alarmWindow: Double, stats: DeliveryStats, logger: Logger) -> Data {
        func refuse(_ error: IngestError) -> Data {
            stats.increment("rejected.\(error.kind)")
            logger.notice("ingest request rejected", metadata: ["error": "\(error.kind)", "detail": "\(error)"])
            return IngestReply.rejected(error).encoded()
        }
        guard let payload else { return refuse(.wrongFrameCount(2)) }
        let event: CloudEvent
        do { event = try CloudEvent.decode(payload) } catch { return refuse(.envelope(error)) }
        do {
            if let earlier = try store.previousReply(source: event.source, id: event.id) {
                stats.increment("duplicate")
                return earlier
            }
            let triage: Triage
            do { triage = try Triage.of(event, in: city) } catch { return refuse(error) }
            let reply = try store.accept(event, payload: payload, triage: triage, alarmWindow: alarmWindow)
            stats.increment("accepted")
            return reply
        } catch {
            logger.error("ingest store failed", metadata: ["error": "\(error)"])
            stats.increment("store_failed")
            return IngestReply(status: "rejected", error: "unavailable", message: "the report could not be stored; try again").encoded()
        }
    }
}
