public import CityModel
public import Logging
public import Messaging
public import ServiceLifecycle
public import ZeroMQ
import Foundation
import ServiceKit
import Synchronization

/// Acknowledged ingest over ZeroMQ: a ROUTER that takes one CloudEvent per request (from REQ or
/// DEALER clients) and answers with an `IngestReply` only after the case is committed.
public final class IngestServer: Service, Sendable {
    /// Requests larger than this get their sender disconnected by libzmq.
    static let maximumRequestSize = 512 * 1024

    let store: IntakeStore
    let city: City
    let context: ZMQContext
    let bindAddress: String
    let alarmWindow: Double
    let logger: Logger
    public let stats = DeliveryStats(role: "ingest", name: "intake")
    /// The address clients connect to, once bound.
    public let endpoint = StartupSignal<Result<String, ZMQError>>()
    let stopping = Atomic<Bool>(false)

    public init(store: IntakeStore, city: City, context: ZMQContext, bind: String, alarmWindow: Double, logger: Logger) {
        self.store = store
        self.city = city
        self.context = context
        self.bindAddress = bind
        self.alarmWindow = alarmWindow
        self.logger = logger
    }

    public func run() async throws {
        await SocketThread.runAsService(name: "intake-ingest", { [self] in loop() }, stop: { [self] in
            stopping.store(true, ordering: .relaxed)
        })
        if case .failure(let error) = endpoint.currentValue { throw error }
    }

    private func loop() {
        do {
            let router = try context.socket(.router)
            try router.setMaximumMessageSize(Int64(IngestServer.maximumRequestSize))
            try router.setRouterMandatory(true)
            let bound = Endpoint.connectable(boundAddress: try router.attach(.bind(bindAddress)))
            endpoint.complete(.success(bound))
            logger.info("ingest listening", metadata: ["endpoint": "\(bound)"])
            var poller = Poller([.socket(router)])
            while !stopping.load(ordering: .relaxed) {
                guard try poller.poll(timeoutMilliseconds: 100)[0] else { continue }
                while let frames = try router.receive(dontWait: true) { serve(frames, on: router) }
            }
            router.close()
        } catch {
            if !error.isTerminated { logger.error("ingest stopped", metadata: ["error": "\(error)"]) }
            endpoint.complete(.failure(error))
        }
    }

    /// `[identity, payload]` from a DEALER, `[identity, "", payload]` from a REQ; the reply mirrors it.
    private func serve(_ frames: [Data], on router: Socket) {
        guard frames.count >= 2 else { return }
        let requestFromREQ = frames.count == 3 && frames[1].isEmpty
        let envelope = requestFromREQ ? [frames[0], Data()] : [frames[0]]
        let reply: Data
        if frames.count == envelope.count + 1 {
            reply = answer(frames[frames.count - 1])
        } else {
            reply = refuse(.wrongFrameCount(frames.count - envelope.count))
        }
        do {
            try router.send(envelope + [reply], dontWait: true)
        } catch {
            stats.increment("reply_failed")
        }
    }

    private func answer(_ payload: Data) -> Data {
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

    private func refuse(_ error: IngestError) -> Data {
        stats.increment("rejected.\(error.kind)")
        logger.notice("ingest request rejected", metadata: ["error": "\(error.kind)", "detail": "\(error)"])
        return IngestReply.rejected(error).encoded()
    }
}
