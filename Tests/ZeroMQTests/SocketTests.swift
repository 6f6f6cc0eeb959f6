import Foundation
import Synchronization
import Testing
import TestKit
@testable import ZeroMQ

/// The wrapper against real libzmq sockets. Socket code runs inside `onSocketThread`, because a
/// socket belongs to one thread and test tasks may hop between threads.
@Suite("libzmq wrapper")
struct SocketTests {
    /// Runs `body` on a dedicated thread and returns its result.
    func onSocketThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        await SocketThread(name: "test") { result.withLock { $0 = Result { try body() } } }.finish()
        return try result.withLock { $0! }.get()
    }

    @Test("an ephemeral tcp bind reports the port it chose, and a peer can connect to it")
    func ephemeralBind() async throws {
        let frames = try await onSocketThread { () -> [String] in
            let context = try ZMQContext()
            let pull = try context.socket(.pull)
            let bound = try pull.attach(.bind("tcp://127.0.0.1:*"))
            #expect(bound.hasPrefix("tcp://127.0.0.1:") && !bound.hasSuffix(":*") && !bound.hasSuffix(":0"))
            let push = try context.socket(.push)
            try push.attach(.connect(bound))
            try push.send([Data("a".utf8), Data(), Data(count: 1 << 20)])
            try pull.setReceiveTimeout(milliseconds: 5000)
            let message = try #require(try pull.receive())
            return message.map { $0.count == 1 << 20 ? "1MiB" : String(decoding: $0, as: UTF8.self) }
        }
        #expect(frames == ["a", "", "1MiB"])
    }

    @Test("errno is kept as data: EAGAIN on an empty non-blocking receive, ETERM after shutdown")
    func errnoAsData() async throws {
        try await onSocketThread {
            let context = try ZMQContext()
            let pull = try context.socket(.pull)
            try pull.attach(.bind("inproc://errno"))
            #expect(try pull.receive(dontWait: true) == nil)
            try pull.setReceiveTimeout(milliseconds: 10)
            #expect(try pull.receive() == nil, "a timed-out receive is 'nothing arrived', not an error")
            let push = try context.socket(.push)
            do {
                try push.send([Data("x".utf8)], dontWait: true)
                Issue.record("a non-blocking send with no peer must throw")
            } catch let error as ZMQError {
                #expect(error.isAgain)
                #expect(!error.isTerminated && !error.isInterrupted)
            }
            context.shutdown()
            do {
                _ = try pull.receive()
                Issue.record("a receive after shutdown must throw")
            } catch let error as ZMQError {
                #expect(error.isTerminated)
                #expect(error.description.contains("zmq_msg_recv"))
            }
        }
    }

    @Test("a bad address fails with a specific errno, not a crash")
    func badAddress() async throws {
        try await onSocketThread {
            let context = try ZMQContext()
            let socket = try context.socket(.pub)
            #expect(throws: ZMQError.self) { try socket.attach(.bind("tcp://999.1.1.1:1")) }
            #expect(Endpoint(parsing: "@tcp://*:7100", defaultMode: .connect) == .bind("tcp://*:7100"))
            #expect(Endpoint(parsing: ">tcp://h:1", defaultMode: .bind) == .connect("tcp://h:1"))
            #expect(Endpoint(parsing: "http://nope", defaultMode: .bind) == nil)
        }
    }

    @Test("MAXMSGSIZE drops an oversize message and the receiver keeps working")
    func maximumMessageSize() async throws {
        let received = try await onSocketThread { () -> [Int] in
            let context = try ZMQContext()
            let pull = try context.socket(.pull)
            try pull.setMaximumMessageSize(1024)
            try pull.setReceiveTimeout(milliseconds: 500)
            let bound = try pull.attach(.bind("tcp://127.0.0.1:*"))
            let big = try context.socket(.push)
            try big.attach(.connect(bound))
            try big.send([Data(count: 4096)])
            let small = try context.socket(.push)
            try small.attach(.connect(bound))
            try small.send([Data(count: 10)])
            var sizes: [Int] = []
            while let message = try? pull.receive() { sizes.append(message[0].count) }
            return sizes
        }
        #expect(received == [10])
    }

    @Test("a poller wakes for a doorbell rung from another thread")
    func doorbellWakesPoller() async throws {
        let doorbell = Doorbell()
        let woke = try await onSocketThread { () -> [Bool] in
            let context = try ZMQContext()
            let pull = try context.socket(.pull)
            try pull.attach(.bind("inproc://poll"))
            var poller = Poller([.socket(pull), .fileDescriptor(doorbell.fileDescriptor)])
            Thread.detachNewThread { doorbell.ring() }
            return try poller.poll(timeoutMilliseconds: 5000)
        }
        #expect(woke == [false, true])
    }

    @Test("CURVE: a client with the server's key talks; one with a wrong server key does not")
    func curveHandshake() async throws {
        let outcome = try await onSocketThread { () -> (good: String?, bad: Bool) in
            let context = try ZMQContext()
            let server = try CurveKeyPair.generate()
            let client = try CurveKeyPair.generate()
            let wrong = try CurveKeyPair.generate()
            let pull = try context.socket(.pull)
            try pull.setCurveServer(secretKey: server.secretKey, zapDomain: "whistle", enforceDomain: false)
            try pull.setReceiveTimeout(milliseconds: 1000)
            let bound = try pull.attach(.bind("tcp://127.0.0.1:*"))
            let impostor = try context.socket(.push)
            try impostor.setCurveClient(serverPublicKey: wrong.publicKey, publicKey: client.publicKey, secretKey: client.secretKey)
            try impostor.attach(.connect(bound))
            try impostor.send([Data("intruder".utf8)], dontWait: true)
            let push = try context.socket(.push)
            try push.setCurveClient(serverPublicKey: server.publicKey, publicKey: client.publicKey, secretKey: client.secretKey)
            try push.attach(.connect(bound))
            try push.send([Data("hello".utf8)])
            let first = try pull.receive().map { String(decoding: $0[0], as: UTF8.self) }
            let second = try? pull.receive()
            return (first, second == nil)
        }
        #expect(outcome.good == "hello")
        #expect(outcome.bad)
    }
}

@Suite("libzmq wrapper shutdown")
struct ShutdownTests {
    @Test("dropping the context while a socket is open does not hang: the socket keeps it alive")
    func contextOutlivesSockets() async throws {
        let finished = SocketThread(name: "shutdown") {
            do {
                var context: ZMQContext? = try ZMQContext()
                let socket = try context!.socket(.sub)
                try socket.attach(.connect("tcp://127.0.0.1:1"))
                context = nil      // without the socket's reference, zmq_ctx_term would block here forever
                socket.close()
            } catch {
                Issue.record("\(error)")
            }
        }
        try await eventually("the thread ends", timeout: .seconds(10)) { finished.isFinished }
    }
}
