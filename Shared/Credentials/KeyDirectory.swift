public import Foundation
import ZeroMQ

/// A keys folder: `public/<identity>.json` certificates (the allow-list), `secret/<identity>.json`
/// secrets (owner-only, mode 0600, in a 0700 folder).
public struct KeyDirectory: Sendable {
    public let path: String

    public init(_ path: String) { self.path = path }

    public var publicFolder: String { path + "/public" }
    public var secretFolder: String { path + "/secret" }
    public func certificatePath(_ identity: String) -> String { publicFolder + "/\(identity).json" }
    public func secretPath(_ identity: String) -> String { secretFolder + "/\(identity).json" }

    /// Makes a key for `identity` in `role`, with an HTTP API key, and writes both halves; refuses to
    /// overwrite an existing identity.
    @discardableResult
    public func create(identity: String, role: Role, topics: [String]? = nil, eventTypes: [String]? = nil, sources: [String]? = nil,
                       actsFor: [Role]? = nil, at now: Date) throws(CredentialError) -> (Certificate, SecretKeyFile) {
        guard actsFor == nil || role == .service else { throw .invalid("only a service's key (a web console's) acts for others, not a \(role.rawValue)'s") }
        guard KeyDirectory.isIdentity(identity) else {
            throw .invalid("'\(identity)' is not an identity: 1–64 of a-z, 0-9, '-', '_'")
        }
        guard !FileManager.default.fileExists(atPath: certificatePath(identity)) else { throw .invalid("a key for '\(identity)' exists already") }
        let pair: CurveKeyPair
        do { pair = try CurveKeyPair.generate() } catch { throw .invalid("could not make a CURVE key pair: \(error)") }
        let apiKey = APIKey.generate()
        let certificate = Certificate(identity: identity, role: role, publicKey: pair.publicKey,
                                      topics: topics ?? Certificate.defaultTopics(for: role, identity: identity),
                                      eventTypes: eventTypes, sources: sources, apiKeySHA256: APIKey.digest(apiKey), createdAt: now,
                                      actsFor: actsFor)
        let secret = SecretKeyFile(identity: identity, publicKey: pair.publicKey, secretKey: pair.secretKey, apiKey: apiKey)
        try prepareFolders()
        try write(certificate, to: certificatePath(identity), mode: 0o644)
        try write(secret, to: secretPath(identity), mode: 0o600)
        return (certificate, secret)
    }

    /// Every certificate in the folder, by identity order; unreadable files are errors.
    public func certificates() throws(CredentialError) -> [Certificate] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: publicFolder)) ?? []
        var result: [Certificate] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            result.append(try read(Certificate.self, from: publicFolder + "/" + name))
        }
        return result
    }

    /// The secret of `identity`, refused when missing or readable by anyone but its owner.
    public func secret(_ identity: String) throws(CredentialError) -> SecretKeyFile {
        let path = secretPath(identity)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else {
            throw .invalid("no secret key for '\(identity)' at \(path) (make one with `whistle keys create`)")
        }
        guard mode & 0o077 == 0 else {
            throw .invalid("\(path) is readable by others (mode \(String(mode, radix: 8))); it must be 0600")
        }
        let secret = try read(SecretKeyFile.self, from: path)
        guard Z85.publicKey(ofSecret: secret.secretKey) == secret.publicKey else {
            throw .invalid("\(path): its secret key does not match its public key")
        }
        return secret
    }

    /// Moves a certificate out of the allow-list (`revoked/`); servers refuse it after SIGHUP.
    public func revoke(_ identity: String) throws(CredentialError) {
        let revoked = path + "/revoked"
        do {
            try FileManager.default.createDirectory(atPath: revoked, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: revoked + "/\(identity).json")
            try FileManager.default.moveItem(atPath: certificatePath(identity), toPath: revoked + "/\(identity).json")
        } catch {
            throw .invalid("could not revoke '\(identity)': \(error.localizedDescription)")
        }
    }

    static func isIdentity(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }

    private func prepareFolders() throws(CredentialError) {
        do {
            try FileManager.default.createDirectory(atPath: publicFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: secretFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: secretFolder)
        } catch {
            throw .invalid("could not make \(path): \(error.localizedDescription)")
        }
    }

    private func write(_ value: some Encodable, to path: String, mode: Int) throws(CredentialError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            let data = try encoder.encode(value)
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: mode]) else {
                throw CredentialError.invalid("could not create \(path)")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.write(contentsOf: data + Data("\n".utf8))
            try handle.close()
        } catch {
            throw .invalid("could not write \(path): \(error)")
        }
    }

    private func read<T: Decodable>(_ type: T.Type, from path: String) throws(CredentialError) -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .invalid("\(path) is not a readable \(T.self == Certificate.self ? "certificate" : "secret key file"): \(error)")
        }
    }
}

/// A keys folder that cannot be used, and why.
public enum CredentialError: Error, Sendable, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self { case .invalid(let reason): reason }
    }
}
