import AsyncHTTPClient
import Envelope
import Foundation
import Hummingbird
import HTTPTypes
import Logging
public import Messaging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Every instance of a service split by street answers its HTTP reads for the whole city (docs/operations.md,
/// "Reads across partitions"): a resource it does not hold (`GET /cases/<id>` → 404 here) is asked of the
/// instances that own the other streets, as their heartbeats announce them, and the first that holds it answers;
/// a report each instance counts for its own streets (`GET /stats`) is asked of every one and added up. The caller's
/// key goes along, so each instance applies the same access rule. A request that carries
/// `X-Whistle-Scope: instance` is answered by this instance alone — and every request the front forwards does.
struct PartitionFront: Sendable {
    static let scope = HTTPField.Name("X-Whistle-Scope")!
    /// Who answered a read (`X-Whistle-Instance`) and whose counts a report adds up (`X-Whistle-Instances`).
    static let instance = HTTPField.Name("X-Whistle-Instance")!
    static let instances = HTTPField.Name("X-Whistle-Instances")!
    static let timeout = TimeAmount.seconds(5)

    let service: String
    /// This instance's name.
    let name: String
    let peers: PeerDirectory
    let logger: Logger

    /// The peers to ask for `request`: none when it asks for this instance alone.
    func peers(for request: Request) -> [PeerDirectory.Peer] {
        guard request.headers[Self.scope] != "instance" else { return [] }
        return peers.instances(of: service).filter { $0.name != name && $0.addresses["http"] != nil }
    }

    /// The answer of the first peer that holds what `request` names (any status but 404), passed on as it came;
    /// nil when none of `peers` holds it. Throws 502 when one that might hold it did not answer.
    func find(_ request: Request, among peers: [PeerDirectory.Peer]) async throws -> Response? {
        let answers = await ask(peers, request)
        if let (peer, status, contentType, body) = answers.compactMap({ try? $0.get() }).first(where: { $0.1 != 404 }) {
            return Response(status: .init(code: Int(status)), headers: [.contentType: contentType, Self.instance: peer],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        if let failure = answers.first(where: { (try? $0.get()) == nil }), case .failure(let error) = failure { throw error }
        return nil
    }

    /// Every peer's 200 body for `request`, in name order. Throws 502 naming the first peer that did not answer,
    /// or answered otherwise: a report without its streets would be wrong, not partial.
    func gather(_ request: Request, from peers: [PeerDirectory.Peer]) async throws -> [(peer: String, body: Data)] {
        try await ask(peers, request).map { answer in
            let (peer, status, _, body) = try answer.get()
            guard status == 200 else {
                let message = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]).flatMap { ($0["error"] as? [String: Any])?["message"] as? String }
                throw HTTPError(.badGateway, message: "\(peer), which counts its own streets, answered HTTP \(status): \(message ?? "no message")")
            }
            return (peer, body)
        }
    }

    /// Asks each peer at once; in the peers' order.
    private func ask(_ peers: [PeerDirectory.Peer], _ request: Request) async -> [Result<(String, UInt, String, Data), any Error>] {
        await withTaskGroup(of: (Int, Result<(String, UInt, String, Data), any Error>).self) { group in
            for (index, peer) in peers.enumerated() {
                group.addTask {
                    do { return (index, .success(try await self.forward(request, to: peer))) } catch { return (index, .failure(error)) }
                }
            }
            var answers: [(Int, Result<(String, UInt, String, Data), any Error>)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func forward(_ request: Request, to peer: PeerDirectory.Peer) async throws -> (String, UInt, String, Data) {
        let base = peer.addresses["http"] ?? ""
        let url = base + request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        var forwarded = HTTPClientRequest(url: url)
        forwarded.headers.add(name: Self.scope.rawName, value: "instance")
        for field in [HTTPField.Name.authorization, HTTPField.Name("X-API-Key")!] {
            if let value = request.headers[field] { forwarded.headers.add(name: field.rawName, value: value) }
        }
        do {
            let response = try await HTTPClient.shared.execute(forwarded, timeout: Self.timeout)
            let body = Data(buffer: try await response.body.collect(upTo: 64 << 20))
            return (peer.name, response.status.code, response.headers.first(name: "content-type") ?? "application/json", body)
        } catch {
            logger.warning("a peer did not answer a forwarded read", metadata: ["peer": "\(peer.name)", "url": "\(url)", "error": "\(error)"])
            throw HTTPError(.badGateway, message: "\(peer.name) at \(base), which owns \(peer.claims.joined(separator: ", ")), did not answer: \(error)")
        }
    }
}

extension OperationsServer {
    /// Adds up the reports of a service split by street with `add` (counts summed, rates worked out again): the
    /// `spanning` of a query whose body is a `Report`.
    public static func adding<Report: Codable>(_: Report.Type, by add: @escaping @Sendable ([Report]) -> Report?) -> Combine {
        { bodies in
            let reports = try bodies.map { try JSONValueDecoder().decode(Report.self, from: JSONValue.parse($0)) }
            guard let whole = add(reports) else { throw HTTPError(.internalServerError, message: "no report to add up") }
            return try JSONValueEncoder().encode(whole).jsonData()
        }
    }
}
