#include "starshift/copy/reject.hpp"

namespace starshift::copy {

std::string_view cut_utf8(std::string_view s, std::size_t max_bytes) noexcept {
    if (s.size() <= max_bytes) {
        return s;
    }
    std::size_t n = max_bytes;
    // back off continuation bytes so a multi-byte sequence is not split
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) {
        --n;
    }
    return s.substr(0, n);
}

std::string reject::describe() const {
    std::string d = file + ":" + std::to_string(line);
    if (!column.empty()) {
        d += " column " + column;
    }
    d += ": " + reason + " (code " + std::to_string(code) + ")";
    if (!raw_value.empty()) {
        d += " value '" + std::string(cut_utf8(raw_value, 80)) + "'";
    }
    return d;
}

namespace {
std::string make_message(const std::string& id, std::string_view detail, const std::vector<reject>& rejects) {
    std::string m = "[" + id + "] ";
    m.append(detail);
    const std::size_t shown = rejects.size() < 3 ? rejects.size() : 3;
    for (std::size_t i = 0; i < shown; ++i) {
        m += "\n  " + rejects[i].describe();
    }
    if (rejects.size() > shown) {
        m += "\n  …";
    }
    return m;
}
}  // namespace

load_error::load_error(std::string id, std::string_view detail, std::vector<reject> rejects)
    : error(formatted{}, id, make_message(id, detail, rejects)), rejects_(std::move(rejects)) {}

}  // namespace starshift::copy
