// Links starshift::db (and through it libpqxx) without needing a server.
#include <iostream>

#include <starshift/load/connection.hpp>

int main() {
    std::cout << starshift::load::mask_connection_string("postgresql://alice:secret@example.invalid/dev") << '\n';
    return 0;
}
