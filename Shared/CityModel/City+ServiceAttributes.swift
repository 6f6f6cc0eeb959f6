extension City {
    /// A question a category asks of whoever reports it (Open311's service definition attributes):
    ///
    ///     attributes:
    ///       - {code: floor, datatype: number, required: true, description: 楼层 (floor)}
    ///       - {code: when, datatype: singlevaluelist, description: 时段 (time of day),
    ///          values: [{key: day, name: 白天 (day)}, {key: night, name: 夜间 (night)}]}
    public struct Attribute: Sendable, Codable, Equatable {
        public var code: String
        public var datatype: AttributeType
        public var required: Bool?
        public var description: String
        public var values: [AttributeValue]?

        public var isRequired: Bool { required ?? false }
    }

    /// Open311's attribute data types.
    public enum AttributeType: String, Sendable, Codable, CaseIterable {
        case string, number, datetime, text, singlevaluelist, multivaluelist

        /// A list type: its answers must be among the attribute's values.
        public var isList: Bool { self == .singlevaluelist || self == .multivaluelist }
    }

    /// One allowed answer of a list attribute.
    public struct AttributeValue: Sendable, Codable, Equatable {
        public var key: String
        public var name: String
    }
}

extension City.Category {
    /// The category's attributes, in order (none when it asks nothing).
    public var questions: [City.Attribute] { attributes ?? [] }

    /// Checks the attributes: codes unique and usable in a form field, list types with values.
    func validateAttributes() throws(CityError) {
        var seen: Set<String> = []
        for attribute in questions {
            guard !attribute.code.isEmpty, attribute.code.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x5B && $0 != 0x5D && $0 > 0x20 }) else {
                throw .inconsistent("category \(code) has an attribute code '\(attribute.code)' that cannot be a form field name")
            }
            guard seen.insert(attribute.code).inserted else { throw .inconsistent("category \(code) asks attribute '\(attribute.code)' twice") }
            if attribute.datatype.isList, attribute.values?.isEmpty ?? true {
                throw .inconsistent("attribute \(attribute.code) of category \(code) is a \(attribute.datatype.rawValue) without values")
            }
        }
    }
}
