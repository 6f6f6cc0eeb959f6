// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target: Swift 6 language mode (strict concurrency) and nothing silenced.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let nio = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioHTTP = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let nioFoundation = Target.Dependency.product(name: "NIOFoundationCompat", package: "swift-nio")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let xmlCoder = Target.Dependency.product(name: "XMLCoder", package: "XMLCoder")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let bcrypt = Target.Dependency.product(name: "HummingbirdBcrypt", package: "hummingbird-auth")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")

/// A service, in three targets the compiler keeps apart. Its **domain** (`Services/<Name>/Library/Domain`)
/// decides: it sees only the contracts, the city and the clock's types (and `domain`, pure libraries it
/// needs) — a domain file that imports GRDB, ZeroMQ, Messaging or ServiceKit does not build. Its
/// **library** (`Services/<Name>/Library`: store and transport) records and wires: `library` is what it
/// imports. Its tiny `@main` runs it.
func service(_ name: String, domain: [Target.Dependency] = [], library: [Target.Dependency]) -> [Target] {
    [
        .target(name: "Whistle\(name)Domain", dependencies: ["Contracts", "CityModel", "Timekeeping"] + domain,
                path: "Services/\(name)/Library/Domain", swiftSettings: swiftSettings),
        .target(name: "Whistle\(name)", dependencies: [.target(name: "Whistle\(name)Domain")] + library, path: "Services/\(name)/Library",
                exclude: ["Domain"], swiftSettings: swiftSettings),
        .executableTarget(name: "Whistle\(name)Main", dependencies: [.target(name: "Whistle\(name)"), "ServiceKit"],
                          path: "Services/\(name)/Executable", swiftSettings: swiftSettings),
    ]
}

/// What a store-owning service's library stands on.
let serviceLibrary: [Target.Dependency] = ["Contracts", "Envelope", "Messaging", "StoreKit", "ServiceKit", "CityModel", "Timekeeping", "Credentials", grdb, log]

/// A test target: its folder under `Tests/` and what it imports.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, path: "Tests/\(name)", swiftSettings: swiftSettings)
}

