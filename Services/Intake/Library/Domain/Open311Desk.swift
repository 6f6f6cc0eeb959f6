public import CityModel
public import Contracts
import Foundation

/// Open311 GeoReport v2, decided without a socket: the city's categories as services, and a posted form
/// checked and turned into a resident's report — or refused with the error the specification asks for.
public enum Open311Desk {
    /// What a valid `POST requests` form says (its `api_key` is checked first, by `apiKey(in:)`).
    public struct Submission: Sendable, Equatable {
        public var report: ResidentReport
        /// The answers to the category's attributes, by code (several for a multi-value list).
        public var answers: [String: [String]]
        public var contact: Contact
        public var mediaURL: String?
        /// The form without its `api_key`, in a canonical order: a retry of the same form has the same one.
        public var fingerprint: String
    }

    /// Who reported, as the form says; kept in intake only.
    public struct Contact: Sendable, Equatable, Codable {
        public var email, phone, firstName, lastName, deviceID, accountID: String?
    }

    public static let maximumMediaURL = 2048

    /// The city's categories, as `GET services` lists them.
    public static func services(of city: City) -> [Open311.Service] {
        city.categories.map { category in
            let group = category.isDispute ? "人民调解 (mediation)" : city.departments.first { $0.code == category.lead }?.name ?? ""
            return Open311.Service(serviceCode: category.code, serviceName: category.name,
                                   description: [category.name, category.english].compactMap { $0 }.joined(separator: " — "),
                                   metadata: !category.questions.isEmpty,
                                   keywords: [category.english, category.priority.rawValue].compactMap { $0 }.joined(separator: ","),
                                   group: group)
        }
    }

    /// `GET services/{code}`; 404 for a code the city does not have.
    public static func definition(of code: String, in city: City) throws(Open311.Error) -> Open311.ServiceDefinition {
        guard let category = city.category(code) else { throw notFound("service_code '\(code.prefix(40))' not found") }
        let attributes = category.questions.enumerated().map { index, attribute in
            Open311.Attribute(code: attribute.code, datatype: attribute.datatype.rawValue, required: attribute.isRequired,
                              datatypeDescription: datatypeDescription(attribute.datatype), order: index + 1, description: attribute.description,
                              values: attribute.values?.map { Open311.AttributeValue(key: $0.key, name: $0.name) })
        }
        return Open311.ServiceDefinition(serviceCode: category.code, attributes: attributes)
    }

    /// What a datatype asks for, in words, for `datatype_description`.
    static func datatypeDescription(_ datatype: City.AttributeType) -> String {
        switch datatype {
        case .number: "a number, such as 3 or 2.5"
        case .datetime: "a W3C date-time, such as 2026-11-26T09:30:00+08:00"
        case .singlevaluelist: "one of the values' keys"
        case .multivaluelist: "one or more of the values' keys (attribute[code][]=key, once per key)"
        case .string: "text, at most 500 characters"
        case .text: "text, at most 4,000 characters"
        }
    }

