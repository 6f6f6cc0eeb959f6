import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One JSON `POST` as the webhook and SMS couriers send it: 5 s to answer, the answer's status, its `Retry-After`, and the
/// start of its body (read up to 64 KiB and thrown away, so the connection can be used again).
enum JSONPost {
    /// What answered: the status, how long it asked to be left alone, the start of what it said.
    struct Answer: Sendable {
        var status: Int
        var retryAfter: TimeInterval?
        var excerpt: String?
    }

    static let timeout = TimeAmount.seconds(5)
    static let longestBody = 64 * 1024
    /// Characters of an answer's body kept with the attempt.
    static let excerptLength = 200

    static func send(_ body: Data, to url: String, headers: [(name: String, value: String)], now: Date) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let read = try? await response.body.collect(upTo: longestBody)
        return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After").flatMap { seconds(retryAfter: $0, now: now) },
                      excerpt: read.flatMap(excerpt))
    }

    /// The first `excerptLength` characters of a body, its lines joined; nil when empty.
    static func excerpt(_ body: ByteBuffer) -> String? {
        let text = String(decoding: body.readableBytesView.prefix(excerptLength * 4), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : String(text.prefix(excerptLength))
    }

    /// A `Retry-After` header's wait: delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`); nil otherwise.
    static func seconds(retryAfter value: String, now: Date) -> TimeInterval? {
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return TimeInterval(seconds) }
        let parser = DateFormatter()
        (parser.locale, parser.timeZone, parser.dateFormat) = (Locale(identifier: "en_US_POSIX"), TimeZone(identifier: "GMT"), "EEE, dd MMM yyyy HH:mm:ss zzz")
        return parser.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}