let package = Package(
    name: "whistle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "whistle-bus", targets: ["WhistleBusMain"]),
        .executable(name: "whistle-intake", targets: ["WhistleIntakeMain"]),
        .executable(name: "whistle-dispatch", targets: ["WhistleDispatchMain"]),
        .executable(name: "whistle-mediation", targets: ["WhistleMediationMain"]),
        .executable(name: "whistle-notification", targets: ["WhistleNotificationMain"]),
        .executable(name: "whistle-console", targets: ["WhistleConsoleMain"]),
        .executable(name: "whistle", targets: ["WhistleCLI"]),
        .executable(name: "delivery-probe", targets: ["DeliveryProbe"]),
        .executable(name: "whistle-bench", targets: ["WhistleBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // MARK: Shared modules, lowest first
        .systemLibrary(
            name: "CZeroMQ", path: "Shared/CZeroMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], path: "Shared/ZeroMQ", swiftSettings: swiftSettings),
        .target(name: "Envelope", path: "Shared/Envelope", swiftSettings: swiftSettings),
        .target(name: "Contracts", dependencies: ["Envelope"], path: "Shared/Contracts", swiftSettings: swiftSettings),
        .target(name: "Timekeeping", path: "Shared/Timekeeping", swiftSettings: swiftSettings),
        .target(name: "Credentials", dependencies: ["ZeroMQ", crypto], path: "Shared/Credentials",
                swiftSettings: swiftSettings),
        .target(
            name: "CityModel", dependencies: ["Contracts", "Timekeeping", yams, .product(name: "CSV", package: "CSV.swift")], path: "Shared/CityModel",
            resources: [.copy("Resources/demo-city.yaml")], swiftSettings: swiftSettings
        ),
        .target(name: "Sheets", dependencies: ["Contracts", .product(name: "CSV", package: "CSV.swift")], path: "Shared/Sheets", swiftSettings: swiftSettings),
        .target(name: "StoreKit", dependencies: [grdb, log], path: "Shared/StoreKit", swiftSettings: swiftSettings),
        .target(
            name: "Messaging", dependencies: ["Envelope", "ZeroMQ", "StoreKit", "Credentials", "Timekeeping", grdb, log, metrics, lifecycle, unixSignals],
            path: "Shared/Messaging", swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceKit",
            dependencies: ["Messaging", "Credentials", "Envelope", "Contracts", "StoreKit", "Timekeeping", "ZeroMQ", grdb, log, lifecycle, unixSignals,
                           yams, argumentParser, metrics, hummingbird, prometheus, nio, httpTypes, httpClient, nioHTTP, nioFoundation],
            path: "Shared/ServiceKit", swiftSettings: swiftSettings
        ),
        .target(name: "TestKit", path: "Shared/TestKit/Processes", swiftSettings: swiftSettings),

        // MARK: Services
        .target(
            name: "WhistleBus", dependencies: ["Messaging", "ServiceKit", "ZeroMQ", "Credentials", "Envelope", log, lifecycle],
            path: "Services/Bus/Library", swiftSettings: swiftSettings
        ),
        .executableTarget(name: "WhistleBusMain", dependencies: ["WhistleBus", "ServiceKit"], path: "Services/Bus/Executable",
                          swiftSettings: swiftSettings),
    ] + service("Intake", library: serviceLibrary + ["ZeroMQ", hummingbird, xmlCoder, nio, httpTypes, lifecycle])
      + service("Dispatch", library: serviceLibrary)
      + service("Mediation", library: serviceLibrary + [mustache])
      + service("Notification", domain: [mustache], library: serviceLibrary + [httpClient, nio, nioHTTP, nioPosix, nioSSL, lifecycle, crypto, metrics])
      + service("Console", library: serviceLibrary + ["Sheets", hummingbird, bcrypt, mustache, nio, nioPosix, httpTypes, httpClient, lifecycle, crypto]) + [
        // The CLI talks to the suite (ZeroMQ requests, HTTP reads); it links no server.
        .executableTarget(
            name: "WhistleCLI",
            dependencies: ["Contracts", "Envelope", "Messaging", "ZeroMQ", "Credentials", "CityModel", "Sheets", "Timekeeping", argumentParser, httpClient, nio, yams,
                           nioHTTP, nioFoundation,
                           .product(name: "CSV", package: "CSV.swift")],
            path: "Services/CLI", swiftSettings: swiftSettings
        ),

        // MARK: The in-process suite every service's tests start
        .target(
            name: "SuiteTestKit",
            dependencies: ["TestKit", "WhistleBus", "WhistleIntake", "WhistleDispatch", "WhistleMediation", "WhistleNotification",
                           "Contracts", "Envelope", "Messaging", "ServiceKit", "StoreKit", "CityModel", "Timekeeping", "ZeroMQ", grdb, log,
                           lifecycle],
            path: "Shared/TestKit/Suite", swiftSettings: swiftSettings
        ),

        // MARK: Test fixtures and benchmarks
        .executableTarget(
            name: "DeliveryProbe",
            dependencies: ["Envelope", "Messaging", "ServiceKit", "StoreKit", "ZeroMQ", argumentParser, lifecycle, log, grdb],
            path: "Tests/Fixtures/DeliveryProbe", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleBench",
            dependencies: ["Envelope", "Messaging", "StoreKit", "ZeroMQ", "WhistleBus", "ServiceKit", "WhistleDispatch", "SuiteTestKit", "Contracts",
                           "Credentials", "WhistleIntake", "WhistleNotification", "WhistleConsole", "TestKit", httpClient, nio, nioHTTP, hummingbird, lifecycle,
                           "CityModel", "Timekeeping", argumentParser, log, grdb],
            path: "Tests/Bench", swiftSettings: swiftSettings
        ),

        // MARK: Tests
        tests("ZeroMQTests", ["ZeroMQ", "TestKit"]),
        tests("TimekeepingTests", ["Timekeeping"]),
        tests("EnvelopeTests", ["Envelope", "Contracts"]),
        tests("MessagingTests", ["Messaging", "Envelope", "StoreKit", "ZeroMQ", "TestKit", grdb, log]),
        tests("ServiceKitTests", ["ServiceKit", "TestKit", "Credentials", "Contracts", "Envelope", "Messaging", "StoreKit", "Timekeeping", grdb, log]),
        tests("CityModelTests", ["CityModel", "Contracts"]),
        tests("ContractsTests", ["Contracts", "Envelope", "TestKit"]),
        tests("IntakeTests", ["WhistleIntake", "SuiteTestKit", "TestKit", "Contracts", "Envelope", "CityModel", "Timekeeping",
                              "StoreKit", "Messaging", "ServiceKit", "ZeroMQ", grdb, log]),
        tests("DispatchTests", ["WhistleDispatch", "SuiteTestKit", "TestKit", "Contracts", "Envelope", "CityModel", "Timekeeping",
                                "StoreKit", "Messaging", "ServiceKit", "ZeroMQ", grdb, log]),
        tests("MediationTests", ["WhistleMediation", "WhistleDispatch", "SuiteTestKit", "TestKit", "Contracts", "Envelope", "CityModel", "Timekeeping",
                                 "StoreKit", "Messaging", "ServiceKit", "ZeroMQ", grdb, log]),
        tests("NotificationTests", ["WhistleNotification", "WhistleNotificationDomain", "SuiteTestKit", "TestKit", "Contracts", "Envelope", "CityModel", "Credentials",
                                    "Timekeeping", "StoreKit", "Messaging", "ServiceKit", "ZeroMQ", grdb, log]),
        tests("ConsoleTests", ["WhistleConsole", "WhistleConsoleDomain", "TestKit", "Contracts", "CityModel", "Credentials", "Timekeeping", "Messaging", "StoreKit", grdb, log]),
        tests("DeliveryTests", ["TestKit", "ZeroMQ", "Messaging", grdb]),
    ],
    swiftLanguageModes: [.v6]
)
