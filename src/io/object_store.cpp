#include "starshift/io/object_store.hpp"

namespace starshift::io {

io_error::io_error(std::string id, std::string_view object, std::string_view detail)
    : error(std::move(id), std::string(object) + ": " + std::string(detail)) {}

}  // namespace starshift::io
