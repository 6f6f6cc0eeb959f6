import Foundation
import ServiceKit
import Testing
@testable import WhistleNotification

@Suite("Webhook deliveries signed as Standard Webhooks says")
struct WebhookSignerTests {
    let body = Data(#"{"test": 2432232314}"#.utf8)
    let at = Date(timeIntervalSince1970: 1_614_265_330)

    @Test("the specification's example signs to its published signature; a second secret adds a second signature")
    func specificationExample() {
        let signer = WebhookSigner(secrets: ["r-001": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                                             "r-002": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_dGhpcyBpcyBhIG5ldyBzZWNyZXQgZm9yIHItMDAx"]])
        let headers = Dictionary(uniqueKeysWithValues: signer.headers(recipient: "r-001", delivery: "msg_p5jXN8AQM9LWM0D4loKWxJek", at: at, body: body)
            .map { ($0.name, $0.value) })
        #expect(headers == ["webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                            "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="])
        let rotating = signer.headers(recipient: "r-002", delivery: "msg_p5jXN8AQM9LWM0D4loKWxJek", at: at, body: body).last?.value ?? ""
        #expect(rotating.hasPrefix("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,") && rotating.split(separator: " ").count == 2)
        #expect(signer.headers(recipient: "r-003", delivery: "7", at: at, body: body).map(\.name) == ["webhook-id", "webhook-timestamp"],
                "a resident without a secret is sent unsigned")
    }

    @Test("a secret that is not whsec_ and the base64 of 24–64 bytes, or a third secret, stops the start with the key named")
    func badSecrets() {
        for secrets in [["whsec_c2hvcnQ="], ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], Array(repeating: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", count: 3)] {
            var options = NotificationOptions()
            options.webhookSecrets = ["r-001": secrets]
            #expect(throws: ConfigurationError.self, "\(secrets)") { try options.validate() }
        }
        var fine = NotificationOptions()
        fine.webhookSecrets = ["r-001": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]]
        #expect(throws: Never.self) { try fine.validate() }
    }
}

@Suite("The deliverer's bell")
struct DeliveryBellTests {
    /// Whether `bell.wait()` returns before `deadline` passes (the wait is cancelled when it does not).
    func wakes(_ bell: DeliveryBell, within deadline: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await bell.wait(); return !Task.isCancelled }
            group.addTask { try? await Task.sleep(for: deadline); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test("a ring before the wait is kept, rings while nobody waits count once, a ring wakes a waiter, cancelling ends a wait")
    func rings() async {
        let bell = DeliveryBell()
        bell.ring()
        bell.ring()
        #expect(await wakes(bell, within: .seconds(5)), "the ring came before the wait")
        #expect(await !wakes(bell, within: .milliseconds(200)), "two rings, one wake: nothing is left to wake for")
        let waiter = Task { await bell.wait() }
        bell.ring()
        await waiter.value                                  // returns: the ring reached the waiter, parked or not yet
    }
}
