import Foundation
import Yams

extension City {
    /// The embedded demo city: one district, 2 streets, 4 communities, 12 grids in Pingliang.
    public static func demo() throws(CityError) -> City {
        guard let url = Bundle.module.url(forResource: "demo-city", withExtension: "yaml") else {
            throw .unreadable(path: "demo-city.yaml (embedded)", reason: "resource missing from the build")
        }
        return try load(path: url.path)
    }

    /// The city a service is configured with: the file when one is named, else the demo city.
    public static func configured(_ path: String?) throws(CityError) -> City {
        if let path { return try load(path: path) }
        return try demo()
    }

    /// Reads and validates a city file, with its residents file when it names one.
    public static func load(path: String) throws(CityError) -> City {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(yaml: text, path: path)
    }

    /// Reads and validates a city's YAML; a `residentsFile` it names is read beside `path`.
    public static func parse(yaml: String, path: String = "city") throws(CityError) -> City {
        var city: City
        do {
            city = try YAMLDecoder().decode(City.self, from: yaml)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalid(path: path, reason: "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.dataCorrupted(context), let DecodingError.typeMismatch(_, context),
                let DecodingError.valueNotFound(_, context) {
            throw .invalid(path: path, reason: "'\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)")
        } catch {
            throw .invalid(path: path, reason: "\(error)")
        }
        try city.addResidentsFile(besides: path)
        try city.validate()
        return city
    }
}

/// Why a city file was refused; says which entry is wrong.
public enum CityError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)
    case inconsistent(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "city file \(path) cannot be read: \(reason)"
        case .invalid(let path, let reason): "city file \(path) is invalid: \(reason)"
        case .inconsistent(let reason): "city is inconsistent: \(reason)"
        }
    }
}
