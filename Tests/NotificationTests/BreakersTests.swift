import Contracts
import Foundation
import Testing
@testable import WhistleNotificationDomain

@Suite("Breakers: a bulkhead and a breaker per endpoint")
struct BreakersTests {
    let now = Date(timeIntervalSince1970: 1_796_560_000)

    @Test("at most perEndpoint attempts at once on one endpoint; others are not held by it; a full one is passed over once it fails or is slow")
    func bulkhead() {
        var breakers = Breakers(perEndpoint: 2)
        let admitted1 = breakers.admit("http://dead:80", now: now)
        let admitted2 = breakers.admit("http://dead:80", now: now)
        #expect(admitted1 && admitted2)
        let admitted3 = breakers.admit("http://dead:80", now: now)
        #expect(!admitted3 && breakers.passedOver(now: now).isEmpty)
        let admitted4 = breakers.admit("http://alive:80", now: now)
        #expect(admitted4)
        let slow = breakers.passedOver(now: now.addingTimeInterval(1.5))
        #expect(slow == ["http://dead:80"], "full, and its oldest attempt has taken over a second")
        breakers.finished("http://dead:80", healthy: false, now: now)
        let admitted5 = breakers.admit("http://dead:80", now: now)
        #expect(admitted5, "a slot came free")
    }

    @Test("after threshold failures in a row the endpoint rests coolDown seconds, then one probe; a healthy answer closes it")
    func breaker() {
        var breakers = Breakers(perEndpoint: 8, threshold: 3, coolDown: 30)
        for _ in 0..<2 {
            let admitted6 = breakers.admit("smtp", now: now)
            #expect(admitted6)
            breakers.finished("smtp", healthy: false, now: now)
        }
        let admitted7 = breakers.admit("smtp", now: now)
        #expect(admitted7)
        breakers.finished("smtp", healthy: true, now: now)
        for _ in 0..<3 {
            let admitted8 = breakers.admit("smtp", now: now)
            #expect(admitted8)
            breakers.finished("smtp", healthy: false, now: now)
        }
        let resting = !breakers.admit("smtp", now: now.addingTimeInterval(29))
        #expect(resting && breakers.nextProbe(after: now) == now.addingTimeInterval(30))
        let later = now.addingTimeInterval(30)
        let admitted9 = breakers.admit("smtp", now: later)
        #expect(admitted9, "one probe")
        let admitted10 = breakers.admit("smtp", now: later)
        #expect(!admitted10, "only one")
        breakers.finished("smtp", healthy: false, now: later)
        let restingAgain = !breakers.admit("smtp", now: later.addingTimeInterval(1))
        #expect(restingAgain, "the probe failed: rest again")
        let probedAgain = breakers.admit("smtp", now: later.addingTimeInterval(30))
        #expect(probedAgain)
        breakers.finished("smtp", healthy: true, now: later.addingTimeInterval(30))
        let closed = breakers.passedOver(now: later.addingTimeInterval(30)).isEmpty && breakers.admit("smtp", now: later.addingTimeInterval(30))
        #expect(closed)
    }

    @Test("an endpoint is a webhook's scheme://host:port, or the channel; a working receiver answers, but not 5xx or 429")
    func endpoints() {
        #expect(Breakers.endpoint(of: .webhook, address: "http://127.0.0.1:9000/hooks/r-001") == "http://127.0.0.1:9000")
        #expect(Breakers.endpoint(of: .webhook, address: "https://hooks.example.org/a") == "https://hooks.example.org:443")
        #expect(Breakers.endpoint(of: .email, address: "a@b.c") == "email" && Breakers.endpoint(of: .sms, address: "138") == "sms")
        #expect(Breakers.healthy(status: 410, channel: .webhook) && !Breakers.healthy(status: 503, channel: .webhook))
        #expect(!Breakers.healthy(status: 429, channel: .sms) && !Breakers.healthy(status: nil, channel: .email))
        #expect(Breakers.healthy(status: 550, channel: .email), "a mail server that refuses a mailbox is working")
    }
}
