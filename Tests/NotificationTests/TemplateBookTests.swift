import CityModel
import Contracts
import Foundation
import Testing
@testable import WhistleNotificationDomain

@Suite("Templates: kind × language × channel, operators' over the built-in, checked before anything starts")
struct TemplateBookTests {
    @Test("every kind has a Chinese and an English text naming only what the kind carries; nothing is HTML-escaped")
    func builtIn() throws {
        let book = try TemplateBook()
        #expect(Set(book.variables.keys) == Set(NotificationKind.allCases))
        #expect(book.variables[.taskAssigned] == ["case", "task", "categoryName", "place", "role", "deadlines"])
        #expect(book.variables[.voteOpened]?.contains("proposal") == true && book.variables[.digest] == ["time", "count", "red", "yellow", "items"])
        #expect(book.render(.taskWithdrawn, .zhCN, .sms, ["task": "t-1", "case": "c-1", "reason": "<转交> & \"改派\""])
                == "任务 t-1（案件 c-1）已不再由您办理：<转交> & \"改派\"。")
        #expect(book.render(.received, .en, .email, ["case": "c-1", "categoryName": "垃圾堆放"]) == "Your report of 垃圾堆放 was received: case c-1.")
    }

    @Test("an operator's template replaces the built-in on its channel (or every channel) in its language; the rest keep theirs")
    func overrides() throws {
        let book = try TemplateBook(overrides: ["received": ["zh-CN": ["sms": "已受理 {{case}}"], "en": ["default": "Got it: {{case}} ({{categoryName}})"]]])
        let context = ["case": "c-1", "categoryName": "垃圾堆放"]
        #expect(book.render(.received, .zhCN, .sms, context) == "已受理 c-1")
        #expect(book.render(.received, .zhCN, .inbox, context) == "您报告的垃圾堆放问题已受理，案件编号 c-1。")
        #expect(book.render(.received, .en, .webhook, context) == "Got it: c-1 (垃圾堆放)" && book.render(.received, .en, .sms, context) == "Got it: c-1 (垃圾堆放)")
    }

    @Test("a template naming what its kind does not carry, an unknown kind, language or channel, or one that does not parse: the key is named")
    func faults() {
        func fault(_ overrides: [String: [String: [String: String]]]) -> TemplateBook.Fault? {
            do { _ = try TemplateBook(overrides: overrides); return nil } catch { return error }
        }
        let unknown = fault(["task-assigned": ["en": ["sms": "Task {{task}} for {{reporterPhone}}"]]])
        #expect(unknown?.key == "notification.templates.task-assigned.en.sms")
        #expect(unknown?.reason.hasPrefix("the template names {{reporterPhone}}, which a task-assigned notice does not carry (it carries: case, categoryName, deadlines") == true)
        #expect(fault(["received": ["en": ["default": "{{#case}}{{phone}}{{/case}}"]]])?.reason.contains("{{phone}}") == true, "in a section too")
        #expect(fault(["received": ["en": ["default": "{{^case}}{{phone}}{{/case}}"]]])?.reason.contains("{{phone}}") == true, "in an inverted section too")
        #expect(fault(["recieved": ["en": ["default": "x"]]])?.key == "notification.templates.recieved")
        #expect(fault(["received": ["fr": ["default": "x"]]])?.reason == "'fr' is not a language (zh-CN, en)")
        #expect(fault(["received": ["en": ["fax": "x"]]])?.key == "notification.templates.received.en.fax")
        #expect(fault(["received": ["en": ["default": "{{#case}}open"]]])?.reason.hasPrefix("the template does not parse") == true)
    }

    @Test("a recipient who chose English hears in English on every channel; a mail subject says it in English too")
    func english() throws {
        let announcer = Announcer(city: try City.demo(), book: try TemplateBook())
        let report = CaseReported(caseID: "intake-1-7", category: "ljdf", categoryName: "垃圾堆放", priority: .normal, level: .grid, dispute: false,
                                  location: GridLocation(street: "s01", community: "c01", grid: "g01"), description: "d", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-002")
        let notice = try #require(announcer.notice(for: report))
        let made = DeliveryDesk.deliveries(of: notice, followers: ["r-001"], addresses: Addressbook(webhooks: ["r-002": "http://127.0.0.1:9/a"]),
                                           preferences: ["r-002": Preferences(language: .en)], critical: false, event: "/s#1", now: Date(timeIntervalSince1970: 0))
        #expect(made.map { "\($0.recipient) \($0.channel) \($0.language)" } == ["r-002 inbox en", "r-002 webhook en", "r-001 inbox zhCN"])
        #expect(made[1].text == "Your report of Garbage piling was received: case intake-1-7." && made[2].text == "您报告的垃圾堆放问题已受理，案件编号 intake-1-7。")
        #expect(MailMessage.subject(.received, about: .case("intake-1-7"), language: .en) == "[Whistle] Case intake-1-7 received")
        #expect(MailMessage.subject(.digest, about: .digest, language: .zhCN) == "【吹哨】待办汇总")
    }
}
