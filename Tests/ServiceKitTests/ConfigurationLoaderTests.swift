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

/// A service section for the tests: one address and one number, with defaults.
struct SampleOptions: ServiceOptions {
    static let section = "sample"
    var commands = "tcp://127.0.0.1:7300"
    var limit = 30.0

    init() {}

    func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: commands, key: "sample.commands")
        guard limit > 0 else { throw .invalid(key: "sample.limit", reason: "must be positive") }
    }
}

@Suite("Service settings: the shared block, defaults stated once")
struct ServiceSettingsTests {
    @Test("with nothing configured every key has its default; the section's defaults are its own")
    func defaults() throws {
        let settings = try ConfigurationLoader(environment: [:]).load(ServiceSettings<SampleOptions>.self, file: nil)
        #expect(settings.buses == [BusAddresses(publish: "tcp://127.0.0.1:7100", subscribe: "tcp://127.0.0.1:7101")])
        #expect(settings.name == "sample-1" && settings.dataDirectory == "data/sample" && settings.replay == "tcp://127.0.0.1:*")
        #expect(settings.http == "127.0.0.1:0" && settings.logLevel == "info" && settings.city == nil && settings.advertise == "127.0.0.1")
        #expect(settings.options.commands == "tcp://127.0.0.1:7300" && settings.options.limit == 30)
    }

    @Test("one key of a section can be set alone; the rest keep their defaults")
    func partialSection() throws {
        let loader = ConfigurationLoader(environment: ["WHISTLE_SAMPLE__LIMIT": "5", "WHISTLE_NAME": "sample-s02"])
        let settings = try loader.load(ServiceSettings<SampleOptions>.self, file: nil)
        #expect(settings.options.limit == 5 && settings.options.commands == "tcp://127.0.0.1:7300" && settings.name == "sample-s02")
    }

    @Test("bus may list redundant buses: every one is used, in order")
    func redundantBuses() throws {
        let two = "[{publish: 'tcp://a:7100', subscribe: 'tcp://a:7101'}, {publish: 'tcp://b:7100', subscribe: 'tcp://b:7101'}]"
        let settings = try ConfigurationLoader(environment: ["WHISTLE_BUS": two]).load(ServiceSettings<SampleOptions>.self, file: nil)
        #expect(settings.buses == [BusAddresses(publish: "tcp://a:7100", subscribe: "tcp://a:7101"),
                                   BusAddresses(publish: "tcp://b:7100", subscribe: "tcp://b:7101")])
    }

    @Test("a list of buses is refused naming the entry: none, one named twice, one incomplete", arguments: [
        ("[]", "'bus' is invalid: name at least one bus"),
        ("[{publish: 'tcp://a:1', subscribe: 'tcp://a:2'}, {publish: 'tcp://a:1', subscribe: 'tcp://b:2'}]",
         "'bus[1].publish' is invalid: 'tcp://a:1' is named twice"),
        ("[{publish: 'tcp://a:1', subscribe: 'tcp://a:2'}, {publish: 'tcp://b:1', subscribe: 'b:2'}]", "'bus[1].subscribe' is invalid"),
        ("[{publish: 'tcp://a:1', subscribe: 'tcp://a:2'}, {publish: 'tcp://b:1'}]", "'bus[1].subscribe' is required (set it in the file or WHISTLE_BUS)"),
    ])
    func redundantBusRefusals(list: String, message: String) {
        #expect { try ConfigurationLoader(environment: ["WHISTLE_BUS": list]).load(ServiceSettings<SampleOptions>.self, file: nil) } throws: {
            "\($0)".contains(message)
        }
    }

    @Test("invalid values are refused naming the key", arguments: [
        ("WHISTLE_NAME", "Dispatch One", "'name' is invalid"),
        ("WHISTLE_SAMPLE__LIMIT", "0", "'sample.limit' is invalid: must be positive"),
        ("WHISTLE_SAMPLE__COMMANDS", "localhost:7300", "'sample.commands' is invalid"),
        ("WHISTLE_HTTP", "8081", "'http' is invalid"),
        ("WHISTLE_LOG_LEVEL", "loud", "'logLevel' is invalid"),
    ])
    func refusals(variable: String, value: String, message: String) {
        #expect { try ConfigurationLoader(environment: [variable: value]).load(ServiceSettings<SampleOptions>.self, file: nil) } throws: {
            "\($0)".contains(message)
        }
    }
}
