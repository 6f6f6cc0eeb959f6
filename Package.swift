// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target: Swift 6 language mode (strict concurrency) and nothing silenced.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
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

let package = Package(
    name: "whistle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "whistle-bus", targets: ["WhistleBusMain"]),
        .executable(name: "whistle-intake", targets: ["WhistleIntakeMain"]),
        .executable(name: "whistle-dispatch", targets: ["WhistleDispatchMain"]),
        .executable(name: "whistle-mediation", targets: ["WhistleMediationMain"]),
        .executable(name: "whistle-notification", targets: ["WhistleNotificationMain"]),
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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: Shared modules
        .systemLibrary(
            name: "CZeroMQ", path: "Shared/CZeroMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], path: "Shared/ZeroMQ", swiftSettings: swiftSettings),
        .target(name: "StoreKit", dependencies: [grdb, log], path: "Shared/StoreKit", swiftSettings: swiftSettings),
        .target(
            name: "Messaging", dependencies: ["ZeroMQ", "StoreKit", "ServiceKit", grdb, log, metrics, lifecycle],
            path: "Shared/Messaging", swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceKit", dependencies: ["ZeroMQ", log, lifecycle, yams, argumentParser, metrics, hummingbird, prometheus],
            path: "Shared/ServiceKit", swiftSettings: swiftSettings
        ),
        .target(
            name: "CityModel", dependencies: ["Messaging", yams], path: "Shared/CityModel",
            resources: [.copy("Resources/demo-city.yaml")], swiftSettings: swiftSettings
        ),
        .target(name: "TestKit", dependencies: [], path: "Shared/TestKit", swiftSettings: swiftSettings),

        // MARK: Services
        .target(
            name: "WhistleBus", dependencies: ["ZeroMQ", "ServiceKit", log, lifecycle],
            path: "Services/Bus/Library", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleBusMain", dependencies: ["WhistleBus", "ServiceKit", argumentParser, lifecycle, log],
            path: "Services/Bus/Executable", swiftSettings: swiftSettings
        ),

        .target(
            name: "WhistleIntake",
            dependencies: ["Messaging", "StoreKit", "ServiceKit", "CityModel", "ZeroMQ", grdb, log, lifecycle],
            path: "Services/Intake/Library", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleIntakeMain", dependencies: ["WhistleIntake", "ServiceKit", argumentParser, lifecycle, log],
            path: "Services/Intake/Executable", swiftSettings: swiftSettings
        ),

        .target(
            name: "WhistleDispatch",
            dependencies: ["Messaging", "StoreKit", "ServiceKit", "CityModel", "ZeroMQ", grdb, log, lifecycle],
            path: "Services/Dispatch/Library", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleDispatchMain", dependencies: ["WhistleDispatch", "ServiceKit", argumentParser, lifecycle, log],
            path: "Services/Dispatch/Executable", swiftSettings: swiftSettings
        ),

        .target(
            name: "WhistleMediation",
            dependencies: ["Messaging", "StoreKit", "ServiceKit", "CityModel", "ZeroMQ", grdb, log, lifecycle],
            path: "Services/Mediation/Library", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleMediationMain", dependencies: ["WhistleMediation", "ServiceKit", argumentParser, lifecycle, log],
            path: "Services/Mediation/Executable", swiftSettings: swiftSettings
        ),

        .target(
            name: "WhistleNotification",
            dependencies: ["Messaging", "StoreKit", "ServiceKit", "CityModel", "ZeroMQ", grdb, log, lifecycle, httpClient, mustache],
            path: "Services/Notification/Library", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleNotificationMain", dependencies: ["WhistleNotification", "ServiceKit", argumentParser, lifecycle, log],
            path: "Services/Notification/Executable", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleCLI", dependencies: ["Messaging", "ServiceKit", "ZeroMQ", argumentParser, httpClient, .product(name: "NIOFoundationCompat", package: "swift-nio")],
            path: "Services/CLI", swiftSettings: swiftSettings
        ),

        // MARK: Test fixtures and benchmarks
        .executableTarget(
            name: "DeliveryProbe",
            dependencies: ["Messaging", "ServiceKit", "StoreKit", "ZeroMQ", argumentParser, lifecycle, log, grdb],
            path: "Tests/Fixtures/DeliveryProbe", swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "WhistleBench",
            dependencies: ["Messaging", "StoreKit", "ZeroMQ", "WhistleBus", "ServiceKit", argumentParser, log, grdb],
            path: "Tests/Bench", swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "TestKit"], path: "Tests/ZeroMQTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "MessagingTests", dependencies: ["Messaging", "StoreKit", "ZeroMQ", "TestKit", grdb, log],
            path: "Tests/MessagingTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceKitTests", dependencies: ["ServiceKit", "TestKit"],
            path: "Tests/ServiceKitTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CityModelTests", dependencies: ["CityModel", "Messaging"],
            path: "Tests/CityModelTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeTests",
            dependencies: ["WhistleIntake", "WhistleBus", "CityModel", "Messaging", "ServiceKit", "StoreKit", "TestKit", "ZeroMQ", grdb, log],
            path: "Tests/IntakeTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DispatchTests",
            dependencies: ["WhistleDispatch", "WhistleIntake", "WhistleMediation", "WhistleBus", "CityModel", "Messaging", "ServiceKit", "StoreKit", "TestKit", "ZeroMQ", grdb, log],
            path: "Tests/DispatchTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotificationTests", dependencies: ["WhistleNotification", "CityModel", "Messaging"],
            path: "Tests/NotificationTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeliveryTests", dependencies: ["TestKit", "ZeroMQ", grdb],
            path: "Tests/DeliveryTests", swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
