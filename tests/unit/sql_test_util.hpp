// Test helpers for the sql layer: exact string comparison that shows whitespace on failure.
#pragma once

#include <doctest/doctest.h>

#include <string>

// On mismatch prints
//   Expected: -->|…|<--
//   Actual:   -->|…|<--
#define SQL_CHECK_EQ(actual_expr, expected_expr)                                                                   \
    do {                                                                                                          \
        const std::string sql_actual_ = (actual_expr);                                                             \
        const std::string sql_expected_ = (expected_expr);                                                         \
        CHECK_MESSAGE(sql_actual_ == sql_expected_, "\nExpected: -->|" << sql_expected_ << "|<--\nActual:   -->|" \
                                                                       << sql_actual_ << "|<--");                \
    } while (false)

// Checks that `statement` throws starshift::sql::sql_error with the given id (without brackets).
#define SQL_CHECK_THROWS_ID(statement, expected_id)                                          \
    do {                                                                                     \
        bool sql_thrown_ = false;                                                            \
        try {                                                                                \
            static_cast<void>(statement);                                                    \
        } catch (const starshift::sql::sql_error& sql_e_) {                                  \
            sql_thrown_ = true;                                                              \
            CHECK(sql_e_.id() == std::string(expected_id));                                  \
            CHECK(std::string(sql_e_.what()).rfind("[" + std::string(expected_id) + "]", 0) == 0); \
        }                                                                                    \
        CHECK_MESSAGE(sql_thrown_, "expected sql_error " << (expected_id));                  \
    } while (false)
