/// A closed set of string values in a contract (`lead`/`assist`, `acknowledge`/`complete` …). Decoding
/// an unknown value names the allowed ones, and the JSON Schema lists them as an `enum`.
public protocol ContractEnum: CaseIterable, Codable, Sendable, RawRepresentable where RawValue == String {}

extension ContractEnum {
    /// The allowed values, in declaration order.
    public static var allowedValues: [String] { allCases.map(\.rawValue) }

    /// Decodes one of the allowed values, or says which they are.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of \(Self.allowedValues.joined(separator: ", "))")
        }
        self = value
    }
}
