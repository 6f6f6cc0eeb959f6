import Envelope
public import Logging
public import ZeroMQ

/// The check an instance makes before it owns anything: it listens to every bus's heartbeats for a little
/// longer than a heartbeat interval, and refuses to start when another live instance claims any of its areas — or
/// when a copy of this very instance (its name) is still beating somewhere.
public enum ClaimGate {
    /// Throws `ClaimConflict` naming the holder if a heartbeat of another instance claims any of `claims`
    /// within `window`; returns quietly otherwise (and at once for a zero window). Every heartbeat heard is noted in
    /// `peers`.
    public static func check(_ claims: AreaClaims, name: String, buses: [String], context: ZMQContext, security: SocketSecurity,
                             window: Duration, logger: Logger, peers: PeerDirectory? = nil) throws {
        guard window > .zero else { return }
        try HeartbeatListener.listen(buses: buses, context: context, security: security, window: window) { message, heartbeat in
            peers?.record(message, heartbeat)                                  // the front knows its peers from the start
            if message.producer == name {                                      // this very instance, running somewhere else
                throw ClaimConflict(instance: name, holder: name, areas: claims.tokens, atStart: true)
            }
            let shared = claims.contested(by: heartbeat, from: message.producer, ownName: name)
            guard shared.isEmpty else {
                throw ClaimConflict(instance: name, holder: message.producer, areas: shared, atStart: true)
            }
        }
        logger.info("areas claimed", metadata: ["claims": "\(claims.tokens)"])
    }
}
