import Contracts
import Envelope
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import XMLCoder

/// Open311's two formats: the document in JSON, or in XML with the element names of the specification
/// (`<services><service>…`, `<service_requests><request>…`, `<errors><error>…`).
enum Open311Format: String, Sendable {
    case json, xml

    /// Splits `services.json` into `services` and its format; nil for any other extension.
    static func split(_ file: String) -> (name: String, format: Open311Format)? {
        guard let dot = file.lastIndex(of: "."), let format = Open311Format(rawValue: String(file[file.index(after: dot)...]).lowercased())
        else { return nil }
        return (String(file[..<dot]), format)
    }

    var contentType: String { self == .json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8" }

    /// A JSON body, or the XML one named `root` whose `shape` gives the elements.
    func response(status: HTTPResponse.Status = .ok, json: some Encodable, root: String, xml: @autoclosure () -> any Encodable) -> Response {
        let body: Data
        do {
            switch self {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
                body = try encoder.encode(json)
            case .xml:
                body = try XMLEncoder().encode(xml(), withRootKey: root, header: XMLHeader(version: 1.0, encoding: "UTF-8"))
            }
        } catch {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: "the answer could not be encoded")))
        }
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The specification's error body: `[{"code":403,"description":"…"}]` or `<errors><error>…</error></errors>`.
    func failure(_ error: Open311.Error) -> Response {
        response(status: HTTPResponse.Status(code: error.code), json: [error], root: "errors", xml: XMLList("error", [error]))
    }

    /// 405 with the methods the resource has in `Allow`.
    func notAllowed(_ method: String, allowed: String) -> Response {
        var response = failure(Open311.Error(code: 405, description: "\(method) is not allowed here: \(allowed)"))
        response.headers[.allow] = allowed
        return response
    }

    func services(_ services: [Open311.Service]) -> Response {
        response(json: services, root: "services", xml: XMLList("service", services))
    }

    func definition(_ definition: Open311.ServiceDefinition) -> Response {
        response(json: definition, root: "service_definition", xml: XMLDefinition(definition))
    }

    func requests(_ requests: [Open311.ServiceRequest]) -> Response {
        response(json: requests, root: "service_requests", xml: XMLList("request", requests))
    }

    func posted(_ posted: Open311.PostedRequest, status: HTTPResponse.Status) -> Response {
        response(status: status, json: [posted], root: "service_requests", xml: XMLList("request", [posted]))
    }

    func token(_ answer: Open311.TokenAnswer) -> Response {
        response(json: [answer], root: "service_requests", xml: XMLList("request", [answer]))
    }

    func discovery(_ discovery: Open311.Discovery) -> Response {
        response(json: discovery, root: "discovery", xml: XMLDiscovery(discovery))
    }
}

/// A list in XML: one element named `element` per item.
struct XMLList<Element: Encodable>: Encodable {
    let element: String
    let items: [Element]

    init(_ element: String, _ items: [Element]) { (self.element, self.items) = (element, items) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(items, forKey: AnyKey(element))
    }
}

/// `<service_definition>` with `<attributes><attribute>…<values><value>…` nesting.
struct XMLDefinition: Encodable {
    struct Attribute: Encodable {
        let variable: Bool
        let code, datatype: String
        let required: Bool
        let datatype_description: String
        let order: Int
        let description: String
        let values: XMLList<Open311.AttributeValue>?
    }

    let service_code: String
    let attributes: XMLList<Attribute>

    init(_ definition: Open311.ServiceDefinition) {
        service_code = definition.serviceCode
        attributes = XMLList("attribute", definition.attributes.map { attribute in
            Attribute(variable: attribute.variable, code: attribute.code, datatype: attribute.datatype, required: attribute.required,
                      datatype_description: attribute.datatypeDescription, order: attribute.order, description: attribute.description, values: attribute.values.map { XMLList("value", $0) })
        })
    }
}

/// `<discovery>` with `<endpoints><endpoint>…<formats><format>…`.
struct XMLDiscovery: Encodable {
    struct Endpoint: Encodable {
        let specification, url, changeset, type: String
        let formats: XMLList<String>
    }

    let changeset, contact, key_service: String
    let endpoints: XMLList<Endpoint>

    init(_ discovery: Open311.Discovery) {
        (changeset, contact, key_service) = (discovery.changeset, discovery.contact, discovery.keyService)
        endpoints = XMLList("endpoint", discovery.endpoints.map {
            Endpoint(specification: $0.specification, url: $0.url, changeset: $0.changeset, type: $0.type, formats: XMLList("format", $0.formats))
        })
    }
}
