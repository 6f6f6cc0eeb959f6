import Envelope
public import ZeroMQ

extension SocketSecurity {
    /// A SUB socket on every bus of `buses`, subscribed to `prefixes`, as a client of the bus's key. It redials within
    /// a second and pings each bus (ZeroMQ heartbeats every second, dropped after 5 s of silence), so a bus whose host
    /// is cut off, which sends nothing, not even a FIN, is redialled rather than waited on. The one way every
    /// subscriber is made: a consumer, the claim check, `whistle tail` and `listen`.
    public func busSubscriber(_ context: ZMQContext, buses: [String], prefixes: [String], receiveHighWaterMark: Int32 = 1000) throws -> Socket {
        let subscriber = try context.socket(.sub)
        do {
            try subscriber.setHighWaterMarks(send: 1000, receive: receiveHighWaterMark)
            try subscriber.setMaximumMessageSize(Int64(CloudEvent.maximumEncodedSize * 4))
            try subscriber.setReconnectInterval(milliseconds: 100, maximum: 1000)
            try subscriber.setHeartbeat(intervalMilliseconds: 1000, timeoutMilliseconds: 5000)
            for prefix in prefixes { try subscriber.subscribe(prefix) }
            try connect(subscriber, toServer: busIdentity)
            for bus in buses { try subscriber.attach(.connect(bus)) }
        } catch {
            subscriber.close()
            throw error
        }
        return subscriber
    }
}
