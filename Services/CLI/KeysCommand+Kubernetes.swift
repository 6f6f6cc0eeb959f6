import ArgumentParser
import Credentials
import Foundation

extension KeysCommand {
    /// The keys folder as the manifests under `compose/kubernetes/` mount it: every certificate in one ConfigMap, each
    /// service instance's secret in a Secret of its own (its pod copies it into memory as mode 0600).
    struct Kubernetes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kubernetes",
            abstract: "Print the keys as Kubernetes manifests: the certificates as the ConfigMap whistle-public-keys, each service's secret as the Secret whistle-key-<identity>.",
            discussion: """
                Only services' secrets are printed: a department's, a staff member's, an integrator's or an operator's secret goes to \
                its holder, never into the cluster. Apply again after `whistle keys create` or `revoke`, then restart the pods \
                (docs/operations.md).

                Example: whistle keys kubernetes --keys keys | kubectl apply -f -
                """)

        @OptionGroup var folder: KeysFolder
        @Option(help: "The namespace the suite runs in.") var namespace = "whistle"

        func run() async throws {
            let directory = KeyDirectory(folder.path)
            let certificates = try directory.certificates()
            guard !certificates.isEmpty else { throw ValidationError("no certificates in \(directory.publicFolder): make them with `whistle keys init`") }
            var documents: [[String: Any]] = []
            var publicFiles: [String: String] = [:]
            for certificate in certificates {
                publicFiles["\(certificate.identity).json"] = try String(contentsOfFile: directory.certificatePath(certificate.identity), encoding: .utf8)
            }
            documents.append(manifest(kind: "ConfigMap", name: "whistle-public-keys", data: publicFiles))
            for certificate in certificates where certificate.role == .service {
                _ = try directory.secret(certificate.identity)          // refused when unreadable, mismatched or open to others
                let secret = try Data(contentsOf: URL(fileURLWithPath: directory.secretPath(certificate.identity)))
                documents.append(manifest(kind: "Secret", name: "whistle-key-\(certificate.identity)",
                                          data: ["\(certificate.identity).json": secret.base64EncodedString()]))
            }
            for document in documents {
                let json = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
                print("---\n" + String(decoding: json, as: UTF8.self))
            }
        }

        func manifest(kind: String, name: String, data: [String: String]) -> [String: Any] {
            var document: [String: Any] = [
                "apiVersion": "v1", "kind": kind, "data": data,
                "metadata": ["name": name, "namespace": namespace, "labels": ["app.kubernetes.io/part-of": "whistle"]],
            ]
            if kind == "Secret" { document["type"] = "Opaque" }
            return document
        }
    }
}
