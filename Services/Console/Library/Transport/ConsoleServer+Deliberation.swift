import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WhistleConsoleDomain

/// The deliberation board and a proposal's page (its tally live from mediation while the vote is open), and a
/// dispute's printable agreement as mediation writes it — each for those whose area it is.
extension ConsoleServer {
    func addDeliberationRoutes(_ router: Router<BasicRequestContext>) {
        router.get("deliberation") { [self] request, _ in
            try await page(request) { viewer, frame, fragment in
                guard viewer.proposalScope != .nothing else { return refusedBoard(viewer, frame: frame, fragment: fragment) }
                let rows = try store.proposals(for: viewer, limit: options.listLimit)
                return (.ok, pages.document("deliberation", pages.deliberationContext(rows, language: frame.language), frame: frame, live: true,
                                            fragmentOnly: fragment))
            }
        }
        router.get("deliberation/:id") { [self] request, context in
            let id = try context.parameters.require("id")
            return try await page(request) { viewer, frame, fragment in try await proposalPage(id, viewer: viewer, frame: frame, fragment: fragment) }
        }
        router.get("mediation/:id/agreement") { [self] request, context in try await agreement(try context.parameters.require("id"), request: request) }
    }

    func refusedBoard(_ viewer: Viewer, frame: ConsolePages.Frame, fragment: Bool) -> Rendered {
        (.forbidden, pages.document("problem", ["heading": ConsoleLabels.table(frame.language)["refused"]!,
                                                "message": "'\(viewer.identity)' has no community's proposals to watch"], frame: frame, live: false,
                                    fragmentOnly: fragment))
    }

    /// `GET /deliberation/<id>`: the proposal as the board has it, with mediation's view (the live tally, the stages); polled
    /// every 10 s while its vote is open, since a vote is not an event.
    func proposalPage(_ id: String, viewer: Viewer, frame: ConsolePages.Frame, fragment: Bool) async throws -> Rendered {
        let labels = ConsoleLabels.table(frame.language)
        guard let row = try store.proposal(id) else {
            return (.notFound, pages.document("problem", ["heading": labels["notFound"]!, "message": "no proposal '\(id.prefix(80))'"], frame: frame,
                                              live: false, fragmentOnly: fragment))
        }
        guard viewer.sees(proposal: row) else {
            return (.forbidden, pages.document("problem", ["heading": labels["refused"]!,
                                                           "message": "proposal \(row.proposal) is \(row.community)'s (\(row.street)), outside what '\(viewer.identity)' sees"],
                                               frame: frame, live: false, fragmentOnly: fragment))
        }
        var (view, unanswered): (ProposalView?, String?) = (nil, nil)
        do { view = try await reads.mediation.read(ProposalView.self, "/proposals/" + ReadLine.segment(id)) } catch { unanswered = error.message }
        var framed = frame
        framed.poll = row.status == .voting ? 10 : nil
        return (.ok, pages.document("proposal", pages.proposalContext(row, view: view, unanswered: unanswered, language: frame.language), frame: framed,
                                    live: true, fragmentOnly: fragment))
    }

    /// `GET /mediation/<id>/agreement`: mediation's printable agreement for a dispute of the viewer's area.
    func agreement(_ id: String, request: Request) async throws -> Response {
        guard let session = try sessions.current(request) else {
            return Response(status: .seeOther, headers: [.location: "/signin?next=" + Self.escaped(Self.pageAddress(request))])
        }
        let viewer = Viewer(identity: session.identity, role: session.role, city: city)
        guard let row = try store.mediations(for: viewer, includeClosed: true, limit: 1, id: id).first else {
            throw HTTPError(.notFound, message: "no dispute '\(id.prefix(80))' that '\(viewer.identity)' sees")
        }
        do {
            let html = try await reads.mediation.get("/agreements/" + ReadLine.segment(row.mediation))
            var response = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: html)))
            // Mediation's document carries its own print styles; nothing else of it runs or loads.
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
            return response
        } catch {
            let status: HTTPResponse.Status = error.status == 404 ? .notFound : error.status == 403 ? .forbidden : .badGateway
            throw HTTPError(status, message: error.message)
        }
    }
}