    /// Checks a posted form against the city, once its `api_key` has been checked.
    public static func submission(_ fields: [(name: String, value: String)], city: City) throws(Open311.Error) -> Submission {
        var single: [String: String] = [:]
        var answers: [String: [String]] = [:]
        for (name, value) in fields {
            if name.hasPrefix("attribute[") {
                guard let code = attributeCode(name) else { throw bad("field '\(name.prefix(60))' is not attribute[code] or attribute[code][]") }
                answers[code, default: []].append(value)
            } else if single.updateValue(value, forKey: name) != nil {
                throw bad("field '\(name.prefix(60))' is given twice")
            }
        }
        try checkJurisdiction(single["jurisdiction_id"], of: city)
        guard let code = single["service_code"], !code.isEmpty else { throw bad("service_code is required") }
        guard let category = city.category(code) else { throw notFound("service_code '\(code.prefix(40))' not found: see services.json") }
        let (latitude, longitude) = try coordinates(single["lat"], single["long"])
        let address = nonEmpty(single["address_string"]) ?? nonEmpty(single["address_id"])
        guard latitude != nil || address != nil else { throw bad("a location is required: lat and long, or address_string") }
        let description = nonEmpty(single["description"])
        guard (description?.count ?? 0) <= Triage.maximumDescription else {
            throw bad("description is longer than \(Triage.maximumDescription) characters")
        }
        try check(answers, against: category)
        let mediaURL = nonEmpty(single["media_url"])
        if let mediaURL, mediaURL.count > maximumMediaURL || !(mediaURL.hasPrefix("http://") || mediaURL.hasPrefix("https://")) {
            throw bad("media_url must be an http(s) URL of at most \(maximumMediaURL) characters")
        }
        let contact = try contact(single)
        let reporter = contact.accountID.flatMap { account in city.residents[id: account] == nil ? nil : account }
        let text = describe(description, answers, category)
        let report = ResidentReport(category: category.code, longitude: longitude, latitude: latitude, address: address,
                                    description: text, reporter: reporter, phone: contact.phone)
        let canonical = fields.filter { $0.name != "api_key" }.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: "\u{0}")
        return Submission(report: report, answers: answers, contact: contact, mediaURL: mediaURL, fingerprint: canonical)
    }

    /// An empty `jurisdiction_id` is as if none were given; another city's is 404.
    public static func checkJurisdiction(_ jurisdiction: String?, of city: City) throws(Open311.Error) {
        guard let jurisdiction, !jurisdiction.isEmpty, jurisdiction != city.district.code else { return }
        throw notFound("jurisdiction_id '\(jurisdiction.prefix(40))' not found: this server serves '\(city.district.code)' only")
    }

    /// The form's `api_key`, checked before anything else it says: 403 without one.
    public static func apiKey(in fields: [(name: String, value: String)]) throws(Open311.Error) -> String {
        guard let apiKey = fields.first(where: { $0.name == "api_key" })?.value, !apiKey.isEmpty else {
            throw Open311.Error(code: 403, description: "api_key is required")
        }
        return apiKey
    }

    /// The fields of an `application/x-www-form-urlencoded` body, in order.
    public static func fields(ofForm body: String) throws(Open311.Error) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw bad("the form is not valid application/x-www-form-urlencoded UTF-8 (field '\(parts[0].prefix(40))')")
            }
            fields.append((name, value))
        }
        return fields
    }

    public static func notFound(_ description: String) -> Open311.Error { Open311.Error(code: 404, description: description) }
    public static func bad(_ description: String) -> Open311.Error { Open311.Error(code: 400, description: description) }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    private static func attributeCode(_ name: String) -> String? {
        var inner = name.dropFirst("attribute[".count)
        if inner.hasSuffix("][]") { inner = inner.dropLast(3) } else if inner.hasSuffix("]") { inner = inner.dropLast() } else { return nil }
        return inner.isEmpty || inner.contains("[") || inner.contains("]") ? nil : String(inner)
    }

    private static func coordinates(_ lat: String?, _ long: String?) throws(Open311.Error) -> (Double?, Double?) {
        let (lat, long) = (nonEmpty(lat), nonEmpty(long))
        guard lat != nil || long != nil else { return (nil, nil) }
        guard let lat, let long else { throw bad("lat and long must be given together") }
        guard let latitude = Double(lat), latitude.isFinite, (-90...90).contains(latitude) else {
            throw bad("lat '\(lat.prefix(40))' is not a latitude in decimal degrees (WGS84, -90 to 90)")
        }
        guard let longitude = Double(long), longitude.isFinite, (-180...180).contains(longitude) else {
            throw bad("long '\(long.prefix(40))' is not a longitude in decimal degrees (WGS84, -180 to 180)")
        }
        return (latitude, longitude)
    }

    private static func check(_ answers: [String: [String]], against category: City.Category) throws(Open311.Error) {
        let questions = Dictionary(uniqueKeysWithValues: category.questions.map { ($0.code, $0) })
        for code in answers.keys.sorted() where questions[code] == nil {
            throw bad("attribute '\(code.prefix(40))' is not asked by service_code '\(category.code)'")
        }
        for attribute in category.questions {
            let given = (answers[attribute.code] ?? []).filter { !$0.isEmpty }
            if given.isEmpty {
                if attribute.isRequired { throw bad("attribute[\(attribute.code)] is required for service_code '\(category.code)'") }
                continue
            }
            if attribute.datatype != .multivaluelist, given.count > 1 { throw bad("attribute[\(attribute.code)] takes one value") }
            for value in given {
                switch attribute.datatype {
                case .number where Double(value)?.isFinite != true:
                    throw bad("attribute[\(attribute.code)] must be a number, not '\(value.prefix(40))'")
                case .datetime where (try? Date(value, strategy: .iso8601)) == nil:
                    throw bad("attribute[\(attribute.code)] must be a W3C date-time, not '\(value.prefix(40))'")
                case _ where attribute.datatype.isList && !(attribute.values ?? []).contains { $0.key == value }:
                    throw bad("attribute[\(attribute.code)] must be one of \((attribute.values ?? []).map(\.key)), not '\(value.prefix(40))'")
                case .string where value.count > 500, .text where value.count > 4000:
                    throw bad("attribute[\(attribute.code)] is too long")
                default: break
                }
            }
        }
    }

    private static func contact(_ single: [String: String]) throws(Open311.Error) -> Contact {
        let contact = Contact(email: nonEmpty(single["email"]), phone: nonEmpty(single["phone"]), firstName: nonEmpty(single["first_name"]),
                              lastName: nonEmpty(single["last_name"]), deviceID: nonEmpty(single["device_id"]),
                              accountID: nonEmpty(single["account_id"]))
        if let email = contact.email, email.count > 254 || !email.contains("@") { throw bad("email '\(email.prefix(60))' is not an e-mail address") }
        if let phone = contact.phone, !ContactMask.isPhoneNumber(phone) {
            throw bad("phone '\(phone.prefix(40))' is not a telephone number")
        }
        for (name, value) in [("first_name", contact.firstName), ("last_name", contact.lastName), ("device_id", contact.deviceID),
                              ("account_id", contact.accountID)] where (value?.count ?? 0) > 200 {
            throw bad("\(name) is longer than 200 characters")
        }
        return contact
    }

    /// The report's description: the reporter's words, then each answered attribute on its own line.
    private static func describe(_ description: String?, _ answers: [String: [String]], _ category: City.Category) -> String {
        var lines = [description ?? category.name]
        for attribute in category.questions {
            guard let given = answers[attribute.code]?.filter({ !$0.isEmpty }), !given.isEmpty else { continue }
            let shown = given.map { value in attribute.values?.first { $0.key == value }?.name ?? value }
            lines.append("\(attribute.description): \(shown.joined(separator: ", "))")
        }
        return String(lines.joined(separator: "\n").prefix(Triage.maximumDescription))
    }
}
