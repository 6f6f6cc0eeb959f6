import NIOCore

/// A mail server's reply (RFC 5321 §4.2): its three-digit code and the text of its lines.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    /// The extensions an EHLO reply names, upper-cased keywords (`STARTTLS`, `8BITMIME`, `AUTH` …): every line but the greeting.
    var extensions: Set<String> {
        Set(lines.dropFirst().compactMap { $0.split(separator: " ").first.map { $0.uppercased() } })
    }

    var summary: String { "SMTP \(code) " + lines.joined(separator: " ").prefix(200) }
}

/// Cuts the server's bytes into replies: `250-…` lines continue one, the `250 …` line ends it.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    /// The longest reply line taken (RFC 5321 §4.5.3.1.5: 512 octets; generous servers send more).
    static let longestLine = 4_096
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.longestLine { throw SMTPFailure.malformed("a reply line longer than \(Self.longestLine) bytes") }
            return .needMoreData
        }
        var line = buffer.readString(length: newline - view.startIndex + 1) ?? ""
        while line.last == "\n" || line.last == "\r" || line.last == "\r\n" { line.removeLast() }
        let digits = line.prefix(3)
        guard digits.count == 3, digits.allSatisfy(\.isNumber), let code = Int(digits) else {
            throw SMTPFailure.malformed("'\(line.prefix(60))' is not an SMTP reply")
        }
        lines.append(String(line.dropFirst(4)))
        if line.dropFirst(3).first != "-" {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: lines)))
            lines = []
        }
        return .continue
    }
}

/// Hands each reply to the conversation waiting for it; a closed connection or an error (TLS's among them) ends the stream.
final class SMTPReplyCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = SMTPReply
    let replies: AsyncThrowingStream<SMTPReply, any Error>.Continuation

    init(_ replies: AsyncThrowingStream<SMTPReply, any Error>.Continuation) { self.replies = replies }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { replies.yield(unwrapInboundIn(data)) }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        replies.finish(throwing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        replies.finish(throwing: SMTPFailure.closed)
        context.fireChannelInactive()
    }
}

/// What went wrong in an SMTP conversation before the server answered the message.
enum SMTPFailure: Error, CustomStringConvertible {
    case closed, timedOut
    case malformed(String)
    case refused(SMTPReply, step: String)
    case noTLS

    var description: String {
        switch self {
        case .closed: "the mail server closed the connection"
        case .timedOut: "the mail server did not answer in time"
        case .malformed(let detail): "the mail server's answer is malformed: \(detail)"
        case .refused(let reply, let step): "\(step): \(reply.summary)"
        case .noTLS: "the mail server does not offer STARTTLS and notification.smtp.requireTLS is set"
        }
    }
}
