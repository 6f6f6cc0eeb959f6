import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import NIOCore
import NIOHTTP1

/// Asks intake for the e-mail an Open311 requester left (`GET /requesters/<reference>`, with notification's own API key):
/// the address is read as each message goes and kept nowhere here.
struct RequesterDirectory: Sendable {
    let intake: String
    let apiKey: String?

    /// What became of the question: the address, none (intake knows no e-mail for the reference), or no answer.
    enum Answer: Sendable, Equatable { case address(String), none, unanswered(String) }

    func address(of reference: String) async -> Answer {
        var request = HTTPClientRequest(url: intake + "/requesters/" + (reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? reference))
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 64 * 1024)
            switch response.status.code {
            case 200: return .address(try JSONValueDecoder().decode(RequesterAddress.self, from: JSONValue.parse(Data(body.readableBytesView))).email)
            case 404: return .none
            default: return .unanswered("intake answered HTTP \(response.status.code) for \(reference)'s address")
            }
        } catch {
            return .unanswered("intake was not asked for \(reference)'s address: \(error)")
        }
    }
}
