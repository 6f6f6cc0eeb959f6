import Foundation
import Synchronization

/// The allow-list a process checks: every certificate in a keys folder, by identity, by public key and
/// by API key digest. `reload()` reads the folder again (SIGHUP), so a removed certificate is refused
/// from the next connection on.
public final class KeyRing: Sendable {
    public let directory: KeyDirectory
    private let state: Mutex<Index>

    struct Index: Sendable {
        var byIdentity: [String: Certificate] = [:]
        var byPublicKey: [String: Certificate] = [:]
        var byAPIKey: [String: Certificate] = [:]

        init(_ certificates: [Certificate]) {
            for certificate in certificates {
                byIdentity[certificate.identity] = certificate
                byPublicKey[certificate.publicKey] = certificate
                if let digest = certificate.apiKeySHA256 { byAPIKey[digest] = certificate }
            }
        }
    }

    public init(_ directory: KeyDirectory) throws(CredentialError) {
        self.directory = directory
        state = Mutex(Index(try directory.certificates()))
    }

    /// Reads the folder again; returns how many certificates it now allows.
    @discardableResult
    public func reload() throws(CredentialError) -> Int {
        let index = Index(try directory.certificates())
        state.withLock { $0 = index }
        return index.byIdentity.count
    }

    public func certificate(identity: String) -> Certificate? { state.withLock { $0.byIdentity[identity] } }
    public func certificate(publicKey: String) -> Certificate? { state.withLock { $0.byPublicKey[publicKey] } }
    public func certificate(apiKey: String) -> Certificate? {
        let digest = APIKey.digest(apiKey)
        return state.withLock { $0.byAPIKey[digest] }
    }
    public var count: Int { state.withLock { $0.byIdentity.count } }
}
