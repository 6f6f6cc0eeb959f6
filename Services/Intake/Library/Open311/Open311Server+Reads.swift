import CityModel
import Contracts
import Envelope
import Foundation
import Hummingbird
import Logging
import Timekeeping

/// The read side: discovery, services, definitions, requests and tokens.
extension Open311Server {
    /// The number of requests `GET requests` returns at most, newest first.
    static let listLimit = 1000
    /// Without ids or dates, `GET requests` covers the most recent 90 days, as the specification says.
    static let defaultSpan: TimeInterval = 90 * 86_400

    func read(_ name: String, format: Open311Format, request: Request) throws(Open311.Error) -> Response {
        let parameters = try parameters(of: request)
        switch name {
        case "discovery":
            return format.discovery(Open311.Discovery(changeset: "2026-12-06T00:00:00Z", contact: "\(city.district.name) 12345",
                                                      keyService: "ask the city's operators for an api_key (`whistle keys create <client> --role integrator --source /open311/<client>`)",
                                                      endpoints: [Open311.Endpoint(url: publicURL, changeset: "2026-12-06T00:00:00Z")]))
        case "services":
            return format.services(Open311Desk.services(of: city))
        case "requests":
            return format.requests(try requests(try query(parameters)).map(document))
        default:
            throw notFound(name)
        }
    }

    func read(_ collection: String, id: String, format: Open311Format, request: Request) throws(Open311.Error) -> Response {
        _ = try parameters(of: request)
        switch collection {
        case "services":
            return format.definition(try Open311Desk.definition(of: id, in: city))
        case "requests":
            guard let found = try requests(PublicCaseQuery(ids: [id], limit: 1)).first else {
                throw Open311Desk.notFound("service_request_id '\(id.prefix(60))' not found")
            }
            return format.requests([document(found)])
        case "tokens":
            let requestID: String?
            do { requestID = try store.requestID(forToken: id) } catch { throw unavailable(error) }
            guard let requestID else { throw Open311Desk.notFound("token '\(id.prefix(60))' not found") }
            return format.token(Open311.TokenAnswer(serviceRequestID: requestID, token: id))
        default:
            throw notFound("\(collection)/\(id)")
        }
    }

    /// `GET requests`' filters: `service_request_id` (comma-separated; overrides the rest), `service_code`,
    /// `start_date`, `end_date` (W3C date-times), `status` (`open`, `closed`, or both). An empty parameter is
    /// as if it were not given (the specification's rule).
    func query(_ parameters: [String: String]) throws(Open311.Error) -> PublicCaseQuery {
        func list(_ name: String) -> [String]? {
            let items = parameters[name]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return items?.isEmpty ?? true ? nil : items
        }
        func date(_ name: String) throws(Open311.Error) -> Date? {
            guard let text = parameters[name], !text.isEmpty else { return nil }
            guard let date = RFC3339.parse(text) else {
                throw Open311Desk.bad("\(name) '\(text.prefix(40))' is not a W3C date-time such as 2026-11-26T09:00:00Z")
            }
            return date
        }
        // Every filter is checked, though ids override the others.
        var query = PublicCaseQuery(categories: list("service_code"), from: try date("start_date"), to: try date("end_date"),
                                    unlisted: city.categories.filter(\.isDispute).map(\.code), limit: Self.listLimit)
        if let status = parameters["status"], !status.isEmpty, list("status") == nil {
            throw Open311Desk.bad("status '\(status.prefix(40))' is neither open nor closed")
        }
        if let statuses = list("status") {
            for status in statuses where status != "open" && status != "closed" {
                throw Open311Desk.bad("status '\(status.prefix(40))' is neither open nor closed")
            }
            query.open = Set(statuses).count == 2 ? nil : statuses[0] == "open"
        }
        if let ids = list("service_request_id") { return PublicCaseQuery(ids: Array(ids.prefix(Self.listLimit)), limit: Self.listLimit) }
        if query.from == nil, query.to == nil { query.from = clock.now().addingTimeInterval(-Self.defaultSpan) }
        return query
    }

    /// The query's parameters (the first of each name), once its `jurisdiction_id`, if any, is this city's.
    private func parameters(of request: Request) throws(Open311.Error) -> [String: String] {
        let parameters = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { first, _ in first }
        try Open311Desk.checkJurisdiction(parameters["jurisdiction_id"], of: city)
        return parameters
    }

    private func requests(_ query: PublicCaseQuery) throws(Open311.Error) -> [PublicCase] {
        do { return try store.publicRequests(query) } catch { throw unavailable(error) }
    }

    func unavailable(_ error: any Error) -> Open311.Error {
        logger.error("open311 store failed", metadata: ["error": "\(error)"])
        return Open311.Error(code: 503, description: "the request could not be served; try again")
    }

    /// A request as Open311 shows it: a case, or a request following one (its own words and place, the
    /// case's status, notes that say which case it follows). A dispute is a private matter between neighbours
    /// or family (people's mediation is not public where privacy is at stake): only its status shows, never
    /// what, where or who.
    func document(_ found: PublicCase) -> Open311.ServiceRequest {
        let category = city.category(found.category)
        let isPrivate = category?.isDispute ?? true
        let notes = found.follows.map { "\(Self.followingNotice($0)): \(found.status.notes)" } ?? found.status.notes
        return Open311.ServiceRequest(
            serviceRequestID: found.requestID, status: found.status.isOpen ? "open" : "closed", statusNotes: notes,
            serviceName: category?.name ?? found.category, serviceCode: found.category, description: isPrivate ? nil : found.description,
            agencyResponsible: isPrivate ? nil : found.status.agency, serviceNotice: category.flatMap(Self.notice),
            requestedDatetime: RFC3339.format(found.createdAt), updatedDatetime: RFC3339.format(found.status.updated),
            expectedDatetime: found.status.expected.map(RFC3339.format), address: isPrivate ? nil : found.address,
            lat: isPrivate ? nil : found.latitude, long: isPrivate ? nil : found.longitude, mediaURL: isPrivate ? nil : found.mediaURL)
    }

    /// What a reporter is told about a category at once: emergencies go straight to the departments.
    static func notice(_ category: City.Category) -> String? {
        category.isEmergency ? "emergency: dispatched to the departments at once; if anyone is in danger call 119 / 110 now" : nil
    }
}
