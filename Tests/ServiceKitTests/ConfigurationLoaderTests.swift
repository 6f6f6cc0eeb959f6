import Foundation
import Testing
import TestKit
@testable import ServiceKit

struct SampleConfiguration: ServiceConfiguration, Equatable {
    struct Bus: Codable, Equatable { var publish: String; var subscribe: String }
    var bus: Bus
    var batchSize: Int
    var verbose: Bool?

    func validate() throws(ConfigurationError) {
        guard batchSize > 0 else { throw .invalid(key: "batchSize", reason: "must be positive") }
    }
}

@Suite("Configuration: one YAML file plus environment overrides")
struct ConfigurationLoaderTests {
    func file(_ text: String) throws -> String {
        let directory = try TemporaryDirectory("config")
        let path = directory.path("whistle.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("environment variables override nested keys, typed as YAML scalars")
    func overrides() throws {
        let path = try file("bus:\n  publish: tcp://a:1\n  subscribe: tcp://a:2\nbatchSize: 10\n")
        let loader = ConfigurationLoader(environment: [
            "WHISTLE_BUS__PUBLISH": "tcp://b:1", "WHISTLE_BATCH_SIZE": "25", "WHISTLE_VERBOSE": "true", "OTHER": "x",
        ])
        let configuration = try loader.load(SampleConfiguration.self, file: path)
        #expect(configuration == SampleConfiguration(bus: .init(publish: "tcp://b:1", subscribe: "tcp://a:2"), batchSize: 25, verbose: true))
    }

    @Test("a missing key names the key and its environment variable")
    func missingKey() throws {
        let loader = ConfigurationLoader(environment: ["WHISTLE_BATCH_SIZE": "1", "WHISTLE_BUS__PUBLISH": "tcp://a:1"])
        #expect(throws: ConfigurationError.missing(key: "bus.subscribe", environment: "WHISTLE_BUS__SUBSCRIBE")) {
            try loader.load(SampleConfiguration.self, file: nil)
        }
    }

    @Test("wrong types, bad YAML and failed validation are refused with a clear message")
    func refusals() throws {
        let loader = ConfigurationLoader(environment: [:])
        let wrongType = try file("bus: {publish: a, subscribe: b}\nbatchSize: many\n")
        #expect { try loader.load(SampleConfiguration.self, file: wrongType) } throws: { error in
            "\(error)".contains("'batchSize' is invalid")
        }
        let badYAML = try file("bus: [unclosed\n")
        #expect { try loader.load(SampleConfiguration.self, file: badYAML) } throws: { error in
            "\(error)".contains("is not valid YAML")
        }
        let invalid = try file("bus: {publish: a, subscribe: b}\nbatchSize: 0\n")
        #expect(throws: ConfigurationError.invalid(key: "batchSize", reason: "must be positive")) {
            try loader.load(SampleConfiguration.self, file: invalid)
        }
        #expect { try loader.load(SampleConfiguration.self, file: "/nonexistent.yaml") } throws: { error in
            "\(error)".contains("cannot read /nonexistent.yaml")
        }
    }
}
