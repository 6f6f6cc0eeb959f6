/// The documents of Open311 GeoReport v2 as intake serves them (JSON members, and XML elements, named as
/// the specification names them). Times are W3C date-times (`2026-11-26T09:30:00Z`), kept as text so the
/// JSON and XML forms are the same string.
public enum Open311 {
    /// One entry of `GET services`: a category of the city.
    public struct Service: Codable, Sendable, Equatable {
        public var serviceCode, serviceName, description: String
        /// True when `GET services/{code}` has attributes to answer.
        public var metadata: Bool
        public var type: String
        public var keywords: String
        public var group: String

        enum CodingKeys: String, CodingKey {
            case serviceCode = "service_code", serviceName = "service_name", description, metadata, type, keywords, group
        }

        public init(serviceCode: String, serviceName: String, description: String, metadata: Bool, keywords: String, group: String) {
            (self.serviceCode, self.serviceName, self.description, self.metadata) = (serviceCode, serviceName, description, metadata)
            (self.type, self.keywords, self.group) = ("realtime", keywords, group)
        }
    }

    /// `GET services/{code}`: what a report of the category must or may answer.
    public struct ServiceDefinition: Codable, Sendable, Equatable {
        public var serviceCode: String
        public var attributes: [Attribute]

        enum CodingKeys: String, CodingKey { case serviceCode = "service_code", attributes }

        public init(serviceCode: String, attributes: [Attribute]) { (self.serviceCode, self.attributes) = (serviceCode, attributes) }
    }

    public struct Attribute: Codable, Sendable, Equatable {
        public var variable: Bool
        public var code, datatype: String
        public var required: Bool
        /// What to give, in words ("" where the datatype says it all).
        public var datatypeDescription: String
        public var order: Int
        public var description: String
        public var values: [AttributeValue]?

        enum CodingKeys: String, CodingKey {
            case variable, code, datatype, required, datatypeDescription = "datatype_description", order, description, values
        }

        public init(code: String, datatype: String, required: Bool, datatypeDescription: String = "", order: Int, description: String,
                    values: [AttributeValue]?) {
            (self.variable, self.code, self.datatype, self.required, self.order) = (true, code, datatype, required, order)
            (self.datatypeDescription, self.description, self.values) = (datatypeDescription, description, values)
        }
    }

    public struct AttributeValue: Codable, Sendable, Equatable {
        public var key, name: String
        public init(key: String, name: String) { (self.key, self.name) = (key, name) }
    }

    /// A service request (a case) as the public sees it: `GET requests`, `GET requests/{id}`.
    public struct ServiceRequest: Codable, Sendable, Equatable {
        public var serviceRequestID: String
        /// `open` or `closed`.
        public var status: String
        public var statusNotes: String?
        public var serviceName, serviceCode: String
        public var description: String?
        public var agencyResponsible: String?
        public var serviceNotice: String?
        public var requestedDatetime: String
        public var updatedDatetime: String
        public var expectedDatetime: String?
        public var address: String?
        public var lat, long: Double?
        public var mediaURL: String?

        enum CodingKeys: String, CodingKey {
            case serviceRequestID = "service_request_id", status, statusNotes = "status_notes", serviceName = "service_name"
            case serviceCode = "service_code", description, agencyResponsible = "agency_responsible", serviceNotice = "service_notice"
            case requestedDatetime = "requested_datetime", updatedDatetime = "updated_datetime", expectedDatetime = "expected_datetime"
            case address, lat, long, mediaURL = "media_url"
        }

        public init(serviceRequestID: String, status: String, statusNotes: String?, serviceName: String, serviceCode: String,
                    description: String?, agencyResponsible: String?, serviceNotice: String?, requestedDatetime: String,
                    updatedDatetime: String, expectedDatetime: String?, address: String?, lat: Double?, long: Double?, mediaURL: String?) {
            (self.serviceRequestID, self.status, self.statusNotes, self.serviceName) = (serviceRequestID, status, statusNotes, serviceName)
            (self.serviceCode, self.description, self.agencyResponsible, self.serviceNotice) = (serviceCode, description, agencyResponsible, serviceNotice)
            (self.requestedDatetime, self.updatedDatetime, self.expectedDatetime) = (requestedDatetime, updatedDatetime, expectedDatetime)
            (self.address, self.lat, self.long, self.mediaURL) = (address, lat, long, mediaURL)
        }
    }

    /// The answer to `POST requests`: the request's own id, final at once (intake answers after commit), so no
    /// token (the specification returns one only while the id is not known yet).
    public struct PostedRequest: Codable, Sendable, Equatable {
        public var serviceRequestID: String
        public var serviceNotice: String?
        public var accountID: String?

        enum CodingKeys: String, CodingKey {
            case serviceRequestID = "service_request_id", serviceNotice = "service_notice", accountID = "account_id"
        }

        public init(serviceRequestID: String, serviceNotice: String?, accountID: String?) {
            (self.serviceRequestID, self.serviceNotice, self.accountID) = (serviceRequestID, serviceNotice, accountID)
        }
    }

    /// `GET tokens/{token}`.
    public struct TokenAnswer: Codable, Sendable, Equatable {
        public var serviceRequestID: String
        public var token: String

        enum CodingKeys: String, CodingKey { case serviceRequestID = "service_request_id", token }

        public init(serviceRequestID: String, token: String) { (self.serviceRequestID, self.token) = (serviceRequestID, token) }
    }

    /// One error of a refused request; the body is a list of them.
    public struct Error: Codable, Sendable, Equatable, Swift.Error {
        public var code: Int
        public var description: String

        public init(code: Int, description: String) { (self.code, self.description) = (code, description) }
    }

    /// `GET discovery`.
    public struct Discovery: Codable, Sendable, Equatable {
        public var changeset, contact, keyService: String
        public var endpoints: [Endpoint]

        enum CodingKeys: String, CodingKey { case changeset, contact, keyService = "key_service", endpoints }

        public init(changeset: String, contact: String, keyService: String, endpoints: [Endpoint]) {
            (self.changeset, self.contact, self.keyService, self.endpoints) = (changeset, contact, keyService, endpoints)
        }
    }

    public struct Endpoint: Codable, Sendable, Equatable {
        public var specification, url, changeset, type: String
        public var formats: [String]

        public init(url: String, changeset: String) {
            (self.specification, self.url, self.changeset, self.type) = ("http://wiki.open311.org/GeoReport_v2", url, changeset, "production")
            formats = ["application/json", "text/xml"]
        }
    }
}
