import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import WhistleNotificationDomain

/// Sends one message per conversation with a mail server (RFC 5321): EHLO; STARTTLS whenever it is offered (RFC 3207),
/// then EHLO again; AUTH PLAIN when configured (over TLS only); MAIL FROM (with BODY=8BITMIME when offered, RFC 6152);
/// RCPT TO; DATA, dot-stuffed; QUIT. The whole conversation has `options.timeout` seconds.
struct SMTPClient: Sendable {
    let options: SMTPOptions
    let host: String
    /// The certificates that may vouch for the server's, and the name its certificate must carry.
    let tls: NIOSSLContext

    /// Throws when the CA file does not hold certificates: a start-up error, not a failed delivery.
    init(options: SMTPOptions, host: String) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = options.caFile { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile)) }
        (self.options, self.host, tls) = (options, host, try NIOSSLContext(configuration: configuration))
    }

    /// The server's answer to the message — or to the envelope when it refused that (`MAIL`, `RCPT`, `DATA`); throws
    /// what went wrong before (no connection, no TLS, a refused greeting, EHLO or login, no answer in time).
    func send(_ message: MailMessage, timeZone: TimeZone) async throws -> SMTPReply {
        let (replies, continuation) = AsyncThrowingStream<SMTPReply, any Error>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(min(options.timeout, 10))))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyCollector(continuation))
                }
            }
            .connect(host: host, port: options.port).get()
        defer { channel.close(promise: nil) }
        return try await withThrowingTaskGroup(of: SMTPReply.self) { group in
            group.addTask {
                var conversation = SMTPConversation(channel: channel, replies: replies.makeAsyncIterator())
                return try await converse(&conversation, message, timeZone: timeZone)
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(options.timeout * 1_000)))
                throw SMTPFailure.timedOut
            }
            defer { group.cancelAll() }
            guard let answer = try await group.next() else { throw SMTPFailure.closed }
            return answer
        }
    }

    private func converse(_ conversation: inout SMTPConversation, _ message: MailMessage, timeZone: TimeZone) async throws -> SMTPReply {
        let helloName = message.from.split(separator: "@").last.map(String.init) ?? "localhost"
        try conversation.expect(try await conversation.next(), 220, step: "greeting")
        var hello = try conversation.expect(try await conversation.command("EHLO \(helloName)"), 250, step: "EHLO")
        var secure = false
        if hello.extensions.contains("STARTTLS") {
            try conversation.expect(try await conversation.command("STARTTLS"), 220, step: "STARTTLS")
            try await startTLS(conversation.channel)
            secure = true
            hello = try conversation.expect(try await conversation.command("EHLO \(helloName)"), 250, step: "EHLO after STARTTLS")
        } else if options.requireTLS {
            throw SMTPFailure.noTLS
        }
        if let username = options.username, let password = options.password {
            guard secure else { throw SMTPFailure.noTLS }
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try conversation.expect(try await conversation.command("AUTH PLAIN \(token)"), 235, step: "AUTH")
        }
        let eightBit = hello.extensions.contains("8BITMIME")
        let envelope = ["MAIL FROM:<\(message.from)>" + (eightBit ? " BODY=8BITMIME" : ""), "RCPT TO:<\(message.to)>", "DATA"]
        for (line, accepted) in zip(envelope, [250..<252, 250..<252, 354..<355]) {
            let reply = try await conversation.command(line)
            guard accepted.contains(reply.code) else { return reply }
        }
        let data = message.data(fromName: options.fromName, timeZone: timeZone, eightBit: eightBit)
        try await conversation.write(Self.dotStuffed(data) + ".\r\n")
        let answer = try await conversation.next()
        try? await conversation.write("QUIT\r\n")
        return answer
    }

    /// Puts TLS in front of the conversation (after the server's 220 to STARTTLS); the handshake starts at once.
    private func startTLS(_ channel: any Channel) async throws {
        let (context, serverName) = (tls, host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." } ? nil : host)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
        }.get()
    }

    /// A line of the message that begins with a period gets another (RFC 5321 §4.5.2), so none ends the data early.
    static func dotStuffed(_ data: String) -> String {
        (data.hasPrefix(".") ? "." : "") + data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
    }
}

/// One connection's replies, read in order, and the lines written to it.
struct SMTPConversation {
    let channel: any Channel
    var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator

    mutating func next() async throws -> SMTPReply {
        guard let reply = try await replies.next() else { throw SMTPFailure.closed }
        return reply
    }

    mutating func command(_ line: String) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await next()
    }

    func write(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// `reply` when its code is `code`; else the step failed.
    @discardableResult
    func expect(_ reply: SMTPReply, _ code: Int, step: String) throws -> SMTPReply {
        guard reply.code == code else { throw SMTPFailure.refused(reply, step: step) }
        return reply
    }
}
