// What a record splitter yields, event by event, for the splitter tests (JSON record_splitter, CSV csv_splitter).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace starshift::testing {

// One event of a splitter: its kind, the record's (or the problem's) text and the line it starts on.
template <class Event>
struct split_record {
    Event kind;
    std::string text;
    std::uint64_t line;
    friend bool operator==(const split_record& a, const split_record& b) {
        return a.kind == b.kind && a.text == b.text && a.line == b.line;
    }
};

// For failure messages: "{kind, |text|, line N} " per event.
template <class Event>
std::ostream& operator<<(std::ostream& os, const std::vector<split_record<Event>>& v) {
    for (const auto& e : v) {
        os << "{" << static_cast<int>(e.kind) << ", |" << e.text << "|, line " << e.line << "} ";
    }
    return os;
}

struct after_nothing {
    template <class Splitter, class Event>
    void operator()(const Splitter& /*sp*/, Event /*e*/) const {}
};

// Every event of `sp` until its end event; `after(sp, event)` sees the splitter after each one.
template <class Splitter, class After = after_nothing>
auto split_all(Splitter& sp, After&& after = {}) {
    using event = decltype(sp.next());
    std::vector<split_record<event>> out;
    for (;;) {
        const event e = sp.next();
        if (e == event::end) {
            break;
        }
        out.push_back({e, std::string(sp.text()), sp.line()});
        after(sp, e);
    }
    return out;
}

}  // namespace starshift::testing
