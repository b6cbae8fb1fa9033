#include "starshift/io/object_store.hpp"

namespace starshift::io {

namespace {
std::string make_message(const std::string& id, std::string_view object, std::string_view detail) {
    std::string m = "[" + id + "] ";
    m.append(object);
    m += ": ";
    m.append(detail);
    return m;
}
}  // namespace

io_error::io_error(std::string id, std::string_view object, std::string_view detail)
    : std::runtime_error(make_message(id, object, detail)), id_(std::move(id)) {}

}  // namespace starshift::io
